"""The parser on its labelled evaluation corpus (tests/fixtures/eval): nothing wrong is found.

Recall is printed by ``python -m bench parser``; only precision is asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.parser_eval import DEFAULT_CORPUS, MEASURES, Report, evaluate, load_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return evaluate(DEFAULT_CORPUS)


def test_corpus_has_sixty_documents_with_a_held_out_part() -> None:
    corpus = load_corpus(DEFAULT_CORPUS)
    assert sum(len(docs) for docs in corpus.values()) >= 60
    assert len(corpus["holdout"]) >= 15


@pytest.mark.parametrize("measure", MEASURES)
def test_precision_is_perfect(reports: dict[str, Report], measure: str) -> None:
    tally = reports["all"].tallies[measure]
    assert tally.tp > 0
    assert tally.fp == 0, [m for m in reports["all"].misses if "unexpected" in m or "not" in m]


def test_no_prose_number_or_aggregate_is_taken_for_a_critic_score(
    reports: dict[str, Report],
) -> None:
    assert reports["all"].prose_as_score == 0
    assert reports["all"].aggregate_as_critic == 0


def test_bench_parser_prints_precision_recall_and_misses(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "dev").mkdir(parents=True)
    (corpus / "dev" / "one.txt").write_text(
        "A quiet film about a lighthouse keeper.\n\nRating: 8/10\n", encoding="utf-8"
    )
    (corpus / "dev" / "two.txt").write_text(
        "Runtime: 98 minutes\n\nA loud film about a submarine.\n", encoding="utf-8"
    )
    (corpus / "expected.json").write_text(
        '{"dev": {"one.txt": {"critic": [{"score": 8.0, "raw": "8/10"}], "aggregates": [],'
        ' "director": null, "runtime_minutes": null},'
        ' "two.txt": {"critic": [{"score": 6.0, "raw": "3/5"}], "aggregates": [],'
        ' "director": ["Ann Lee"], "runtime_minutes": 98}}}',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "parser", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "critic        100.0%   50.0%" in out
    assert "runtime       100.0%  100.0%" in out
    assert "dev/two.txt: missed critic score '3/5' (6.0)" in out
    assert "dev/two.txt: director [], not ['Ann Lee']" in out


def test_bench_parser_fails_when_something_wrong_is_found(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "dev").mkdir(parents=True)
    (corpus / "dev" / "one.txt").write_text(
        "A quiet film about a lighthouse keeper.\n\nRating: 8/10\n", encoding="utf-8"
    )
    (corpus / "expected.json").write_text(
        '{"dev": {"one.txt": {"critic": [{"score": 7.0, "raw": "7/10"}], "aggregates": [],'
        ' "director": null, "runtime_minutes": null}}}',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "parser", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "dev/one.txt: unexpected critic score 8.0 ('8/10')" in proc.stdout
