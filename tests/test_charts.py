"""Charts checked for what they show (points, markers, labels, notes), not for pixels."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from bot.charts import (
    MAX_CRITIC_ROWS,
    AgreementSpec,
    MatrixSpec,
    ScoresSpec,
    agreement_chart,
    agreement_spec,
    fit_range,
    matrix_chart,
    scores_chart,
    scores_spec,
)
from tests.conftest import CORPUS, Chat
from tests.test_cli import run


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([8.75, 10.0], (6.0, 10.0)),  # critics at 9-10: the axis starts at 6, not 0
        ([], (0.0, 10.0)),
        ([2.0, 9.0], (1.0, 10.0)),
        ([0.0, 0.5], (0.0, 4.0)),
        ([5.0], (3.0, 7.0)),
    ],
)
def test_range_fits_the_data(values: list[float], expected: tuple[float, float]) -> None:
    assert fit_range(values) == expected


def test_scores_spec_labels_each_critic_and_marks_the_club() -> None:
    spec = scores_spec(
        "Her (2013)",
        [("Ann Critic", 9.0), ("Bo Reviewer", 10.0), ("Cat", 8.75)],
        [(7.5, 1), (9.0, 2)],
        [("IMDb", 7.9)],
        club_mean=8.5,
        club_median=9.0,
    )
    assert spec.rows == ("Bo Reviewer", "Ann Critic", "Cat", "Club (3)")
    critics = [(p.row, p.value) for p in spec.points if p.row != "Club (3)"]
    assert critics == [("Bo Reviewer", 10.0), ("Ann Critic", 9.0), ("Cat", 8.75)]
    club = [(p.value, p.count) for p in spec.points if p.row == "Club (3)"]
    assert club == [(7.5, 1), (9.0, 2)]
    assert [(m.kind, m.value) for m in spec.markers] == [("mean", 8.5), ("median", 9.0)]
    assert [(r.label, r.value) for r in spec.references] == [("IMDb", 7.9)]
    assert spec.x_range == (6.0, 10.0)
    assert spec.notes == ()
    chart = scores_chart(
        "Her (2013)",
        [("Ann Critic", 9.0), ("Bo Reviewer", 10.0), ("Cat", 8.75)],
        [(7.5, 1), (9.0, 2)],
        [("IMDb", 7.9)],
        8.5,
        9.0,
    )
    assert isinstance(chart.spec, ScoresSpec)
    assert png_size(chart.png) == chart.spec.size_px
    assert chart.spec.size_px[0] == 640
    assert "Critics: Bo Reviewer 10, Ann Critic 9, Cat 8.75." in chart.alt
    assert "Club: 3 ratings, mean 8.5, median 9." in chart.alt
    assert "Audience: IMDb 7.9." in chart.alt
    lines = chart.text.splitlines()
    assert lines[0].startswith("Bo Reviewer") and lines[0].endswith("█ 10")
    assert lines[3].startswith("Club (3)") and lines[3].endswith("mean 8.5 · median 9")
    assert lines[4].startswith("IMDb") and lines[4].endswith("7.9 audience")


def test_empty_club_gets_a_note_and_no_markers() -> None:
    chart = scores_chart("Her (2013)", [("Ann", 9.0)], [], [], None, None)
    spec = chart.spec
    assert isinstance(spec, ScoresSpec)
    assert spec.notes == ("no club ratings yet",)
    assert spec.markers == ()
    assert [p.row for p in spec.points] == ["Ann"]
    assert "No club ratings yet." in chart.alt
    assert chart.text.splitlines()[-1].endswith("no club ratings yet")


def test_many_critics_share_one_row_and_long_names_are_shortened() -> None:
    critics = [(f"Critic number {i} of the Daily Planet", 5 + i / 10) for i in range(20)]
    spec = scores_spec("Film", critics, [(6.0, 1)], [])
    assert len(critics) > MAX_CRITIC_ROWS
    assert spec.rows == ("Critics (20)", "Club (1)")
    assert len([p for p in spec.points if p.row == "Critics (20)"]) == 20
    assert spec.notes[0].startswith("20 critics on one row")
    few = scores_spec("Film", [*critics[:2], critics[0]], [], [])
    assert all(len(row) <= 20 for row in few.rows)
    assert len(set(few.rows)) == len(few.rows)  # same name twice stays two rows


def test_agreement_spec_orders_bars_and_names_the_too_few() -> None:
    chart = agreement_chart(
        "Ada", [("Cy", -1.0, 3), ("Bob", 1.0, 3), ("Eve", 0.14, 4)], [("Dee", 2)]
    )
    spec = chart.spec
    assert isinstance(spec, AgreementSpec)
    assert [(b.label, b.r, b.common) for b in spec.bars] == [
        ("Bob", 1.0, 3),
        ("Eve", 0.14, 4),
        ("Cy", -1.0, 3),
    ]
    assert spec.notes == ("No figure (under 3 films in common, or no spread): Dee (2)",)
    assert png_size(chart.png) == spec.size_px
    assert "Bob r +1.00 over 3 films" in chart.alt
    assert chart.text.splitlines()[0].endswith("+1.00 (3 films)")
    empty = agreement_spec("Dee", [], [("Ada", 2)])
    assert empty.bars == () and "no member shares 3 rated films yet" in empty.notes


async def test_scores_reply_carries_alt_text_and_text_rendering(chat: Chat) -> None:
    await chat("/rate Her 8")
    reply = await chat("/scores Her")
    assert reply.image is not None
    assert reply.image.alt.startswith("Dot plot of scores out of 10 for Her (2013)")
    assert "Miguel Felix 10" in reply.image.alt and "IMDb 7.9" in reply.image.alt
    assert "Club (1)" in reply.image.text and "mean 8 · median 8" in reply.image.text


async def test_stats_for_a_member_attaches_the_agreement_chart(chat: Chat) -> None:
    await chat("/rate Her 8")
    reply = await chat("/stats me")
    assert reply.image is not None and reply.image.filename == "agreement-ada.png"
    assert "not enough ratings in common" in reply.image.alt
    assert (await chat("/stats me chart:no")).image is None


def test_console_prints_the_chart_path_and_text(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    run("ingest", str(CORPUS), "--db", db)
    env = {"FILMCLUB_CHART_DIR": str(tmp_path / "charts")}
    out = run("console", "--db", db, stdin="/scores Her\n", env=env).stdout
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("Chart: "))
    assert lines[at + 1].startswith("Miguel Felix") and lines[at + 1].endswith(" 10")
    assert any(ln.startswith("Club (0)") and ln.endswith("no club ratings yet") for ln in lines)
    assert "IMDb" in "\n".join(lines[at:])


def test_matrix_spec_keeps_every_pair_and_marks_too_few() -> None:
    cells: dict[tuple[int, int], tuple[float | None, int]] = {
        (0, 1): (0.5, 4),
        (1, 0): (0.5, 4),
        (0, 2): (None, 2),
        (2, 0): (None, 2),
        (1, 2): (-0.25, 3),
        (2, 1): (-0.25, 3),
    }
    chart = matrix_chart(["Ada", "Bob", "Cy"], cells)
    spec = chart.spec
    assert isinstance(spec, MatrixSpec)
    assert spec.members == ("Ada", "Bob", "Cy")
    assert len(spec.cells) == 6
    assert png_size(chart.png) == spec.size_px
    assert chart.alt.endswith("Ada and Bob r +0.50 over 4 films; Bob and Cy r -0.25 over 3 films.")
    rows = chart.text.splitlines()
    assert rows[1].split() == ["Ada", "·", "+0.50", "–"]
    assert rows[-1] == "– fewer than 3 films in common"
