"""Film facts from labeled lines ("Directed by: ...", "Runtime: 116 min | Rated PG-13")."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from bot.parsing.infoline import merge_genres, parse_bare_piece
from bot.parsing.labels import normalize_label, split_label
from bot.parsing.lang import (
    AND_WORDS,
    CREDIT_WORDS,
    HOUR_UNITS,
    MINUTE_UNITS,
    bare_fact_labels,
    fact_labels,
)
from bot.parsing.model import Facts
from bot.parsing.values import (
    hashtag_genres,
    looks_like_name,
    parse_certificate,
    parse_date,
    parse_runtime,
    parse_year,
    runtime_only,
    split_genres,
    split_names,
)

FactPairs = list[tuple[str, object]]

NAME_FIELDS = ("directors", "writers", "cast", "music", "cinematography", "production_design")

_FIELD_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?:original |movie |film )?title|movie|film|(?:movie |film )?review", ("title",)),
    (r"(?:release |production )?year|year of release", ("year",)),
    (
        r"writ(?:ten|er)(?: and|/| -)? ?direct(?:ed|or)(?: by)?|direct(?:ed|or)(?: and|/| -)? ?"
        r"writ(?:ten|er)(?: by)?",
        ("directors", "writers"),
    ),
    (r"directors?|directed by|direction by|dir\.?", ("directors",)),
    (
        r"writers?|written by|screenplay(?: by)?|screen ?writers?|script(?: by)?|writing credits",
        ("writers",),
    ),
    (r"starring|stars|cast|main cast|cast members|actors|featuring|with|voice cast", ("cast",)),
    (r"run ?time|running time|length|duration", ("runtime",)),
    (
        r"(?:[a-z.]+ )?release(?:d| date)?(?: [a-z]+)?|released on|opening date|premiere(?: date)?"
        r"|in (?:theaters|theatres|cinemas)|date released",
        ("release_date",),
    ),
    (
        r"(?:mpaa |bbfc |age |content |parental |film |movie )?(?:rating|rated)|mpaa|bbfc"
        r"|certificate|certification|classification|age restriction",
        ("certificate",),
    ),
    (r"genres?", ("genres",)),
    (
        r"(?:original )?music(?: by| composed by)?|(?:original )?score by|original score"
        r"|composers?|composed by|soundtrack by|music score",
        ("music",),
    ),
    (
        r"(?:director of photography|cinematography|cinematographer|dp|d\.?o\.?p)(?: by)?"
        r"|photographed by|shot by",
        ("cinematography",),
    ),
    (r"production design(?:er|ed)?(?: by)?", ("production_design",)),
    (
        r"producers?|produced by|executive producers?|editors?|edited by|film editing|studios?"
        r"|distributors?|distributed by|country|countries|languages?|original language|budget"
        r"|box office.*|gross.*|opening weekend.*|costume design(?:er)?(?: by)?|art direction"
        r"|based on.*|sound mix|aspect ratio|colou?r|filming locations?|production compan(?:y|ies)"
        r"|official website|website|official site|also known as|aka|tagline|format|imdb id"
        r"|where to watch",
        ("ignore",),
    ),
)
_FIELDS_OF_KEY: dict[str, tuple[str, ...]] = {
    "runtime": ("runtime",),
    "ignore": ("ignore",),
    "sheet": ("sheet",),
}
FIELD_LABELS = tuple(
    [(re.compile(p), fields) for p, fields in _FIELD_LABELS]
    + [
        (re.compile("|".join(patterns)), _FIELDS_OF_KEY.get(key, (key,)))
        for key, patterns in fact_labels().items()
    ]
)

_NO_COLON_RE = re.compile(
    r"^(?P<label>written and directed by|directed and written by|directed by|written by"
    r"|screenplay by|music by|score by|starring|cinematography by|photographed by"
    r"|production design by|produced by|edited by|rated|dir\."
    rf"|{'|'.join(p for ps in bare_fact_labels().values() for p in ps)})\s+(?P<value>\S.*)$",
    re.IGNORECASE,
)
#: Per bare label ("un film di", "durata"), the fields its language's table gives it.
_BARE_FIELDS = tuple(
    (re.compile(pattern, re.IGNORECASE), _FIELDS_OF_KEY.get(key, (key,)))
    for key, patterns in bare_fact_labels().items()
    for pattern in patterns
)
#: The bare labels that may open a credit sentence in a line ("… 2023. Un film di X. Con
#: Y."), but a two-letter word ("de") that opens sentences of every kind.
_SENTENCE_LABELS = "|".join(
    sorted(
        (p for ps in bare_fact_labels().values() for p in ps if len(p) >= 3),
        key=len,
        reverse=True,
    )
)
_PIECE_SPLIT_RE = re.compile(r"\s*(?:\||•|·|‧|;)\s*")
_PIECE_SEPARATORS = ("|", "•", "·", "‧", ";")
_SENTENCE_PIECE_RE = re.compile(
    r"(?:(?<=\))|\.(?<!\bhr\.)(?<!\bhrs\.)(?<!\bstd\.)(?<!\bStd\.)(?<!\bh\.)(?<!\bhour\.)(?<!\bhours\.))"
    r"\s+(?=(?:"
    r"written|directed|screenplay|music|score by|starring|with|cinematography|photographed"
    r"|production design|produced|edited|rated|running time|runtime|genre"
    r"|budget|box office|country|language"
    r"|\d+\s*(?:h|hrs?|hours?|min|mins|minutes)\b))"
    rf"|\.\s+(?=(?:{_SENTENCE_LABELS})\s+(?-i:[A-ZÀ-ÖØ-Þ]))",
    re.IGNORECASE,
)
#: Where the pattern above may split: after a stop or a bracket, before a space.
_SPLIT_POINT_RE = re.compile(r"[.)]\s")
#: "Dir. Celine Song, 106 mins", "Réalisé par Céline Sciamma — 1h45": a runtime after names.
_RUNTIME_AFTER_RE = re.compile(
    rf"(?:,|\s[—–])\s+(?=\d{{1,3}}\s*(?:{'|'.join(HOUR_UNITS + MINUTE_UNITS)})"
    r"(?:\d|\b|(?<=['′]))[^()]*$)",
    re.IGNORECASE,
)


_PROSE_RE = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")
_TITLE_YEAR_RE = re.compile(r"\(((?:18|19|20)\d{2})\)\s*$")
_TERMINAL_RE = re.compile(r"[.!?]$")
_RUNTIME_ONLY_RE = re.compile(r"[\d\s:hrsminute.,'′]+", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def fields_for_label(label: str) -> tuple[str, ...] | None:
    """The fact fields a label fills (("ignore",) for known but unused labels)."""
    norm = normalize_label(label)
    for pattern, fields in FIELD_LABELS:
        if pattern.fullmatch(norm):
            return fields
    return _joined_fields(norm)


_JOINED_LABEL_RE = re.compile(
    rf"^(?P<a>\S+)\s+(?:{'|'.join(re.escape(word) for word in AND_WORDS)}|and|&|/)\s+(?P<b>\S+)$"
)


def _joined_fields(norm: str) -> tuple[str, ...] | None:
    """ "Regie und Buch", "Dirección y guion": two credit labels joined by "and" fill both
    fields (only credits of people: "Land und Jahr" names no one)."""
    joined = _JOINED_LABEL_RE.match(norm) if " " in norm else None
    if joined is None:
        return None
    fields: list[str] = []
    for part in (joined.group("a"), joined.group("b")):
        found = next((f for pattern, f in FIELD_LABELS if pattern.fullmatch(part)), None)
        if found is None or not set(found) <= set(NAME_FIELDS):
            return None
        fields.extend(field for field in found if field not in fields)
    return tuple(fields)


def _is_prose(value: str) -> bool:
    return len(value.split()) > 16 or bool(_PROSE_RE.search(value))


def _names(value: str, strict: bool) -> FactPairs | None:
    names = split_names(value)
    if any(len(name.split()) > 5 for name in names):
        return None
    if strict and not all(looks_like_name(name, min_tokens=1) for name in names):
        return None
    return [("names", names)] if names else []


def _title(value: str) -> FactPairs | None:
    year = _TITLE_YEAR_RE.search(value)
    title = value[: year.start()] if year else value
    title = title.strip(" \"“”'‘’")
    if len(title.split()) > 10 or _TERMINAL_RE.search(title):
        return None
    pairs: FactPairs = [("year", int(year.group(1)))] if year else []
    return [*pairs, ("title", title)] if title else pairs


def _release(value: str) -> FactPairs:
    date = parse_date(value)
    if date is not None:
        return [("release_date", date)]
    year = parse_year(value)
    return [("year", year)] if year is not None else []


_SCALAR_PARSERS: dict[str, Callable[[str], object | None]] = {
    "year": parse_year,
    "runtime": lambda value: parse_runtime(value, bare_number=True),
    "certificate": parse_certificate,
    "genres": lambda value: split_genres(value) or None,
}


def _values_for(fields: tuple[str, ...], value: str, strict_names: bool) -> FactPairs | None:
    """Parsed (field, value) pairs; None when ``value`` is prose rather than a fact."""
    if fields != ("ignore",) and _is_prose(value):
        return None
    if fields == ("sheet",):  # "Fiche : réalisé par X · durée 128 min": the facts it labels
        return parse_fact_line(value) or None
    pairs: FactPairs = []
    for field in fields:
        found: FactPairs | None = []
        if field in NAME_FIELDS:
            found = _names(value, strict_names)
            found = [(field, names) for _, names in found] if found else found
        elif field == "title":
            found = _title(value)
        elif field == "release_date":
            found = _release(value)
        elif field in _SCALAR_PARSERS:
            parsed = _SCALAR_PARSERS[field](value)
            found = [(field, parsed)] if parsed is not None else []
        if found is None:
            return None
        pairs.extend(found)
    return pairs


_CREDIT_PARENS_RE = re.compile(r"\((?P<inner>[^()]{2,80})\)\W*$")
_YEAR_PART_RE = re.compile(r"(?:18|19|20)\d{2}")


def credit_parenthetical(piece: str) -> FactPairs | None:
    """ "Anatomy of a Fall (Justine Triet, 2023, 151 min.)": a director, year and runtime.

    Every comma part of the closing parenthetical must be a name, a year or a runtime with
    its unit, and one of them a runtime; "(Celine Song, 2023)" alone says too little.
    """
    found = _CREDIT_PARENS_RE.search(piece) if "(" in piece else None
    if found is None:
        return None
    pairs: FactPairs = []
    for part in found.group("inner").split(","):
        part = part.strip()
        if _YEAR_PART_RE.fullmatch(part):
            pairs.append(("year", int(part)))
        elif _RUNTIME_ONLY_RE.fullmatch(part) and parse_runtime(part) is not None:
            pairs.append(("runtime", parse_runtime(part)))
        elif looks_like_name(part, min_tokens=2, max_tokens=4):
            pairs.append(("directors", (part,)))
        elif parse_certificate(part) == part.upper() and len(part) <= 5:
            pairs.append(("certificate", part.upper()))  # "(12A, 105 min)"
        else:
            return None
    return pairs if any(field == "runtime" for field, _ in pairs) else None


_COLON_RE = re.compile(r"(?<=[^\W\d_])\s*[:：]")


def split_labeled_run(text: str) -> list[str] | None:
    """ "DIRECTOR: X CAST: Y RUNTIME: Z": split before each known label, or None."""
    if text.count(":") + text.count("：") < 2:
        return None
    colons = [found.start() for found in _COLON_RE.finditer(text)]
    if len(colons) < 2:
        return None
    first = split_label(text[: colons[1]])
    if first is None or fields_for_label(first[0]) is None:
        return None
    starts = [0]
    for colon in colons[1:]:
        words = text[:colon].split()
        start = None
        for count in (3, 2, 1):
            if len(words) > count and fields_for_label(" ".join(words[-count:])) is not None:
                start = text.rindex(words[-count], 0, colon)
                break
        if start is None or start <= starts[-1]:
            return None
        starts.append(start)
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _bare_fields(label: str) -> tuple[str, ...] | None:
    """The fields of a bare label only its language's table knows ("un film di")."""
    return next((fields for pattern, fields in _BARE_FIELDS if pattern.fullmatch(label)), None)


def parse_fact_piece(piece: str) -> FactPairs | None:
    """Facts from one piece of a line; None when the piece is not a fact at all."""
    piece = piece.strip().strip("•·*-–").strip()
    if not piece:
        return None
    labeled = split_label(piece)
    if labeled is not None:
        fields = fields_for_label(labeled[0])
        if fields is not None:
            return _values_for(fields, labeled[1], strict_names=False)
    bare = _NO_COLON_RE.match(piece)
    if bare is not None:
        label = bare.group("label").lower()
        value = bare.group("value")
        if label == "rated":
            cert = parse_certificate(value)
            return [("certificate", cert)] if cert else None
        fields = fields_for_label(label) or _bare_fields(label)
        if fields is None:
            return None
        return _values_for(fields, value, strict_names=True) or None
    runtime = parse_runtime(piece) if _RUNTIME_ONLY_RE.fullmatch(piece) else runtime_only(piece)
    if runtime is not None:
        return [("runtime", runtime)]
    return credit_parenthetical(piece)


_DASH_AFTER_RE = re.compile(r"\s+[—–]\s+")


def _runtime_then_more(piece: str) -> list[str]:
    """ "2 h 58 — avec Pierre Niney": a runtime piece the credits go on after, past a dash."""
    dash = _DASH_AFTER_RE.search(piece) if piece[:1].isdigit() else None
    if dash is None or runtime_only(piece[: dash.start()]) is None:
        return [piece]
    return [piece[: dash.start()], piece[dash.end() :]]


_DASH_PIECE_RE = re.compile(r"\s+[—–]\s+")
_LABELLED_PIECE = 60


def _dashed_credits(text: str) -> FactPairs | None:
    """ "Réal. : Peter Jackson — Nouvelle-Zélande, 1992 — durée : 1h44": credits split by
    dashes, read only when every piece is a fact."""
    pieces = _DASH_PIECE_RE.split(text) if "—" in text or "–" in text else []
    if len(pieces) < 2 or len(pieces[0]) > _LABELLED_PIECE:
        return None  # a sentence before the dash is no credit
    if ":" not in pieces[0] and "：" not in pieces[0] and not pieces[0][:1].isdigit():
        return None  # credits open on a label or a figure ("Réal. :", "1992")
    pairs: FactPairs = []
    for piece in pieces:
        result = parse_fact_piece(piece) or parse_bare_piece(piece)
        if not result:
            return None
        pairs.extend(result)
    return merge_genres(pairs)


#: "More at IMDb TMDB": links to the film's pages elsewhere, closing a line of facts.
_MORE_AT_RE = re.compile(r"\s+More at(?:\s+(?:IMDb|TMDb|TMDB|Letterboxd|JustWatch|Wikipedia))+$")


def parse_fact_line(line: str) -> FactPairs | None:
    """Facts from a whole line, or None when the line is not a fact line.

    Handles hashtag genre lines, several facts separated by "|" (or "•", ";"), newspaper
    credit lines ("Directed by X. Starring Y. Rated R. 126 minutes.") and single labels.
    A known label with an empty value yields an empty list (still a fact line).
    """
    text = line.strip()
    if not text:
        return None
    if "More at" in text:
        text = _MORE_AT_RE.sub("", text)  # "104 mins   More at IMDb TMDB"
    genres = hashtag_genres(text)
    if genres is not None:
        return [("genres", genres)] if genres else []
    if any(separator in text for separator in _PIECE_SEPARATORS):
        pieces = [p for p in _PIECE_SPLIT_RE.split(text) if p.strip()]
    elif (dashed := _dashed_credits(text)) is not None:
        return dashed
    else:
        pieces = _labelled_dash_pieces(text) or split_labeled_run(text) or [text]
    if len(pieces) == 1 and _SPLIT_POINT_RE.search(text) is not None:
        pieces = [p for p in _SENTENCE_PIECE_RE.split(text) if p.strip()]
    runtime_after = len(text) <= 200 and _RUNTIME_AFTER_RE.search(text) is not None
    if runtime_after:
        pieces = [part for piece in pieces for part in _RUNTIME_AFTER_RE.split(piece) if part]
        pieces = [part for piece in pieces for part in _runtime_then_more(piece)]
    pairs: FactPairs = []
    recognized = 0
    for piece in pieces:
        result = parse_fact_piece(piece)
        if result is None and len(pieces) > 1:
            result = parse_bare_piece(piece) or _label_without_colon(piece)
        if result is not None:
            recognized += 1
            pairs.extend(result)
        elif len(pieces) > 1 and fields_for_label(piece.strip().lower()) is not None:
            recognized += 1  # "… Directed by Roman Polanski. Screenplay by": a credit's label
        elif (
            pairs
            and isinstance(pairs[-1][1], tuple)
            and len(piece.split()) <= 4
            and not any(ch.isdigit() for ch in piece)
            and (pairs[-1][0] == "genres" or piece.strip()[:1].isupper())
            and piece.split()[-1].casefold() not in CREDIT_WORDS  # "Screenplay by"
        ):
            # ("produced by Ismail Merchant" after the director is another credit)
            # "Genres: Drama | Sport": a bare piece continues the list before it.
            field, values = pairs[-1][0], tuple(str(v) for v in pairs[-1][1])
            extra = split_genres(piece) if field == "genres" else split_names(piece)
            pairs[-1] = (field, tuple(dict.fromkeys((*values, *extra))))
            recognized += 1
    if not recognized or (recognized * 2 < len(pieces) and not _year_and_length(pairs)):
        return _fact_then_sentence(text) if ". " in text else None
    if runtime_after and {field for field, _ in pairs} == {"runtime"} and ". " in text:
        # "Score yourself: one point per answer. 10 questions, 15 minutes.": a runtime
        # split off the end of sentences is a time limit, not the film's length.
        return None
    return merge_genres(pairs)


_DASH_SPLIT_RE = re.compile(r"\s+[—–]\s+")


def _labelled_dash_pieces(text: str) -> list[str] | None:
    """ "Réal. : Peter Jackson — Nouvelle-Zélande, 1992 — durée : 1h44": pieces joined by
    dashes, two or more of them a known label and its value."""
    if "—" not in text and "–" not in text:
        return None
    pieces = _DASH_SPLIT_RE.split(text)
    if len(pieces) < 2:
        return None
    labelled = 0
    for piece in pieces:
        label = split_label(piece)
        labelled += label is not None and fields_for_label(label[0]) is not None
    return pieces if labelled >= 2 else None


#: The shortest runtime that, with a year, marks a line of pieces as a film's info line.
_FEATURE_MINUTES = 40


def _year_and_length(pairs: FactPairs) -> bool:
    """ "1949 · UK · 104 mins · Black & white · English": a year and a feature's length
    among a line's pieces make it the film's info line, whatever its other pieces say."""
    fields = dict(pairs)
    runtime = fields.get("runtime")
    return "year" in fields and isinstance(runtime, int) and runtime >= _FEATURE_MINUTES


def _label_without_colon(piece: str) -> FactPairs | None:
    """ "Laufzeit 148 Minuten" among a line's pieces: a known label of one or two words,
    then its value, with no colon between them."""
    words = piece.split()
    for size in (2, 1):
        if len(words) <= size:
            continue
        fields = fields_for_label(" ".join(words[:size]).lower())
        if fields is not None:
            return _values_for(fields, " ".join(words[size:]), strict_names=True) or None
    return None


def _fact_then_sentence(text: str) -> FactPairs | None:
    """ "Laufzeit: 162 Minuten. Ab heute im Kino.": a labelled runtime, year, date or
    certificate closed by a full stop, then a sentence that is no fact."""
    first, stop, _ = text.partition(". ")
    labeled = split_label(first) if stop else None
    fields = fields_for_label(labeled[0]) if labeled is not None else None
    if fields is None or not set(fields) <= _VALIDATED_FIELDS:
        return None
    pairs = parse_fact_piece(first)
    if not pairs or not {field for field, _ in pairs} <= _VALIDATED_FIELDS:
        return None
    return pairs


_VALIDATED_FIELDS = frozenset({"year", "runtime", "release_date", "certificate"})


def dangling_label(line: str) -> tuple[str, ...] | None:
    """Fields of a "Release Date:" line whose value may follow on the next line."""
    labeled = split_label(line.strip())
    if labeled is None or labeled[1]:
        return None
    fields = fields_for_label(labeled[0])
    if fields is None or not set(fields) <= _VALIDATED_FIELDS:
        return None
    return fields


def value_on_next_line(fields: tuple[str, ...], line: str) -> FactPairs | None:
    """Read ``line`` as the value of a dangling label (dates, runtimes, years, certificates)."""
    text = line.strip()
    if len(text.split()) > 8:
        return None
    pairs = _values_for(fields, text, strict_names=True)
    return pairs or None


class FactsBuilder:
    """Collects facts; the first value found for a field wins."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def add(self, pairs: FactPairs) -> None:
        for field, value in pairs:
            if field != "ignore" and field not in self._values:
                self._values[field] = value

    def build(self) -> Facts:
        v = self._values

        def names(key: str) -> tuple[str, ...]:
            found = v.get(key, ())
            return tuple(str(x) for x in found) if isinstance(found, tuple) else ()

        def opt_str(key: str) -> str | None:
            found = v.get(key)
            return found if isinstance(found, str) else None

        def opt_int(key: str) -> int | None:
            found = v.get(key)
            return found if isinstance(found, int) else None

        return Facts(
            title=opt_str("title"),
            year=opt_int("year"),
            directors=names("directors"),
            writers=names("writers"),
            cast=names("cast"),
            runtime_minutes=opt_int("runtime"),
            release_date=opt_str("release_date"),
            certificate=opt_str("certificate"),
            genres=names("genres"),
            music=names("music"),
            cinematography=names("cinematography"),
            production_design=names("production_design"),
        )
