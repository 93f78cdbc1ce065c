"""Importing a member's Letterboxd or IMDb export into their club.

Ratings become the member's ratings (as ``/rate`` stores them, with the raw form
and its scale), Letterboxd reviews become the member's club reviews, and a
watchlist export (admins only) fills the club's watchlist. Titles resolve
through :func:`bot.reviews.resolve.resolve_title` with their year; rows that
name no film, or several, are listed in the summary and nothing is guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.errors import UserError
from bot.messages import Member
from bot.polls.matching import item_key
from bot.reviews.club import MAX_REVIEW, review_passages
from bot.reviews.exports import BadExport, Export, ExportKind, ExportRow, read_export
from bot.reviews.resolve import Ambiguous, NotFound, resolve_titles
from bot.services import Services
from bot.store import history
from bot.store.clubs import now_iso
from bot.store.models import Film

SHOWN_UNMATCHED = 20
Progress = Callable[[int, int], None]


@dataclass
class ImportSummary:
    kind: ExportKind
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    reviews: int = 0
    unmatched: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def text(self) -> str:
        what = "films" if self.kind is ExportKind.LETTERBOXD_WATCHLIST else "rows"
        lines = [
            f"{self.kind.value}: {self.rows} {what} read — {self.imported} imported, "
            f"{self.updated} updated, {self.unchanged} unchanged"
            + (f" ({self.reviews} reviews saved)" if self.reviews else "")
            + "."
        ]
        if self.unmatched:
            shown = self.unmatched[:SHOWN_UNMATCHED]
            more = len(self.unmatched) - len(shown)
            lines.append(
                f"{len(self.unmatched)} not matched to a film: "
                + "; ".join(shown)
                + (f"; and {more} more." if more else ".")
            )
        if self.invalid:
            shown = self.invalid[:SHOWN_UNMATCHED]
            more = len(self.invalid) - len(shown)
            lines.append(
                f"{len(self.invalid)} skipped: "
                + "; ".join(shown)
                + (f"; and {more} more." if more else ".")
            )
        return "\n".join(lines)


def _stamp(row: ExportRow) -> str:
    return f"{row.date}T00:00:00+00:00" if row.date else now_iso()


def _latest(rows: list[tuple[ExportRow, Film]]) -> list[tuple[ExportRow, Film]]:
    """One row per film: the latest dated (a rewatch replaces the first watch)."""
    best: dict[int, tuple[ExportRow, Film]] = {}
    for row, film in rows:
        kept = best.get(film.id)
        if kept is None or _stamp(row) >= _stamp(kept[0]):
            best[film.id] = (row, film)
    return list(best.values())


async def _match(
    services: Services, export: Export, summary: ImportSummary, progress: Progress | None
) -> list[tuple[ExportRow, Film]]:
    """Each valid row's film: every distinct title resolved once, the titles the
    library lacks asked of the catalog together."""
    matched: list[tuple[ExportRow, Film]] = []
    total = len(export.rows)
    keys = [(row.title, row.year, row.imdb_id) for row in export.rows if not row.invalid]

    def titles_done(settled: int, distinct: int) -> None:
        if progress is not None and distinct:
            progress(total * settled // distinct, total)

    found = await resolve_titles(services, keys, titles_done)
    for row in export.rows:
        if row.invalid:
            summary.invalid.append(f"{row.label} (line {row.line}: {row.invalid})")
            continue
        resolved = found.get((row.title, row.year, row.imdb_id), NotFound(row.title, row.year))
        if isinstance(resolved, Film):
            matched.append((row, resolved))
        elif export.kind is not ExportKind.LETTERBOXD_WATCHLIST or isinstance(resolved, Ambiguous):
            summary.unmatched.append(
                row.label + (" (several films)" if isinstance(resolved, Ambiguous) else "")
            )
        else:
            matched.append((row, Film(0, "", row.title, row.year)))
    return matched


async def import_history(
    services: Services,
    club: str,
    member: Member,
    data: bytes,
    name: str = "",
    *,
    is_admin: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check the whole file, match its rows, then store everything in one transaction."""
    export = read_export(data, name)
    if export.kind is ExportKind.LETTERBOXD_WATCHED:
        raise BadExport(
            "watched.csv lists films without ratings, and filmclub keeps no personal watched "
            "list: import ratings.csv or reviews.csv (or, as an admin, watchlist.csv)."
        )
    if export.kind is ExportKind.LETTERBOXD_WATCHLIST and not is_admin:
        raise UserError("Only a club admin can import a watchlist as the club's watchlist.")
    summary = ImportSummary(export.kind, rows=len(export.rows))
    matched = await _match(services, export, summary, progress)
    if export.kind is ExportKind.LETTERBOXD_WATCHLIST:
        items = []
        seen: set[str] = set()
        for row, film in matched:
            film_id = film.id or None
            key = item_key(film_id, film.title)
            if key in seen:
                continue
            seen.add(key)
            added = datetime.fromisoformat(_stamp(row)).astimezone(UTC)
            items.append(history.WatchItem(key, film.label, film_id, added))
        counts = await services.store.write(
            history.apply_watchlist, club, member.id, member.name, items
        )
    else:
        entries = await asyncio.to_thread(_entries, _latest(matched))
        counts = await services.store.write(
            history.apply_history, club, member.id, member.name, entries
        )
    summary.imported, summary.updated = counts.imported, counts.updated
    summary.unchanged, summary.reviews = counts.unchanged, counts.reviews
    return summary


def _entries(rows: list[tuple[ExportRow, Film]]) -> list[history.HistoryEntry]:
    entries = []
    for row, film in rows:
        review = row.review[:MAX_REVIEW] if row.review else None
        entries.append(
            history.HistoryEntry(
                film.id,
                _stamp(row),
                row.score,
                row.raw,
                review,
                review_passages(review) if review else (),
            )
        )
    return entries
