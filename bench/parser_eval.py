"""``python -m bench parser``: precision and recall of the review parser on a labelled corpus.

The corpus is a folder of documents grouped by split (``dev/``, ``holdout/``) with an
``expected.json`` giving, per document, the critic scores (value on 0..10 and the form as
written, optionally the film each one is about), the aggregates with their vote counts, the
labelled director(s) and the runtime. A ``null`` fact is not judged; an empty director list
means no director may be found.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.parsing import ParsedDocument, parse_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "eval"
_SCORE_TOLERANCE = 0.011
_AGGREGATE_TOLERANCE = 0.051


@dataclass
class Tally:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        found = self.tp + self.fp
        return self.tp / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else 1.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


MEASURES = ("critic", "aggregate", "votes", "title", "director", "runtime")


@dataclass
class Report:
    """Tallies per measure, the two trap counters and a line per miss."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in MEASURES})
    prose_as_score: int = 0
    aggregate_as_critic: int = 0
    raw_mismatches: int = 0
    documents: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for name, tally in other.tallies.items():
            self.tallies[name].add(tally)
        self.prose_as_score += other.prose_as_score
        self.aggregate_as_critic += other.aggregate_as_critic
        self.raw_mismatches += other.raw_mismatches
        self.documents += other.documents
        self.misses.extend(other.misses)

    @property
    def precise(self) -> bool:
        """Nothing found that should not have been (every precision is 1.0)."""
        return all(t.fp == 0 for t in self.tallies.values()) and not self.aggregate_as_critic


def _same_title(expected: str, found: str | None) -> bool:
    return found is not None and expected.casefold() == found.strip().casefold()


def _score_list(doc: ParsedDocument) -> list[tuple[float, str, str | None]]:
    """(score, as written, film) of each scored review; a lone review's film is the page's."""
    single = doc.facts.title if len(doc.reviews) == 1 else None
    return [
        (r.score, r.raw_score or "", r.title or single) for r in doc.reviews if r.score is not None
    ]


def _critics(name: str, doc: ParsedDocument, expected: dict[str, object], out: Report) -> None:
    wanted = [dict(e) for e in expected.get("critic", [])]  # type: ignore[attr-defined]
    aggregates = [float(a["score"]) for a in expected.get("aggregates", [])]  # type: ignore[attr-defined]
    critic, title = out.tallies["critic"], out.tallies["title"]
    for score, raw, found_title in _score_list(doc):
        match = next((e for e in wanted if abs(float(e["score"]) - score) < _SCORE_TOLERANCE), None)
        if match is None:
            critic.fp += 1
            if any(abs(a - score) < _AGGREGATE_TOLERANCE for a in aggregates):
                out.aggregate_as_critic += 1
                out.misses.append(f"{name}: aggregate {score} ({raw!r}) taken as a critic score")
            else:
                out.prose_as_score += 1
                out.misses.append(f"{name}: unexpected critic score {score} ({raw!r})")
            continue
        wanted.remove(match)
        critic.tp += 1
        if str(match["raw"]).casefold() != raw.casefold():
            out.raw_mismatches += 1
        if "title" in match:
            if _same_title(str(match["title"]), found_title):
                title.tp += 1
            else:
                title.fn += 1
                if found_title is not None:
                    title.fp += 1
                out.misses.append(
                    f"{name}: score {score} attached to {found_title!r}, not {match['title']!r}"
                )
    for missed in wanted:
        critic.fn += 1
        if "title" in missed:
            title.fn += 1
        out.misses.append(f"{name}: missed critic score {missed['raw']!r} ({missed['score']})")


def _aggregates(name: str, doc: ParsedDocument, expected: dict[str, object], out: Report) -> None:
    wanted = [dict(e) for e in expected.get("aggregates", [])]  # type: ignore[attr-defined]
    tally, votes = out.tallies["aggregate"], out.tallies["votes"]
    for found in doc.aggregates:
        match = next(
            (e for e in wanted if abs(float(e["score"]) - found.score) < _AGGREGATE_TOLERANCE),
            None,
        )
        if match is None:
            tally.fp += 1
            out.misses.append(f"{name}: unexpected aggregate {found.score} ({found.source})")
            continue
        wanted.remove(match)
        tally.tp += 1
        if match["votes"] is None:
            if found.votes is not None:
                votes.fp += 1
                out.misses.append(f"{name}: aggregate {found.score} given {found.votes} votes")
        elif found.votes == match["votes"]:
            votes.tp += 1
        else:
            votes.fn += 1
            votes.fp += found.votes is not None
            out.misses.append(
                f"{name}: aggregate {found.score} votes {found.votes}, not {match['votes']}"
            )
    for missed in wanted:
        tally.fn += 1
        votes.fn += missed["votes"] is not None
        out.misses.append(f"{name}: missed aggregate {missed['score']} ({missed['votes']} votes)")


def _facts(name: str, doc: ParsedDocument, expected: dict[str, object], out: Report) -> None:
    directors = expected.get("director")
    if isinstance(directors, list):
        tally = out.tallies["director"]
        found = list(doc.facts.directors)
        if directors and found == directors:
            tally.tp += 1
        elif directors or found:
            tally.fn += bool(directors)
            tally.fp += bool(found)
            out.misses.append(f"{name}: director {found}, not {directors}")
    runtime = expected.get("runtime_minutes")
    if isinstance(runtime, int):
        tally = out.tallies["runtime"]
        if doc.facts.runtime_minutes == runtime:
            tally.tp += 1
        else:
            tally.fn += 1
            tally.fp += doc.facts.runtime_minutes is not None
            out.misses.append(f"{name}: runtime {doc.facts.runtime_minutes}, not {runtime}")


def evaluate_document(name: str, doc: ParsedDocument, expected: dict[str, object]) -> Report:
    report = Report(documents=1)
    _critics(name, doc, expected, report)
    _aggregates(name, doc, expected, report)
    _facts(name, doc, expected, report)
    return report


def load_corpus(corpus: Path) -> dict[str, dict[str, tuple[str, dict[str, object]]]]:
    """Per split, per document name: (text, expected values)."""
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    loaded: dict[str, dict[str, tuple[str, dict[str, object]]]] = {}
    for split, docs in expected.items():
        loaded[split] = {
            name: ((corpus / split / name).read_text(encoding="utf-8"), values)
            for name, values in sorted(docs.items())
        }
    return loaded


def evaluate(corpus: Path = DEFAULT_CORPUS) -> dict[str, Report]:
    """One report per split, plus "all"."""
    reports: dict[str, Report] = {}
    total = Report()
    for split, docs in load_corpus(corpus).items():
        report = Report()
        for name, (text, values) in docs.items():
            report.add(evaluate_document(f"{split}/{name}", parse_document(text, name), values))
        reports[split] = report
        total.add(report)
    reports["all"] = total
    return reports


def documents_per_second(corpus: Path = DEFAULT_CORPUS, seconds: float = 1.0) -> float:
    texts = [text for docs in load_corpus(corpus).values() for text, _ in docs.values()]
    parsed = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for text in texts:
            parse_document(text)
        parsed += len(texts)
    return parsed / (time.process_time() - started)


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}%"


def render(reports: dict[str, Report]) -> str:
    lines: list[str] = []
    for split, report in reports.items():
        lines.append(f"== {split}: {report.documents} documents")
        lines.append(f"   {'measure':<10} {'precision':>9} {'recall':>7}   tp  fp  fn")
        for name, t in report.tallies.items():
            lines.append(
                f"   {name:<10} {_pct(t.precision):>9} {_pct(t.recall):>7}  "
                f"{t.tp:3d} {t.fp:3d} {t.fn:3d}"
            )
        lines.append(
            f"   prose numbers taken as scores: {report.prose_as_score}; aggregates taken as "
            f"critic scores: {report.aggregate_as_critic}; raw forms differing: "
            f"{report.raw_mismatches}"
        )
    misses = reports["all"].misses
    lines.append(f"== misses ({len(misses)})")
    lines.extend(f"   {miss}" for miss in misses)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench parser", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--speed", action="store_true", help="also measure documents per second")
    args = parser.parse_args(argv)
    reports = evaluate(args.corpus)
    print(render(reports))
    if args.speed:
        rate = documents_per_second(args.corpus, 3.0)
        print(f"== speed: {rate:,.0f} documents/s (CPU time, one core)")
    return 0 if reports["all"].precise else 1
