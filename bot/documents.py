"""Reading one review file: decoding, parsing and excerpting it.

This is what ingest's worker processes run; it imports only the parser and the excerpt
finder, so a worker starts quickly.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from bot import parsing
from bot.excerpts import extract_excerpts
from bot.parsing import ParsedDocument

MAX_DOCUMENT_BYTES = 2_000_000


class BadFile(Exception):
    """A file that cannot be loaded; the message says why."""


# Byte-order marks, longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode(data: bytes) -> str:
    """Text by its byte-order mark; without one UTF-8, else Windows-1252; BadFile if binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise BadFile(f"not valid {encoding.upper()} text") from exc
            if "\x00" in text:
                raise BadFile("binary file")
            return text
    if b"\x00" in data:
        raise BadFile("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise BadFile("not text") from exc


def read_document(path: Path) -> tuple[str, str]:
    """The text of a review file and its content hash; BadFile if unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"unreadable ({exc.strerror or exc})") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise BadFile(f"too large ({len(data)} bytes)")
    text = _decode(data)
    if not text.strip():
        raise BadFile("empty")
    return text, hashlib.sha256(data).hexdigest()


Excerpts = tuple[tuple[str, frozenset[str]], ...]


def review_excerpts(parsed: ParsedDocument) -> tuple[Excerpts, ...]:
    """The excerpts of each review of a parsed document, as the store keeps them."""
    return tuple(
        tuple((e.text, e.topics) for e in extract_excerpts(r.text)) for r in parsed.reviews
    )


@dataclass(frozen=True)
class LoadedDocument:
    path: Path
    digest: str
    parsed: ParsedDocument
    excerpts: tuple[Excerpts, ...]


def load_document(path: Path) -> LoadedDocument | str:
    """Read, parse and excerpt one review file, or say why it cannot be loaded."""
    try:
        text, digest = read_document(path)
        parsed = parsing.parse_document(text, path.name)
    except BadFile as exc:
        return str(exc)
    except Exception as exc:
        return f"could not be parsed ({exc})"
    return LoadedDocument(path, digest, parsed, review_excerpts(parsed))


def background_priority() -> None:
    """Workers parse ahead at a lower priority, so the process writing the store keeps a core."""
    if hasattr(os, "nice"):
        os.nice(10)


def load_documents(paths: list[Path]) -> list[LoadedDocument | str]:
    return [load_document(path) for path in paths]
