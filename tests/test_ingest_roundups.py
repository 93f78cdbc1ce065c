"""A roundup reviewing several films, loaded with ``python -m bot ingest``: each review is
filed under the film it names, with that film's facts; unclear names are reported."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.test_cli import run
from tests.wikidata_fake import FakeWikidata

ROUNDUP = """This month at the Rialto

PAST LIVES
Director: Celine Song
Runtime: 106 min
Two childhood friends meet again in New York, twenty-four years later.
Rating: 9/10

AFTERSUN
Director: Charlotte Wells
Runtime: 102 min
A father and daughter on holiday in Turkey, seen again twenty years on.
Rating: 10/10

HEAT
Director: Michael Mann
Runtime: 170 min
A thief and a detective circle each other across Los Angeles.
Rating: 8/10

THE LIGHTHOUSE KEEPER'S DAUGHTER
Director: Ann Lee
Runtime: 95 min
A quiet film about a lighthouse and the sea.
Rating: 6/10
"""


def _film(root: Path, slug: str, toml: str, review: str | None = None) -> Path:
    folder = root / slug
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.toml").write_text(toml, encoding="utf-8")
    if review is not None:
        (folder / "reviews" / "rialto.txt").write_text(review, encoding="utf-8")
    return folder


def _scores(db: str) -> dict[str, list[float]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT f.title, f.year, r.score FROM reviews r JOIN films f ON f.id = r.film_id"
            " ORDER BY f.title, f.year, r.score"
        ).fetchall()
    found: dict[str, list[float]] = {}
    for title, year, score in rows:
        found.setdefault(f"{title} ({year})", []).append(score)
    return found


def _facts(db: str, title: str) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT k.key, k.value FROM film_facts k JOIN films f ON f.id = k.film_id"
            " WHERE f.title = ? ORDER BY k.position",
            (title,),
        ).fetchall()
    found: dict[str, list[str]] = {}
    for key, value in rows:
        found.setdefault(key, []).append(value)
    return found


def test_each_review_of_a_roundup_goes_to_its_own_film(tmp_path: Path) -> None:
    db = str(tmp_path / "club.db")
    library = tmp_path / "library"
    _film(
        library,
        "aftersun-2022",
        'title = "Aftersun"\nyear = 2022\n'
        '[[facts]]\nkey = "runtime"\nvalue = "101 min"\nsources = ["BFI"]\n',
    )
    _film(library, "heat-1995", 'title = "Heat"\nyear = 1995\n')
    _film(library, "heat-1986", 'title = "Heat"\nyear = 1986\n')
    first = run("ingest", str(library), "--db", db)
    assert first.returncode == 0, first.stderr

    roundup = _film(
        tmp_path / "new", "past-lives-2023", 'title = "Past Lives"\nyear = 2023\n', ROUNDUP
    )
    out = run("ingest", str(roundup), "--db", db)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.strip() == (
        "Loaded 1 film: 1 new document (2 reviews, 2 scored, 2 excerpts), 0 already loaded,"
        " 0 bad files. 2 reviews left out: which film is unclear."
    )
    # Heat names two library films; the lighthouse film is in neither library nor catalog.
    assert "(review of “Heat”): “Heat” could be Heat (1986), Heat (1995)" in out.stderr
    assert "(review of “The Lighthouse Keeper's Daughter”): no film called" in out.stderr

    assert _scores(db) == {"Aftersun (2022)": [10.0], "Past Lives (2023)": [9.0]}
    # Each film keeps its own facts: the folder's film gets its capsule's, not the page's
    # other films'; Aftersun gains a director and keeps its curated runtime.
    assert _facts(db, "Past Lives") == {"directors": ["Celine Song"], "runtime": ["106 min"]}
    assert _facts(db, "Aftersun") == {"runtime": ["101 min"], "directors": ["Charlotte Wells"]}
    assert _facts(db, "Heat") == {}

    again = run("ingest", str(roundup), "--db", db)
    assert "0 new documents" in again.stdout and "1 already loaded" in again.stdout
    assert _scores(db) == {"Aftersun (2022)": [10.0], "Past Lives (2023)": [9.0]}


def test_a_review_naming_no_film_stays_with_the_documents_film(tmp_path: Path) -> None:
    db = str(tmp_path / "club.db")
    review = tmp_path / "note.txt"
    review.write_text("A quiet film about a lighthouse keeper.\n\nRating: 8/10\n", "utf-8")
    out = run("ingest", str(review), "--film", "Aftersun 2022", "--db", db)
    assert out.returncode == 0, out.stderr
    assert "left out" not in out.stdout + out.stderr
    assert _scores(db) == {"Aftersun (2022)": [8.0]}


CATALOG_ROUNDUP = """Three from the archive

ARRIVAL
Linguists and heptapods, and a daughter's story told out of order.
Rating: 9/10

HEAT
Two professionals and a diner scene for the ages.
Rating: 8/10

LONESOME
Two lonely workers meet at Coney Island and lose each other in the crowd.
Rating: 10/10
"""


async def test_roundup_titles_are_looked_up_in_the_catalog(tmp_path: Path) -> None:
    wikidata = await FakeWikidata().start()
    try:
        db = str(tmp_path / "club.db")
        folder = _film(tmp_path, "archive", 'title = "Lonesome"\nyear = 1928\n', CATALOG_ROUNDUP)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
        env |= {"FILMCLUB_CATALOG": "on", "WIKIDATA_API_URL": wikidata.api_url}
        env |= {"FILMCLUB_CONTACT": "admin@example.org"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "ingest", str(folder), "--db", db,
            cwd=REPO, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(proc.communicate(), 120)
    finally:
        await wikidata.stop()
    assert proc.returncode == 0, err.decode()
    assert "1 review left out" in out.decode()
    assert "(review of “Heat”): “Heat” could be" in err.decode()
    assert _scores(db) == {"Arrival (2016)": [9.0], "Lonesome (1928)": [10.0]}
