"""Reading a member's exported history: Letterboxd and IMDb CSV files.

A file is checked whole before anything is stored: its size, that it is CSV
text, its columns and its number of rows. Each row becomes an
:class:`ExportRow`; a row with a rating that does not fit its scale is kept as
invalid, so the summary can list it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from enum import Enum

from bot.errors import UserError
from bot.scoring import fmt

MAX_BYTES = 5_000_000
MAX_ROWS = 20_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class ExportKind(Enum):
    LETTERBOXD_RATINGS = "Letterboxd ratings"
    LETTERBOXD_REVIEWS = "Letterboxd reviews"
    LETTERBOXD_WATCHED = "Letterboxd watched films"
    LETTERBOXD_WATCHLIST = "Letterboxd watchlist"
    IMDB_RATINGS = "IMDb ratings"


COLUMNS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.LETTERBOXD_RATINGS: ("Date", "Name", "Year", "Letterboxd URI", "Rating"),
    ExportKind.LETTERBOXD_REVIEWS: ("Date", "Name", "Year", "Letterboxd URI", "Rating", "Review"),
    ExportKind.LETTERBOXD_WATCHED: ("Date", "Name", "Year", "Letterboxd URI"),
    ExportKind.LETTERBOXD_WATCHLIST: ("Date", "Name", "Year", "Letterboxd URI"),
    ExportKind.IMDB_RATINGS: ("Const", "Your Rating", "Date Rated", "Title", "Year"),
}


class BadExport(UserError):
    """A file refused whole; nothing from it is stored."""


@dataclass(frozen=True)
class ExportRow:
    line: int
    title: str
    year: int | None
    date: str | None  # YYYY-MM-DD
    score: float | None = None  # 0–10
    raw: str | None = None  # the rating as the file gave it, with its scale
    review: str | None = None
    imdb_id: str | None = None
    invalid: str | None = None  # why the row cannot be used

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class Export:
    kind: ExportKind
    rows: tuple[ExportRow, ...]


def expected_columns() -> str:
    return "; ".join(f"{kind.value}: {', '.join(cols)}" for kind, cols in COLUMNS.items())


def detect(header: list[str], name: str) -> ExportKind | None:
    columns = {h.strip() for h in header}
    if set(COLUMNS[ExportKind.IMDB_RATINGS]) <= columns:
        return ExportKind.IMDB_RATINGS
    if set(COLUMNS[ExportKind.LETTERBOXD_REVIEWS]) <= columns:
        return ExportKind.LETTERBOXD_REVIEWS
    if set(COLUMNS[ExportKind.LETTERBOXD_RATINGS]) <= columns:
        return ExportKind.LETTERBOXD_RATINGS
    if set(COLUMNS[ExportKind.LETTERBOXD_WATCHED]) <= columns:
        if "watchlist" in name.lower():
            return ExportKind.LETTERBOXD_WATCHLIST
        return ExportKind.LETTERBOXD_WATCHED
    return None


def read_export(data: bytes, name: str = "") -> Export:
    """Check and read a whole export file; BadExport naming what is expected."""
    if len(data) > MAX_BYTES:
        raise BadExport(
            f"That file is {len(data) / 1_000_000:.1f} MB; an export can be at most "
            f"{MAX_BYTES // 1_000_000} MB. Nothing was imported."
        )
    if b"\x00" in data:
        raise BadExport(_not_csv())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadExport(_not_csv()) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise BadExport(_not_csv())
        kind = detect(header, name)
        if kind is None:
            raise BadExport(
                f"Those columns ({', '.join(h.strip() for h in header[:8])}) are not an export "
                f"I know. Expected — {expected_columns()}. Nothing was imported."
            )
        index = {h.strip(): i for i, h in enumerate(header)}
        rows: list[ExportRow] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise BadExport(
                    f"That file has more than {MAX_ROWS:,} rows; split it and import each part. "
                    "Nothing was imported."
                )
            values = {col: record[i].strip() if i < len(record) else "" for col, i in index.items()}
            rows.append(_row(kind, reader.line_num, values))
    except csv.Error as exc:
        raise BadExport(_not_csv(f" ({exc})")) from exc
    return Export(kind, tuple(rows))


def _not_csv(detail: str = "") -> str:
    return (
        f"That file is not a CSV export{detail}. Expected — {expected_columns()}. "
        "Nothing was imported."
    )


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and 1870 <= int(text) <= 2100 else None


def _date(text: str) -> str | None:
    m = _DATE.match(text)
    return m.group(0) if m else None


def _row(kind: ExportKind, line: int, values: dict[str, str]) -> ExportRow:
    if kind is ExportKind.IMDB_RATINGS:
        title, year, date = values["Title"], _year(values["Year"]), _date(values["Date Rated"])
        imdb = values["Const"] if re.fullmatch(r"tt\d+", values["Const"]) else None
        raw_value = values["Your Rating"]
        score = _number(raw_value)
        if not title:
            return ExportRow(line, "(no title)", year, date, invalid="no title")
        if score is None or score != int(score) or not 1 <= score <= 10:
            return ExportRow(line, title, year, date, imdb_id=imdb, invalid="rating not 1–10")
        return ExportRow(line, title, year, date, score, f"{fmt(score)}/10", imdb_id=imdb)
    title, year, date = values["Name"], _year(values["Year"]), _date(values["Date"])
    if not title:
        return ExportRow(line, "(no title)", year, date, invalid="no title")
    review = values.get("Review") or None
    if kind in (ExportKind.LETTERBOXD_WATCHED, ExportKind.LETTERBOXD_WATCHLIST):
        return ExportRow(line, title, year, date)
    raw_value = values.get("Rating", "")
    if not raw_value:
        if kind is ExportKind.LETTERBOXD_REVIEWS and review:
            return ExportRow(line, title, year, date, review=review)
        return ExportRow(line, title, year, date, invalid="no rating")
    stars = _number(raw_value)
    if stars is None or not 0.5 <= stars <= 5 or stars * 2 != int(stars * 2):
        return ExportRow(line, title, year, date, invalid="rating not 0.5–5")
    return ExportRow(line, title, year, date, stars * 2, f"{fmt(stars)}/5", review=review)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None
