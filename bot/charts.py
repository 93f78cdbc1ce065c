"""Charts for /scores and /stats: what they show is worked out first, as a spec, then drawn.

The spec (:class:`ScoresSpec`, :class:`AgreementSpec`) holds every point, marker,
reference line and label the picture will carry, so it can be checked without
looking at pixels, and it gives the alt text and the console's text rendering.
matplotlib is imported only when a picture is drawn.

Colours are the Okabe–Ito palette, told apart with any colour vision; marker
shapes differ too, so nothing depends on colour alone.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from bot.scoring import fmt

# Okabe–Ito.
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#555555"

WIDTH_IN = 6.4
DPI = 100
MAX_CRITIC_ROWS = 12
MAX_COUNT_LABELS = 8  # more distinct club scores: dot sizes alone show the counts
MIN_SPAN = 4.0
LABEL_CHARS = 20
BAR_CELLS = 20


@dataclass(frozen=True)
class Point:
    """One score on the chart: a critic's, or a club score given ``count`` times."""

    row: str
    label: str
    value: float
    count: int = 1


@dataclass(frozen=True)
class Marker:
    """A marked value on a row: the club's mean or median."""

    row: str
    kind: str  # "mean" or "median"
    value: float


@dataclass(frozen=True)
class Reference:
    """A value drawn as a line across the chart: an audience aggregate."""

    label: str
    value: float


@dataclass(frozen=True)
class ScoresSpec:
    title: str
    x_range: tuple[float, float]
    rows: tuple[str, ...]  # top to bottom
    points: tuple[Point, ...]
    markers: tuple[Marker, ...]
    references: tuple[Reference, ...]
    notes: tuple[str, ...]
    club_count: int

    @property
    def size_px(self) -> tuple[int, int]:
        return round(WIDTH_IN * DPI), round(_scores_height(len(self.rows)) * DPI)


@dataclass(frozen=True)
class Chart:
    png: bytes
    spec: ScoresSpec | AgreementSpec | MatrixSpec
    alt: str
    text: str


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def fit_range(values: list[float]) -> tuple[float, float]:
    """Whole points around the data, at least ``MIN_SPAN`` wide, inside 0–10."""
    if not values:
        return 0.0, 10.0
    lo = float(max(0, math.floor(min(values) - 0.5)))
    hi = float(min(10, math.ceil(max(values) + 0.5)))
    while hi - lo < MIN_SPAN:
        if lo > 0:
            lo -= 1
        if hi - lo < MIN_SPAN and hi < 10:
            hi += 1
    return lo, hi


def scores_spec(
    title: str,
    critics: list[tuple[str, float]],
    club: list[tuple[float, int]],
    audience: list[tuple[str, float]],
    club_mean: float | None = None,
    club_median: float | None = None,
) -> ScoresSpec:
    """``critics``: (name, score); ``club``: (score, how many members gave it);
    ``audience``: (source, score)."""
    ordered = sorted(critics, key=lambda c: (-c[1], c[0].casefold()))
    points: list[Point] = []
    rows: list[str] = []
    notes: list[str] = []
    if len(ordered) <= MAX_CRITIC_ROWS:
        for name, score in ordered:
            row = _unique(_short(name), rows)
            rows.append(row)
            points.append(Point(row, name, score))
    else:
        row = f"Critics ({len(ordered)})"
        rows.append(row)
        points.extend(Point(row, name, score) for name, score in ordered)
        notes.append(f"{len(ordered)} critics on one row; highest and lowest named")
    if not ordered:
        notes.append("no critic scores")
    club_count = sum(n for _, n in club)
    club_row = f"Club ({club_count})"
    rows.append(club_row)
    points.extend(Point(club_row, "club", score, n) for score, n in sorted(club) if n > 0)
    markers: list[Marker] = []
    if club_count:
        if club_mean is not None:
            markers.append(Marker(club_row, "mean", club_mean))
        if club_median is not None:
            markers.append(Marker(club_row, "median", club_median))
    else:
        notes.append("no club ratings yet")
    references = tuple(Reference(source, score) for source, score in audience)
    values = [p.value for p in points] + [r.value for r in references]
    return ScoresSpec(
        title=title,
        x_range=fit_range(values),
        rows=tuple(rows),
        points=tuple(points),
        markers=tuple(markers),
        references=references,
        notes=tuple(notes),
        club_count=club_count,
    )


def _unique(label: str, taken: list[str]) -> str:
    found, n = label, 2
    while found in taken:
        suffix = f" ({n})"
        stem = (
            label
            if len(label) + len(suffix) <= LABEL_CHARS
            else label[: LABEL_CHARS - len(suffix) - 1] + "…"
        )
        found, n = stem + suffix, n + 1
    return found


def scores_alt(spec: ScoresSpec) -> str:
    """What the chart shows, in words, for screen readers."""
    lo, hi = spec.x_range
    parts = [f"Dot plot of scores out of 10 for {spec.title}, axis {fmt(lo)} to {fmt(hi)}."]
    critics = [p for p in spec.points if not p.row.startswith("Club (")]
    if critics:
        parts.append("Critics: " + ", ".join(f"{p.label} {fmt(p.value)}" for p in critics) + ".")
    if spec.club_count:
        marks = ", ".join(f"{m.kind} {fmt(m.value)}" for m in spec.markers)
        parts.append(f"Club: {spec.club_count} ratings, {marks}.")
    else:
        parts.append("No club ratings yet.")
    if spec.references:
        parts.append(
            "Audience: " + ", ".join(f"{r.label} {fmt(r.value)}" for r in spec.references) + "."
        )
    return " ".join(parts)


def _bar(value: float) -> str:
    filled = max(0, min(BAR_CELLS, round(value / 10 * BAR_CELLS)))
    return "█" * filled + "·" * (BAR_CELLS - filled)


def scores_text(spec: ScoresSpec) -> str:
    """One line per critic (or critics' summary), the club and each audience aggregate."""
    width = max([len(r) for r in spec.rows] + [len(r.label) for r in spec.references] + [8])
    lines = []
    for row in spec.rows:
        here = [p for p in spec.points if p.row == row]
        if row.startswith("Club ("):
            if not spec.club_count:
                lines.append(f"{row:<{width}} {'·' * BAR_CELLS} no club ratings yet")
                continue
            marks = {m.kind: m.value for m in spec.markers}
            mean = marks.get("mean", sum(p.value * p.count for p in here) / spec.club_count)
            shown = " · ".join(f"{k} {fmt(v)}" for k, v in marks.items())
            lines.append(f"{row:<{width}} {_bar(mean)} {shown}")
        elif len(here) == 1:
            lines.append(f"{row:<{width}} {_bar(here[0].value)} {fmt(here[0].value)}")
        else:
            values = [p.value for p in here]
            mean = sum(values) / len(values)
            lines.append(
                f"{row:<{width}} {_bar(mean)} mean {fmt(round(mean, 2))}"
                f" ({fmt(min(values))}–{fmt(max(values))})"
            )
    for ref in spec.references:
        lines.append(f"{ref.label:<{width}} {_bar(ref.value)} {fmt(ref.value)} audience")
    return "\n".join(lines)


def _scores_height(rows: int) -> float:
    return 1.45 + 0.4 * rows


def _figure(height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    fig.patch.set_facecolor("white")
    return fig


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    # Light compression: a chat picture is sent once, and encoding is much of the time.
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def render_scores(spec: ScoresSpec) -> bytes:
    height = _scores_height(len(spec.rows))
    fig = _figure(height)
    left = 0.36
    ax = fig.add_axes((left, 0.62 / height, 0.96 - left, 1 - 1.12 / height))
    lo, hi = spec.x_range
    n = len(spec.rows)
    ys = {row: n - 1 - i for i, row in enumerate(spec.rows)}
    ax.set_xlim(lo - 0.15, hi + 0.15)
    ax.set_ylim(-1.0, n - 0.3)
    # Row names as plain text: cheaper to draw than one tick per row.
    ax.set_yticks([])
    ylabels = ax.get_yaxis_transform()
    for row, y in ys.items():
        ax.text(-0.02, y, row, fontsize=12, ha="right", va="center", transform=ylabels)
    # Every point on a narrow axis, every other one on a wide one (fewer ticks draw faster).
    step = 1 if hi - lo <= 6 else 2
    first = int(lo) + (int(lo) % step)
    ax.set_xticks([float(t) for t in range(first, int(hi) + 1, step)])
    ax.tick_params(axis="x", labelsize=12)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for y in ys.values():
        ax.axhline(y, color="#eeeeee", linewidth=0.8, zorder=0)
    for ref in spec.references:
        ax.axvline(ref.value, color=PURPLE, linestyle="--", linewidth=1.6, zorder=1)
        ax.text(
            ref.value,
            n - 0.35,
            f"{ref.label} {fmt(ref.value)}",
            color=PURPLE,
            fontsize=10,
            ha="center",
            va="bottom",
        )
    critics = [p for p in spec.points if not p.row.startswith("Club (")]
    if critics:
        ax.scatter(
            [p.value for p in critics],
            [ys[p.row] for p in critics],
            s=90,
            color=BLUE,
            edgecolor="white",
            linewidth=0.8,
            zorder=3,
        )
        single_rows = len({p.row for p in critics}) == len(critics)
        for p in critics:
            if single_rows:
                ax.text(p.value, ys[p.row] + 0.2, fmt(p.value), fontsize=10, ha="center")
        if not single_rows:
            top = max(critics, key=lambda p: p.value)
            low = min(critics, key=lambda p: p.value)
            for p, va in ((top, "bottom"), (low, "top")):
                dy = 0.2 if va == "bottom" else -0.22
                ax.text(p.value, ys[p.row] + dy, _short(p.label), fontsize=9, ha="center", va=va)
    club_row = spec.rows[-1]
    cy = ys[club_row]
    club = [p for p in spec.points if p.row == club_row]
    if club:
        most = max(p.count for p in club)
        ax.scatter(
            [p.value for p in club],
            [cy] * len(club),
            s=[50 + 150 * p.count / most for p in club],
            color=ORANGE,
            edgecolor="black",
            linewidth=0.6,
            zorder=3,
        )
        for p in club if len(club) <= MAX_COUNT_LABELS else ():
            if p.count > 1:
                ax.text(p.value, cy + 0.24, f"×{p.count}", fontsize=9, ha="center")
    # The lower of mean and median is labelled on its left, the higher on its right.
    ordered = sorted(spec.markers, key=lambda m: (m.value, m.kind != "mean"))
    for k, m in enumerate(ordered):
        colour = VERMILLION if m.kind == "mean" else GREEN
        shape, size = ("^", 9) if m.kind == "mean" else ("D", 7)
        ax.plot([m.value], [cy - 0.5], marker=shape, markersize=size, color=colour, zorder=4)
        left = k == 0 and len(ordered) > 1
        ax.text(
            m.value + (-0.08 if left else 0.08),
            cy - 0.5,
            f"{m.kind} {fmt(m.value)}",
            fontsize=10,
            ha="right" if left else "left",
            va="center",
            color=colour,
        )
    if not spec.club_count:
        ax.text(
            (lo + hi) / 2,
            cy,
            "no club ratings yet",
            fontsize=11,
            style="italic",
            color=GREY,
            ha="center",
            va="center",
        )
    fig.text(0.02, 1 - 0.3 / height, spec.title, fontsize=14, weight="bold", va="center")
    axis = (
        "Score out of 10" if (lo, hi) == (0, 10) else f"Score out of 10 (axis {fmt(lo)}–{fmt(hi)})"
    )
    ax.set_xlabel(axis, fontsize=11)
    return _png(fig)


def scores_chart(
    title: str,
    critics: list[tuple[str, float]],
    club: list[tuple[float, int]],
    audience: list[tuple[str, float]],
    club_mean: float | None = None,
    club_median: float | None = None,
) -> Chart:
    spec = scores_spec(title, critics, club, audience, club_mean, club_median)
    return Chart(render_scores(spec), spec, scores_alt(spec), scores_text(spec))


# -- /stats: how one member agrees with the others -----------------------------------------


@dataclass(frozen=True)
class AgreementBar:
    label: str
    r: float
    common: int


@dataclass(frozen=True)
class AgreementSpec:
    title: str
    bars: tuple[AgreementBar, ...]  # best agreement first
    notes: tuple[str, ...]

    @property
    def size_px(self) -> tuple[int, int]:
        return round(WIDTH_IN * DPI), round(_agreement_height(len(self.bars)) * DPI)


def agreement_spec(
    member: str, pairs: list[tuple[str, float, int]], too_few: list[tuple[str, int]]
) -> AgreementSpec:
    """``pairs``: (other member, r, films in common); ``too_few``: (other, films in common)."""
    bars = tuple(
        AgreementBar(_short(name), r, n)
        for name, r, n in sorted(pairs, key=lambda p: (-p[1], p[0].casefold()))
    )
    notes = []
    if too_few:
        names = ", ".join(f"{name} ({n})" for name, n in too_few[:6])
        notes.append(f"No figure (under 3 films in common, or no spread): {names}")
    if not bars:
        notes.append("no member shares 3 rated films yet")
    return AgreementSpec(f"How {member}'s ratings agree", bars, tuple(notes))


def agreement_alt(spec: AgreementSpec) -> str:
    if not spec.bars:
        return f"{spec.title}: not enough ratings in common with anyone yet."
    each = ", ".join(f"{b.label} r {b.r:+.2f} over {b.common} films" for b in spec.bars)
    return f"Bar chart, {spec.title}, from −1 (opposite) to +1 (the same): {each}."


def agreement_text(spec: AgreementSpec) -> str:
    width = max([len(b.label) for b in spec.bars] + [8])
    lines = []
    for b in spec.bars:
        half = BAR_CELLS // 2
        cells = round(abs(b.r) * half)
        left = " " * half if b.r >= 0 else " " * (half - cells) + "█" * cells
        right = "█" * cells + " " * (half - cells) if b.r >= 0 else " " * half
        lines.append(f"{b.label:<{width}} {left}|{right} {b.r:+.2f} ({b.common} films)")
    lines.extend(spec.notes)
    return "\n".join(lines)


def _agreement_height(bars: int) -> float:
    return 1.45 + 0.42 * max(bars, 1)


def render_agreement(spec: AgreementSpec) -> bytes:
    height = _agreement_height(len(spec.bars))
    fig = _figure(height)
    left = 0.37
    ax = fig.add_axes((left, 0.9 / height, 0.87 - left, 1 - 1.4 / height))
    n = len(spec.bars)
    ys = [n - 1 - i for i in range(n)]
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.6, max(n, 1) - 0.4)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_xticklabels(["−1\nopposite", "−0.5", "0", "+0.5", "+1\nsame"], fontsize=11)
    ax.axvline(0, color="black", linewidth=1)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if spec.bars:
        colours = [GREEN if b.r >= 0 else VERMILLION for b in spec.bars]
        hatches = ["" if b.r >= 0 else "//" for b in spec.bars]
        bars = ax.barh(ys, [b.r for b in spec.bars], height=0.6, color=colours, zorder=2)
        for patch, hatch in zip(bars, hatches, strict=True):
            patch.set_hatch(hatch)
            patch.set_edgecolor("white")
        ax.set_yticks([])
        ylabels = ax.get_yaxis_transform()
        for b, y in zip(spec.bars, ys, strict=True):
            ax.text(
                -0.02,
                y,
                f"{b.label} ({b.common})",
                fontsize=12,
                ha="right",
                va="center",
                transform=ylabels,
            )
        values = ax.get_yaxis_transform()
        for b, y in zip(spec.bars, ys, strict=True):
            ax.text(1.02, y, f"{b.r:+.2f}", fontsize=11, ha="left", va="center", transform=values)
    else:
        ax.set_yticks([])
        ax.text(
            0,
            0,
            "not enough ratings in common yet",
            ha="center",
            va="center",
            fontsize=11,
            style="italic",
            color=GREY,
        )
    fig.text(0.02, 1 - 0.3 / height, spec.title, fontsize=14, weight="bold", va="center")
    if spec.notes and spec.bars:
        fig.text(0.02, 0.12 / height, spec.notes[0], fontsize=9, color=GREY)
    ax.set_xlabel("Pearson's r over films both rated (films in common)", fontsize=10)
    return _png(fig)


def agreement_chart(
    member: str, pairs: list[tuple[str, float, int]], too_few: list[tuple[str, int]]
) -> Chart:
    spec = agreement_spec(member, pairs, too_few)
    return Chart(render_agreement(spec), spec, agreement_alt(spec), agreement_text(spec))


# -- /stats for the club: every pair of members ------------------------------------------


@dataclass(frozen=True)
class MatrixSpec:
    title: str
    members: tuple[str, ...]
    # (row, column) -> (r, films in common); r None: not enough in common.
    cells: tuple[tuple[int, int, float | None, int], ...]

    @property
    def size_px(self) -> tuple[int, int]:
        return round(WIDTH_IN * DPI), round(_matrix_height(len(self.members)) * DPI)


def matrix_spec(
    members: list[str], cells: dict[tuple[int, int], tuple[float | None, int]]
) -> MatrixSpec:
    names = tuple(_short(m)[:14] for m in members)
    flat = tuple((i, j, r, n) for (i, j), (r, n) in sorted(cells.items()) if i != j)
    return MatrixSpec("How members' ratings agree", names, flat)


def matrix_alt(spec: MatrixSpec) -> str:
    pairs = [
        f"{spec.members[i]} and {spec.members[j]} r {r:+.2f} over {n} films"
        for i, j, r, n in spec.cells
        if i < j and r is not None
    ]
    if not pairs:
        return f"{spec.title}: no two members share 3 rated films yet."
    return f"Grid, {spec.title}, Pearson's r from −1 to +1: " + "; ".join(pairs) + "."


def matrix_text(spec: MatrixSpec) -> str:
    width = max([len(m) for m in spec.members] + [4])
    lines = [" " * width + " " + " ".join(f"{m[:5]:>5}" for m in spec.members)]
    found = {(i, j): r for i, j, r, _ in spec.cells}
    for i, name in enumerate(spec.members):
        row = []
        for j in range(len(spec.members)):
            r = found.get((i, j))
            row.append("    ·" if i == j else "    –" if r is None else f"{r:+5.2f}")
        lines.append(f"{name:<{width}} " + " ".join(row))
    lines.append("– fewer than 3 films in common")
    return "\n".join(lines)


def _matrix_height(n: int) -> float:
    return 1.75 + 0.5 * max(n, 1)


def render_matrix(spec: MatrixSpec) -> bytes:
    import numpy as np

    n = len(spec.members)
    height = _matrix_height(n)
    fig = _figure(height)
    side = 0.5 * n / WIDTH_IN
    ax = fig.add_axes((0.25, 0.85 / height, side, 0.5 * n / height))
    grid = np.full((n, n), np.nan)
    for i, j, r, _ in spec.cells:
        if r is not None:
            grid[i, j] = r
    ax.imshow(grid, cmap="PuOr", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(n))
    ax.set_xticklabels(spec.members, rotation=45, ha="left", fontsize=11)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n))
    ax.set_yticklabels(spec.members, fontsize=11)
    for i, j, r, count in spec.cells:
        label = f"{r:+.2f}" if r is not None else f"{count}"
        colour = "white" if r is not None and abs(r) > 0.6 else GREY if r is None else "black"
        ax.text(j, i, label, ha="center", va="center", fontsize=10, color=colour)
    for side_name in ("top", "right", "left", "bottom"):
        ax.spines[side_name].set_visible(False)
    fig.text(0.02, 1 - 0.3 / height, spec.title, fontsize=14, weight="bold", va="center")
    fig.text(
        0.02,
        0.25 / height,
        "Pearson's r over films both rated: purple agree, orange opposite.\n"
        "Grey numbers: films in common, too few (under 3) for r.",
        fontsize=9,
        color=GREY,
    )
    return _png(fig)


def matrix_chart(
    members: list[str], cells: dict[tuple[int, int], tuple[float | None, int]]
) -> Chart:
    spec = matrix_spec(members, cells)
    return Chart(render_matrix(spec), spec, matrix_alt(spec), matrix_text(spec))
