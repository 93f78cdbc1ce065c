"""The README's recipe: a film.toml with a title, year, logline and [sources] only."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import ingest_paths
from bot.store import Store, films
from tests.conftest import Chat
from tests.test_ingest import NEW_REVIEW

UNSIGNED = """Lost in Translation

Directed by: Sofia Coppola
Music by: Kevin Shields

Tokyo has never looked lonelier or more beautiful than in this film, and the quiet
scenes in the hotel bar carry the whole story with hardly a word spoken between them.
Murray underplays every moment, and the result is the most tender performance of his career.

Rating: 8/10
"""

RECIPE = """title = "Lost in Translation"
year = 2003
logline = "A faded movie star and a neglected young woman form an unlikely bond in Tokyo."

[sources]
"jane.txt" = "The Tokyo Review"
"unsigned.txt" = "Night Train Films"
"""


def recipe_folder(root: Path) -> Path:
    folder = root / "lost-in-translation-2003"
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.toml").write_text(RECIPE)
    (folder / "reviews" / "jane.txt").write_text(NEW_REVIEW)
    (folder / "reviews" / "unsigned.txt").write_text(UNSIGNED)
    (folder / "reviews" / "anonymous.txt").write_text(UNSIGNED.replace("8/10", "7/10"))
    return folder


async def test_a_logline_does_not_stop_facts_being_read_from_reviews(
    store: Store, tmp_path: Path
) -> None:
    await ingest_paths(store, [recipe_folder(tmp_path)])
    film = (await store.read(films.films_by_norm, "lost in translation", 2003))[0]
    assert film.logline is not None and film.logline.startswith("A faded movie star")
    facts = {(f.key, f.value): f.sources for f in await store.read(films.facts, film.id)}
    # Each fact cites the documents by their [sources] names; unnamed ones by file name.
    assert facts[("directors", "Sofia Coppola")] == (
        "anonymous.txt",
        "The Tokyo Review",
        "Night Train Films",
    )
    assert facts[("music", "Kevin Shields")] == ("anonymous.txt", "Night Train Films")
    assert ("cast", "Bill Murray") in facts


async def test_reviews_are_attributed_to_author_then_source_name(
    store: Store, tmp_path: Path
) -> None:
    await ingest_paths(store, [recipe_folder(tmp_path)])
    film = (await store.read(films.films_by_norm, "lost in translation", 2003))[0]
    critics = {c.author: c.raw_score for c in await store.read(films.critic_scores, film.id)}
    # The author named in the document wins over the [sources] name.
    assert critics["Jane Doe"] == "4.5/5"
    assert critics["Night Train Films"] == "8/10"
    # Neither an author nor a [sources] name: no critic is invented.
    assert critics[None] == "7/10"


async def test_bundled_her_scores_name_critics_not_descriptions(chat: Chat) -> None:
    reply = await chat("/scores Her chart:no")
    critics = next(f.value for f in reply.fields if f.name == "Critics")
    lines = critics.splitlines()
    assert len(lines) == 7
    assert any(line.startswith("Miguel Felix: 10/10") for line in lines)
    assert any(line.startswith("awardscircuit.com: no overall score") for line in lines)
    for line in lines:
        who = line.split(":", 1)[0]
        assert len(who.split()) <= 3, who
        assert "review with" not in who and "via a" not in who and ".txt" not in who
