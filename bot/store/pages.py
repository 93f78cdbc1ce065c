"""Review documents fetched from the web, known by canonical URL as well as content."""

from __future__ import annotations

import sqlite3

from bot.store.films import add_document
from bot.store.models import DocumentInput


def document_url_known(conn: sqlite3.Connection, url: str) -> bool:
    row = conn.execute("SELECT 1 FROM documents WHERE url = ? LIMIT 1", (url,)).fetchone()
    return row is not None


def add_page(conn: sqlite3.Connection, doc: DocumentInput) -> bool:
    """Store a page's document unless its canonical URL or its content is already stored."""
    if doc.url and document_url_known(conn, doc.url):
        return False
    return add_document(conn, doc)


def add_roundup_page(conn: sqlite3.Connection, docs: list[DocumentInput]) -> bool:
    """Store a page reviewing several films, one document per film, all or nothing; False
    when its canonical URL is already stored."""
    if not docs or any(doc.url and document_url_known(conn, doc.url) for doc in docs):
        return False
    added = False
    for doc in docs:
        added = add_document(conn, doc) or added
    return added
