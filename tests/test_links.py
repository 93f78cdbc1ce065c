"""Which film a message is about: links to IMDb, Letterboxd, TMDB and Wikipedia, or words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import App
from bot.catalog.models import CatalogFilm
from bot.errors import UserError
from bot.links import film_mention
from bot.store import catalog


@pytest.mark.parametrize(
    ("text", "title", "source"),
    [
        (
            "https://letterboxd.com/film/the-grand-budapest-hotel/",
            "the grand budapest hotel",
            "letterboxd",
        ),
        ("look: https://letterboxd.com/ada/film/heat-1995/ !", "heat 1995", "letterboxd"),
        ("https://www.themoviedb.org/movie/949-heat", "heat", "tmdb"),
        ("https://en.wikipedia.org/wiki/Heat_(1995_film)", "Heat 1995", "wikipedia"),
        ("<https://fr.wikipedia.org/wiki/Le_Samoura%C3%AF|wiki>", "Le Samouraï", "wikipedia"),
    ],
)
async def test_links_give_titles(loaded_app: App, text: str, title: str, source: str) -> None:
    mention = await film_mention(loaded_app.services, text)
    assert (mention.title, mention.source) == (title, source)


async def test_an_imdb_link_finds_the_film_the_catalog_recorded(loaded_app: App) -> None:
    film = CatalogFilm(title="Vertigo", year=1958, imdb_id="tt0052357", tmdb_id="426")
    await loaded_app.store.write(catalog.save_film, film, datetime.now(UTC))
    by_imdb = await film_mention(loaded_app.services, "https://www.imdb.com/title/tt0052357/")
    assert by_imdb.film is not None and by_imdb.query() == "Vertigo (1958)"
    by_tmdb = await film_mention(loaded_app.services, "https://www.themoviedb.org/movie/426")
    assert by_tmdb.film is not None and by_tmdb.source == "tmdb"


async def test_an_unknown_imdb_link_falls_back_to_the_words_around_it(loaded_app: App) -> None:
    said = await film_mention(loaded_app.services, "Alien https://www.imdb.com/title/tt0078748/")
    assert (said.title, said.source) == ("Alien", "imdb")
    with pytest.raises(UserError, match="tt0078748"):
        await film_mention(loaded_app.services, "https://www.imdb.com/title/tt0078748/")


async def test_plain_words_must_name_one_film(loaded_app: App) -> None:
    assert (await film_mention(loaded_app.services, "*Her*")).query() == "Her (2013)"
    with pytest.raises(UserError, match="does not name one film"):
        await film_mention(loaded_app.services, "pizza on friday?")
    with pytest.raises(UserError, match="names no film"):
        await film_mention(loaded_app.services, "https://example.org/")
