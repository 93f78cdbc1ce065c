"""Every start loads the film folders that are new under data/films, and only those."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.app import App
from bot.runner import load_bundled_corpus
from bot.store import films
from tests.conftest import CORPUS

NEW_FILM = """title = "Lost in Translation"
year = 2003
"""
NEW_REVIEW = """Lost in Translation

Reviewed by Jane Doe

Bill Murray gives the quietest and funniest performance of his career as a fading
star adrift in Tokyo, and the city glows around him through every hotel window.

Verdict: 4.5/5
"""


async def test_each_start_loads_the_folders_added_since_the_last(app: App, tmp_path: Path) -> None:
    corpus = tmp_path / "films"
    shutil.copytree(CORPUS, corpus)
    first = await load_bundled_corpus(app, corpus)
    assert first is not None and first.startswith("Loaded 1 film: 5 new documents")
    assert await load_bundled_corpus(app, corpus) is None

    added = corpus / "lost-in-translation-2003"
    (added / "reviews").mkdir(parents=True)
    (added / "film.toml").write_text(NEW_FILM, encoding="utf-8")
    (added / "reviews" / "doe.txt").write_text(NEW_REVIEW, encoding="utf-8")
    second = await load_bundled_corpus(app, corpus)
    assert second is not None and second.startswith("Loaded 1 film: 1 new document ")
    assert (await app.store.read(films.film_count))[0] == 2
    assert await load_bundled_corpus(app, corpus) is None

    # A review dropped into a known film's folder is new too.
    (added / "reviews" / "second.txt").write_text(
        NEW_REVIEW.replace("Jane Doe", "Sam Roe"), encoding="utf-8"
    )
    third = await load_bundled_corpus(app, corpus)
    assert third is not None and "1 new document " in third and "1 already loaded" in third
    assert await load_bundled_corpus(app, corpus) is None


async def test_a_missing_corpus_folder_loads_nothing(app: App, tmp_path: Path) -> None:
    assert await load_bundled_corpus(app, tmp_path / "nowhere") is None
