"""Tests for the review-document parser (bot.parsing)."""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import pytest

from bot.parsing import (
    Aggregate,
    Facts,
    ParsedDocument,
    ParsedReview,
    normalize_score,
    parse_document,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "films" / "her-2013" / "reviews"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reviews"


def seed(prefix: str) -> ParsedDocument:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_document(path.read_text(encoding="utf-8"), path.name)


def fixture(name: str) -> ParsedDocument:
    path = FIXTURES / name
    return parse_document(path.read_text(encoding="utf-8"), name)


# --------------------------------------------------------------------------- seeds


def test_seed_000_facts_scores_and_categories() -> None:
    doc = seed("000")
    assert doc.facts.to_json() == {
        "title": "Her",
        "directors": ["Spike Jonze"],
        "writers": ["Spike Jonze"],
        "runtime_minutes": 126,
        "release_date": "2013-12-18",
        "certificate": "R",
    }
    assert doc.facts.music == ("Owen Pallett",)
    assert doc.facts.cinematography == ("Hoyte Van Hoytema",)
    assert doc.facts.cast == ()
    assert doc.aggregates == ()
    (review,) = doc.reviews
    assert review.author is None
    assert review.score == 9.28
    assert review.raw_score == "9.28"
    assert review.categories == {
        "Directing": 9.5,
        "Set Direction": 8.5,
        "Costume Design and/or Direction": 9.3,
        "Music": 9.5,
        "Lead Actors": 9.8,
        "Supporting Actors": 9.5,
        "Cinematography": 9.5,
        "Sound": 9.0,
        "Effects": 8.5,
        "Story": 9.7,
    }


def test_seed_000_text_excludes_facts_scores_and_reader_comment() -> None:
    (review,) = seed("000").reviews
    assert review.text.startswith("What if you had an operating system")
    assert "The music was spot on with the emotions of the movie" in review.text
    for unwanted in (
        "Tom says",
        "Great piece man",
        "one of my favorite films ever",
        "Movie Title:",
        "Directed by:",
        "Run time",
        "Average Film Score",
        "Directing: 9.5",
        "Best line in the film:",
    ):
        assert unwanted not in review.text


def test_seed_001_cast_and_verdict_after_heading() -> None:
    doc = seed("001")
    assert doc.facts.to_json() == {
        "directors": ["Spike Jonze"],
        "writers": ["Spike Jonze"],
        "cast": [
            "Joaquin Phoenix",
            "Amy Adams",
            "Scarlett Johansson",
            "Chris Pratt",
            "Rooney Mara",
            "Kristen Wiig",
            "Olivia Wilde",
        ],
    }
    assert doc.aggregates == ()
    (review,) = doc.reviews
    assert (review.score, review.raw_score, review.author) == (10.0, "4/4", None)
    assert review.categories == {}
    # The verdict's own sentence is the critic's prose; its "4/4" and the heading are not.
    assert review.text.endswith("lovable romances I’ve ever seen.")
    for unwanted in (
        "My Rating",
        "4/4",
        "thoughts on",
        "Leave a Reply",
        "Fill in your details",
        "commenting using",
        "Log Out",
        "Connecting to",
        "WordPress.com Logo",
        "Starring:",
    ):
        assert unwanted not in review.text


def test_seed_002_three_hashtag_verdicts_each_own_text() -> None:
    doc = seed("002")
    assert doc.facts.to_json() == {"genres": ["drama", "romance", "sci-fi"]}
    assert doc.facts.directors == ()
    assert [r.score for r in doc.reviews] == [10.0, 9.0, 10.0]
    assert [r.raw_score for r in doc.reviews] == ["5.0", "4.5", "5.0"]
    first, second, third = (r.text for r in doc.reviews)
    assert first.startswith("Theodore is a lonely man")
    assert first.endswith("you should not miss “Her”.")
    assert second.startswith("“Her” is a one of a kind Science Fiction movie")
    assert second.endswith("definitely worth your time")
    assert third.startswith("“Her” is a very special Science Fiction movie")
    assert third.endswith("as the voice of Samantha.")
    for text in (first, second, third):
        assert "#" not in text
        assert not text.startswith("Spike Jonze")


def test_seed_003_aggregate_widget_url_and_rejoined_prose() -> None:
    doc = seed("003")
    assert doc.facts.to_json() == {"year": 2013, "directors": ["Spike Jonze"]}
    assert [a.to_json() for a in doc.aggregates] == [{"source": None, "score": 7.9, "votes": 959}]
    assert doc.url == "http://www.awardscircuit.com"
    assert doc.site == "awardscircuit.com"
    (review,) = doc.reviews
    assert review.score is None and review.raw_score is None
    # "December 16, 2013 0 By Fans" is a site meta line: a bare byline needs a full name,
    # so the site account "Fans" is not reported as the critic.
    assert review.author is None
    text = review.text
    assert text.startswith(
        "Talk about closing with a bang. Spike Jonze's long-awaited original film"
    )
    assert "it's an all-around technical marvel" in text
    assert "Learning at a rapid rate and studying the behaviors of the human mind" in text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 8
    assert all("\n" not in p for p in paragraphs)
    for unwanted in (
        "Read More",
        "awardscircuit",
        "1 Star",
        "No Ratings Yet",
        "By Fans",
        "Did You Know",
        "Carey Mulligan",
        "See more",
        "Official",
        "Technical Specs",
        "User Review",
        "A lonely writer develops",
        "959",
    ):
        assert unwanted not in text


def test_seed_004_overall_categories_author_and_prose_numbers() -> None:
    doc = seed("004")
    assert doc.facts.to_json() == {}
    assert doc.aggregates == ()
    (review,) = doc.reviews
    assert review.author == "Miguel Felix"
    assert review.score == 10.0
    assert review.raw_score == "10 Overall Score"
    assert review.categories == {"Filmography": 10.0, "Story": 10.0, "acting": 9.0}
    # Numbers inside sentences stay prose and are never read as scores.
    assert "This is the first 10 in this site’s history" in review.text
    assert "I never knew what a 10/10 would look like" in review.text
    for unwanted in (
        "Overall Score",
        "Filmography",
        "An original idea |",
        "Author:",
        "View all posts",
        "Editor and Reviewer",
    ):
        assert unwanted not in review.text


def test_seed_corpus_summary() -> None:
    docs = [seed(f"00{n}") for n in range(5)]
    scores = [r.score for d in docs for r in d.reviews if r.score is not None]
    assert len(scores) == 6
    assert round(statistics.mean(scores), 2) == 9.71
    assert statistics.median(scores) == 10.0
    assert sum(len(d.aggregates) for d in docs) == 1


def test_document_json_shape() -> None:
    data = seed("000").to_json()
    assert list(data) == ["file", "facts", "reviews", "aggregates"]
    assert data["file"] == "000_0c298e1bf033e29d.txt"
    reviews = data["reviews"]
    assert isinstance(reviews, list)
    assert set(reviews[0]) == {"author", "score", "raw_score", "categories"}


def test_facts_json_only_public_keys_found() -> None:
    facts = Facts(title="X", music=("A",), cinematography=("B",), production_design=("C",))
    assert facts.to_json() == {"title": "X"}
    assert Facts().to_json() == {}
    review = ParsedReview(author=None, score=None, raw_score=None, categories={}, text="t")
    assert review.to_json() == {"author": None, "score": None, "raw_score": None, "categories": {}}
    assert Aggregate("IMDb", 7.9, 959).to_json() == {"source": "IMDb", "score": 7.9, "votes": 959}


# ------------------------------------------------------------------------ fixtures

FIXTURE_EXPECTED: dict[str, dict[str, object]] = {
    "letterboxd_arrival.txt": {
        "facts": {"directors": ["Denis Villeneuve"]},
        "reviews": [
            {"author": "Jane Doe", "score": 7.0, "raw_score": "★★★½", "categories": {}},
        ],
        "aggregates": [],
    },
    "newspaper_quiet_harbor.txt": {
        "facts": {
            "title": "The Quiet Harbor",
            "year": 2019,
            "directors": ["Lena Marsh"],
            "cast": ["Tom Reyes", "Ana Lucía Prado", "Dev Kapoor"],
            "runtime_minutes": 112,
            "certificate": "R",
        },
        "reviews": [
            {
                "author": "Margaret O'Neill",
                "score": 7.0,
                "raw_score": "3.5 out of 5",
                "categories": {},
            },
        ],
        "aggregates": [],
    },
    "blog_paper_lanterns.txt": {
        "facts": {
            "title": "Paper Lanterns",
            "year": 2021,
            "directors": ["Mei Lin Zhou"],
            "writers": ["Mei Lin Zhou", "Owen Hart"],
            "runtime_minutes": 116,
            "certificate": "PG-13",
            "genres": ["Drama", "Romance"],
        },
        "reviews": [
            {"author": "Sam Carter", "score": 7.0, "raw_score": "7/10", "categories": {}},
        ],
        "aggregates": [],
    },
    "rt_midnight_orchard.txt": {
        "facts": {
            "title": "Midnight Orchard",
            "year": 2022,
            "directors": ["Hana Okafor"],
            "writers": ["Hana Okafor", "Luis Ortega"],
            "runtime_minutes": 118,
            "release_date": "2022-10-07",
            "certificate": "PG-13",
            "genres": ["Mystery", "Thriller", "Drama"],
        },
        "reviews": [],
        "aggregates": [
            {"source": "Rotten Tomatoes", "score": 8.5, "votes": 142},
            {"source": "Audience Score", "score": 7.8, "votes": 2431},
        ],
    },
    "html_night_train.txt": {
        "facts": {
            "directors": ["Petra Nowak"],
            "cast": ["Alan Brisk", "Mona Vale"],
            "runtime_minutes": 98,
            "release_date": "2008-04-11",
        },
        "reviews": [
            {"author": "Ravi Kumar", "score": 8.0, "raw_score": "8/10", "categories": {}},
        ],
        "aggregates": [],
    },
    "noscore_glass_meridian.txt": {
        "facts": {
            "title": "The Glass Meridian",
            "year": 2015,
            "directors": ["Colm Byrne"],
            "writers": ["Colm Byrne"],
            "cast": ["Aoife Kelly", "Tom O'Hare"],
            "runtime_minutes": 107,
            "release_date": "2015-12-18",
            "certificate": "15",
        },
        "reviews": [
            {"author": "Priya Natarajan", "score": None, "raw_score": None, "categories": {}},
        ],
        "aggregates": [],
    },
    "multi_copper_sky.txt": {
        "facts": {},
        "reviews": [
            {"author": "Anna Lee", "score": 8.3, "raw_score": "B+", "categories": {}},
            {"author": "Marcus Webb", "score": 5.0, "raw_score": "C", "categories": {}},
        ],
        "aggregates": [],
    },
    "imdb_long_field.txt": {
        "facts": {
            "title": "The Long Field",
            "year": 2020,
            "directors": ["Ruth Ambler"],
            "cast": ["Ben Ito", "Clara Voss", "Dayo Mensah"],
            "genres": ["Drama", "Sport"],
        },
        "reviews": [{"author": None, "score": 7.0, "raw_score": "7/10", "categories": {}}],
        "aggregates": [
            {"source": "IMDb", "score": 7.4, "votes": 12500},
            {"source": "Metacritic", "score": 8.1, "votes": None},
        ],
    },
    "categories_saltwater.txt": {
        "facts": {"title": "Saltwater Saints"},
        "reviews": [
            {
                "author": None,
                "score": None,
                "raw_score": None,
                "categories": {"Story": 8.0, "Acting": 9.0, "Visuals": 7.5, "Sound Design": 8.0},
            },
        ],
        "aggregates": [],
    },
    "stars_newspaper_lamplighter.txt": {
        "facts": {"runtime_minutes": 104, "release_date": "2013-12-18", "certificate": "PG"},
        "reviews": [
            {
                "author": "Daniel Osei",
                "score": 8.75,
                "raw_score": "***½ (out of four)",
                "categories": {},
            },
        ],
        "aggregates": [{"source": None, "score": 8.5, "votes": 12}],
    },
    "prose_numbers_summer_house.txt": {
        "facts": {},
        "reviews": [{"author": None, "score": None, "raw_score": None, "categories": {}}],
        "aggregates": [],
    },
    "header_footer_tin_crown.txt": {
        "facts": {},
        "reviews": [{"author": None, "score": 8.0, "raw_score": "4/5", "categories": {}}],
        "aggregates": [],
    },
    "reddit_prisoners.txt": {
        "facts": {"title": "Prisoners", "year": 2013},
        "reviews": [
            {"author": "u/quietfilmfan", "score": 9.0, "raw_score": "9/10", "categories": {}},
        ],
        "aggregates": [],
    },
    "newsletter_friday_reel.txt": {
        "facts": {},
        "reviews": [
            {
                "author": "Dana Whitfield",
                "score": 8.0,
                "raw_score": "4/5",
                "categories": {},
                "title": "Sunrise Motel",
            },
            {
                "author": "Omar Haddad",
                "score": 5.0,
                "raw_score": "2.5/5",
                "categories": {},
                "title": "The Orchid Room",
            },
            {
                "author": "Beth Carver",
                "score": 10.0,
                "raw_score": "5/5",
                "categories": {},
                "title": "Long Division",
            },
        ],
        "aggregates": [],
    },
    "markdown_memories.txt": {
        "facts": {
            "title": "Memories of Murder",
            "year": 2003,
            "directors": ["Bong Joon-ho"],
            "writers": ["Bong Joon-ho", "Shim Sung-bo"],
            "cast": ["Song Kang-ho", "Kim Sang-kyung", "Kim Roi-ha"],
            "runtime_minutes": 132,
            "genres": ["Crime", "Thriller"],
        },
        "reviews": [
            {"author": "Alex Moreno", "score": 9.0, "raw_score": "9/10", "categories": {}},
        ],
        "aggregates": [],
    },
    "forum_dune_quote.txt": {
        "facts": {},
        "reviews": [
            {"author": "Lena Hofmann", "score": 9.0, "raw_score": "9/10", "categories": {}},
        ],
        "aggregates": [],
    },
    "cookie_wall_arrival.txt": {
        "facts": {
            "title": "Arrival",
            "year": 2016,
            "directors": ["Denis Villeneuve"],
            "cast": ["Amy Adams", "Jeremy Renner"],
            "runtime_minutes": 116,
            "certificate": "PG-13",
        },
        "reviews": [{"author": None, "score": 8.5, "raw_score": "8.5/10", "categories": {}}],
        "aggregates": [],
    },
    "closing_score_glass_house.txt": {
        "facts": {
            "directors": ["Ruth Okonkwo"],
            "writers": ["Ruth Okonkwo"],
            "cast": ["Mira Sen", "Jonah Pike", "Ada Flint"],
        },
        "reviews": [{"author": "Kim Lee", "score": 7.0, "raw_score": "7/10", "categories": {}}],
        "aggregates": [],
    },
    "translated_note_site.txt": {
        "facts": {
            "directors": ["Élodie Marchand"],
            "runtime_minutes": 107,
            "release_date": "2019-03-12",
            "genres": ["Drama", "Romance"],
        },
        "reviews": [
            {"author": "Julien Roux", "score": 8.0, "raw_score": "4/5", "categories": {}},
        ],
        "aggregates": [],
    },
    "matrix_info_line.txt": {
        "facts": {
            "title": "The Matrix",
            "year": 1999,
            "directors": ["Lana Wachowski", "Lilly Wachowski"],
            "runtime_minutes": 136,
            "release_date": "1999-03-31",
            "certificate": "R",
            "genres": ["Action", "Sci-Fi"],
        },
        "reviews": [
            {
                "author": None,
                "score": 9.5,
                "raw_score": "A",
                "categories": {"Story": 8.0, "Acting": 9.0, "Visuals": 10.0, "Music": 8.0},
            },
        ],
        "aggregates": [
            {"source": "Metacritic", "score": 7.3, "votes": None},
            {"source": "IMDb", "score": 8.7, "votes": 2012345},
        ],
    },
    "guardian_parasite.txt": {
        "facts": {
            "title": "Parasite",
            "directors": ["Bong Joon-ho"],
            "cast": ["Song Kang-ho", "Lee Sun-kyun", "Cho Yeo-jeong"],
            "runtime_minutes": 132,
            "release_date": "2020-02-07",
            "certificate": "15",
            "genres": ["Thriller", "Comedy"],
        },
        "reviews": [
            {"author": "Hannah Price", "score": 10.0, "raw_score": "★★★★★", "categories": {}},
        ],
        "aggregates": [
            {"source": "Metacritic", "score": 9.6, "votes": None},
            {"source": "Audience Score", "score": 9.0, "votes": None},
        ],
    },
    "fargo_star_words.txt": {
        "facts": {
            "title": "Fargo",
            "year": 1996,
            "directors": ["Joel Coen", "Ethan Coen"],
            "writers": ["Joel Coen", "Ethan Coen"],
            "release_date": "1996-03-08",
            "certificate": "R",
        },
        "reviews": [
            {
                "author": "Tom Ashby",
                "score": 7.0,
                "raw_score": "Three and a half stars",
                "categories": {},
            },
        ],
        "aggregates": [{"source": "Letterboxd", "score": 8.2, "votes": 120000}],
    },
    "categories_dashes_hollow.txt": {
        "facts": {
            "title": "The Hollow Hour",
            "year": 2022,
            "cast": ["Nora Vance", "Eli Brandt", "Suki Amari"],
            "runtime_minutes": 99,
            "genres": ["Horror", "Comedy"],
        },
        "reviews": [
            {
                "author": None,
                "score": 9.0,
                "raw_score": "9",
                "categories": {
                    "Acting": 10.0,
                    "Story": 9.0,
                    "Visuals": 9.0,
                    "Scares": 8.0,
                    "Soundtrack": 8.0,
                },
            },
        ],
        "aggregates": [{"source": "IMDb", "score": 7.9, "votes": 12345}],
    },
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_fixture_documents(name: str) -> None:
    data = fixture(name).to_json()
    assert data == {"file": name, **FIXTURE_EXPECTED[name]}


def test_fixture_extra_facts() -> None:
    glass = fixture("noscore_glass_meridian.txt").facts
    assert glass.music == ("Ines Duarte",)
    assert glass.cinematography == ("Paul Wren",)
    assert glass.production_design == ("Karen Holt",)
    salt = fixture("categories_saltwater.txt").facts
    assert salt.music == ("Lior Ben-David",)
    assert salt.cinematography == ("Ana Ruiz",)
    lamp = fixture("stars_newspaper_lamplighter.txt").facts
    assert lamp.music == ("Hal Brennan", "Joy Okoro")


def test_fixture_html_leftovers() -> None:
    doc = fixture("html_night_train.txt")
    assert doc.url == "https://www.example-reviews.net/reviews/night-train/"
    assert doc.site == "example-reviews.net"
    (review,) = doc.reviews
    assert review.text.startswith("Petra Nowak’s thriller takes place almost entirely aboard")
    assert "its warmth & its wit" in review.text
    for unwanted in ("<", "&amp;", "dataLayer", "font-family", "Share this", "All rights", "Home"):
        assert unwanted not in review.text


@pytest.mark.parametrize(
    ("name", "unwanted"),
    [
        ("blog_paper_lanterns.txt", ("9/10 for me", "Lucy", "Tagged", "Comments", "Runtime")),
        ("noscore_glass_meridian.txt", ("Alex says", "10/10", "3 stars", "— Priya", "Movie:")),
        ("letterboxd_arrival.txt", ("likes", "Like review", "Share", "Watched", "★")),
        ("imdb_long_field.txt", ("found this helpful", "Permalink", "My Rating", "IMDb")),
        ("newspaper_quiet_harbor.txt", ("FILM REVIEW", "Published", "Directed by", "Facebook")),
        ("reddit_prisoners.txt", ("r/movies", "9/10", "Edit:", "comments", "Report")),
        ("forum_dune_quote.txt", ("Quote from", "overlong", "The first one", "Re:", "Posts:")),
        ("cookie_wall_arrival.txt", ("cookies", "Manage", "newsletter", "inbox", "Popular")),
        ("markdown_memories.txt", ("**", "*", "Verdict", "9/10", "Share", "https")),
        ("closing_score_glass_house.txt", ("(7/10)", "Written by", "Share", "Like this")),
        ("guardian_parasite.txt", ("★", "Words by", "GMT", "Director:", "Privacy", "Sign up")),
        ("fargo_star_words.txt", ("stars", "Review by", "Letterboxd", "Share")),
        ("newsletter_friday_reel.txt", ("Rating:", "— ", "SUNRISE", "Unsubscribe", "©")),
    ],
)
def test_fixture_text_has_no_boilerplate(name: str, unwanted: tuple[str, ...]) -> None:
    doc = fixture(name)
    assert doc.reviews
    for review in doc.reviews:
        assert review.text
        for phrase in unwanted:
            assert phrase not in review.text


def test_fixture_multi_review_texts_are_separate() -> None:
    first, second = fixture("multi_copper_sky.txt").reviews
    assert first.text.startswith("Copper Sky is a road movie")
    assert "I admired the craft" not in first.text
    assert second.text.startswith("I admired the craft and felt almost nothing.")
    assert "Copper Sky is a road movie" not in second.text


def test_fixture_verdict_sentence_and_wrapped_hyphenation() -> None:
    lanterns = fixture("blog_paper_lanterns.txt").reviews[0]
    assert lanterns.text.endswith("earns every one of its quiet tears.")
    field = fixture("imdb_long_field.txt").reviews[0]
    assert "staged with a heart-breaking sense of how much small victories" in field.text


# ------------------------------------------------------------------ normalize_score


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("8", 8.0),
        ("0", 0.0),
        ("10", 10.0),
        ("8.5", 8.5),
        ("9.28", 9.28),
        (" 7 ", 7.0),
        ("8.5/10", 8.5),
        ("8.5 / 10", 8.5),
        ("10/10", 10.0),
        ("4/5", 8.0),
        ("3.5/4", 8.75),
        ("4/4", 10.0),
        ("88/100", 8.8),
        ("85%", 8.5),
        ("100%", 10.0),
        ("★★★★½", 9.0),
        ("★★★½", 7.0),
        ("★★★☆☆", 6.0),
        ("****", 8.0),
        ("***1/2", 7.0),
        ("½", 1.0),
        ("3.5 out of 5", 7.0),
        ("7 out of 10", 7.0),
        ("four out of five stars", 8.0),
        ("4 stars", 8.0),
        ("4/5 stars", 8.0),
        ("3½/5", 7.0),
        ("A+", 10.0),
        ("B+", 8.3),
        ("C", 5.0),
        ("F", 0.0),
    ],
)
def test_normalize_score_valid(raw: str, value: float) -> None:
    result = normalize_score(raw)
    assert result is not None
    assert result == (value, raw.strip())


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "abc",
        "NaN",
        "nan/10",
        "inf",
        "-1",
        "-3/5",
        "11",
        "11/10",
        "6/5",
        "110%",
        "5/0",
        "★★★★★★",
        "8/10 stars and more",
        "2013",
        "1:56",
        "E",
        "3½",
    ],
)
def test_normalize_score_invalid(raw: str) -> None:
    assert normalize_score(raw) is None


def test_normalize_score_values_are_finite_and_in_range() -> None:
    for raw in ("0", "10", "1/3", "2/3", "99%", "★", "½"):
        result = normalize_score(raw)
        assert result is not None
        assert math.isfinite(result[0]) and 0.0 <= result[0] <= 10.0
        assert result[0] == round(result[0], 2)


# ------------------------------------------------------- scores inside documents


def one_review(text: str) -> ParsedReview:
    doc = parse_document(text)
    assert len(doc.reviews) == 1, doc.reviews
    return doc.reviews[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "This is the first 10 in this site's history, and honestly it deserved it.",
        "I never knew what a 10/10 would look like, and now I do, sitting in the dark.",
        "It runs 2 hours and never once drags, which is a small miracle for the genre.",
        "Our hero is a twenty-something clerk who dreams of the sea every single night.",
        "The monster stands 3 feet tall and is somehow the most frightening thing here.",
        "Everything lives on a tiny, ~4 inch device that knows you better than you do.",
        "Someone behind me whispered 8.5 out of 10 when the credits rolled, and I agreed.",
        "4 stars seems stingy for a film this generous, but the ending wobbles badly.",
        "85% of the film is wonderful and the other 15% is merely good, so go see it.",
    ],
)
def test_prose_numbers_are_never_scores(sentence: str) -> None:
    doc = parse_document(f"Some Film\n\n{sentence}\n\nAnother plain paragraph of prose follows.\n")
    (review,) = doc.reviews
    assert review.score is None and review.raw_score is None
    assert review.categories == {}
    assert doc.aggregates == ()
    assert sentence in review.text


def test_rating_widget_without_votes_is_not_a_score() -> None:
    text = "1 Star2 Stars3 Stars4 Stars5 Stars (No Ratings Yet)\n\nA fine film, full of warmth.\n"
    doc = parse_document(text)
    assert doc.aggregates == ()
    assert doc.reviews[0].score is None
    assert "Stars" not in doc.reviews[0].text


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Score: 8/10", 8.0, "8/10"),
        ("My Rating: 4/4", 10.0, "4/4"),
        ("Grade: B+", 8.3, "B+"),
        ("Grade: A-", 9.0, "A-"),
        ("Verdict - 3.5 out of 5", 7.0, "3.5 out of 5"),
        ("Overall: 9", 9.0, "9"),
        ("Final Score: 85%", 8.5, "85%"),
        ("Rating: ★★★★☆", 8.0, "★★★★☆"),
        ("7/10", 7.0, "7/10"),
        ("★★★★½", 9.0, "★★★★½"),
        ("4/5 stars", 8.0, "4/5 stars"),
        ("8/10 Overall", 8.0, "8/10 Overall"),
        ("#mustsee 4", 8.0, "4"),
        ("#recommended 8.5", 8.5, "8.5"),
        ("3/4 – A sly, warm comedy that knows when to stop.", 7.5, "3/4"),
        ("Verdict: A quiet triumph – 9/10", 9.0, "9/10"),
        ("Bottom line: See it (8/10).", 8.0, "8/10"),
        ("Overall Rating: ★★★★☆ (4/5)", 8.0, "★★★★☆"),
        ("Rated 2.5 stars", 5.0, "2.5 stars"),
    ],
)
def test_score_line_forms(line: str, score: float, raw: str) -> None:
    review = one_review(f"{line}\n\nThe film is warm and funny and worth your evening.\n")
    assert (review.score, review.raw_score) == (score, raw)
    assert raw not in review.text


@pytest.mark.parametrize(
    ("heading", "value", "score"),
    [
        ("My Rating", "4/4 – A quiet triumph.", 10.0),
        ("Verdict:", "8", 8.0),
        ("Our Score", "7.5", 7.5),
        ("My Rating:", "Rating: 7/10", 7.0),
    ],
)
def test_score_on_line_after_heading(heading: str, value: str, score: float) -> None:
    review = one_review(f"A thoughtful and moving film overall.\n\n{heading}\n\n{value}\n")
    assert review.score == score


def test_bare_number_without_heading_is_not_a_score() -> None:
    review = one_review("A thoughtful and moving film overall.\n\n8\n")
    assert review.score is None


def test_rating_with_certificate_is_not_a_score() -> None:
    doc = parse_document("Rating: R\nMPAA Rating: PG-13\n\nA tense, sharp thriller.\n")
    assert doc.facts.certificate == "R"
    assert doc.reviews[0].score is None


@pytest.mark.parametrize(
    ("line", "source", "score", "votes"),
    [
        ("Rating: 7.9/10 (959 voted)", None, 7.9, 959),
        ("IMDb: 7.9/10 from 959 users", "IMDb", 7.9, 959),
        ("IMDb rating 8.1 (1,204,331 votes)", "IMDb", 8.1, 1204331),
        ("Audience Score: 78% (2,431 ratings)", "Audience Score", 7.8, 2431),
        ("Tomatometer: 85%", "Rotten Tomatoes", 8.5, None),
        ("Metascore: 88/100", "Metacritic", 8.8, None),
        ("Metascore: 88", "Metacritic", 8.8, None),
        ("Letterboxd average: 3.9", "Letterboxd", 7.8, None),
        ("User Score: 8.4 (based on 1.2K ratings)", "User Score", 8.4, 1200),
    ],
)
def test_aggregates_are_not_critic_scores(
    line: str, source: str | None, score: float, votes: int | None
) -> None:
    doc = parse_document(f"{line}\n\nA sharp and lively comedy with a big heart.\n")
    assert [a.to_json() for a in doc.aggregates] == [
        {"source": source, "score": score, "votes": votes}
    ]
    assert doc.reviews[0].score is None


def test_only_categories_give_no_overall_score() -> None:
    review = one_review("Story: 10/10\nacting: 9/10\n• Music: 7.5\n\nA lovely film.\n")
    assert review.score is None
    assert review.categories == {"Story": 10.0, "acting": 9.0, "Music": 7.5}


# ------------------------------------------------------------------- fact labels


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Director: Jane Campion", {"directors": ["Jane Campion"]}),
        ("Directed by: Jane Campion", {"directors": ["Jane Campion"]}),
        ("Directed by Jane Campion", {"directors": ["Jane Campion"]}),
        ("Writer[s]: Ann Lee, Bo Park", {"writers": ["Ann Lee", "Bo Park"]}),
        ("Screenplay By: Ann Lee and Bo Park", {"writers": ["Ann Lee", "Bo Park"]}),
        ("Written by: Ann Lee / Bo Park", {"writers": ["Ann Lee", "Bo Park"]}),
        (
            "Written and directed by: Ann Lee",
            {"directors": ["Ann Lee"], "writers": ["Ann Lee"]},
        ),
        ("Starring: Al Roe & Di Fox", {"cast": ["Al Roe", "Di Fox"]}),
        ("Cast: Al Roe, , Di Fox", {"cast": ["Al Roe", "Di Fox"]}),
        ("Starring:  & ", {}),
        ("Run time: 2 Hours 6 Minutes", {"runtime_minutes": 126}),
        ("Runtime: 116 min", {"runtime_minutes": 116}),
        ("Running time: 1h 42m", {"runtime_minutes": 102}),
        ("Length: 95 minutes", {"runtime_minutes": 95}),
        ("US Release Date: December 18, 2013", {"release_date": "2013-12-18"}),
        ("Release date: 18 December 2013", {"release_date": "2013-12-18"}),
        ("Released: 2013-12-18", {"release_date": "2013-12-18"}),
        ("Release Date: Dec. 18, 2013", {"release_date": "2013-12-18"}),
        ("Rating: R", {"certificate": "R"}),
        ("MPAA Rating: PG-13", {"certificate": "PG-13"}),
        ("Rated PG-13 for some language", {"certificate": "PG-13"}),
        ("Certificate: 12A", {"certificate": "12A"}),
        ("Movie Title: Her", {"title": "Her"}),
        ("Title: Her (2013)", {"title": "Her", "year": 2013}),
        ("Release Year: 2013", {"year": 2013}),
        ("Year: 1999", {"year": 1999}),
        ("Genre: Drama, Romance", {"genres": ["Drama", "Romance"]}),
        ("Genres: Sci-Fi / Thriller", {"genres": ["Sci-Fi", "Thriller"]}),
        ("#drama  #romance  #sci-fi", {"genres": ["drama", "romance", "sci-fi"]}),
        ("#horror #mustwatch #spooky", {"genres": ["horror"]}),
        (
            "Runtime: 116 min | Genre: Drama, Romance | Rated PG-13",
            {"runtime_minutes": 116, "certificate": "PG-13", "genres": ["Drama", "Romance"]},
        ),
    ],
)
def test_fact_labels(line: str, expected: dict[str, object]) -> None:
    doc = parse_document(f"{line}\n\nA warm, funny film with a sad heart.\n")
    assert doc.facts.to_json() == expected
    assert doc.reviews[0].text == "A warm, funny film with a sad heart."


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("Music By: Owen Pallett", "music", ("Owen Pallett",)),
        ("Music: Owen Pallett & Will Butler", "music", ("Owen Pallett", "Will Butler")),
        ("Score by: Hildur Gudnadottir", "music", ("Hildur Gudnadottir",)),
        ("Composer: Hans Zimmer", "music", ("Hans Zimmer",)),
        ("Director of Photography: Hoyte Van Hoytema", "cinematography", ("Hoyte Van Hoytema",)),
        ("Cinematographer: Roger Deakins", "cinematography", ("Roger Deakins",)),
        ("Cinematography: Roger Deakins", "cinematography", ("Roger Deakins",)),
        ("Production Design: K.K. Barrett", "production_design", ("K.K. Barrett",)),
    ],
)
def test_extra_fact_labels(line: str, field: str, expected: tuple[str, ...]) -> None:
    facts = parse_document(f"{line}\n").facts
    assert getattr(facts, field) == expected
    assert facts.to_json() == {}


def test_pros_list_with_pipes_is_not_facts_or_prose() -> None:
    doc = parse_document("Great acting | Lovely score | Too long\n\nA fine film overall.\n")
    assert doc.facts.to_json() == {}
    assert doc.reviews[0].text == "A fine film overall."


# ----------------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Author: Miguel Felix View all posts by", "Miguel Felix"),
        ("Reviewed by Jane Doe", "Jane Doe"),
        ("Review by: Jane Doe", "Jane Doe"),
        ("By Jane Doe", "Jane Doe"),
        ("By JANE DOE | March 3, 2019", "Jane Doe"),
        ("By Margaret O'Neill, Film Critic", "Margaret O'Neill"),
        ("Posted on March 3, 2019 by Sam Carter", "Sam Carter"),
        ("— Jane Doe", "Jane Doe"),
        ("December 16, 2013 0 By Fans", None),
        ("By the time the credits rolled I was in pieces.", None),
    ],
)
def test_authors(line: str, author: str | None) -> None:
    review = one_review(f"{line}\n\nA gentle film about grief and pancakes.\n")
    assert review.author == author
    assert "Jane" not in review.text and "Sam Carter" not in review.text


def test_reader_comments_are_excluded() -> None:
    text = (
        "A gentle film about grief.\n\nScore: 7/10\n\n"
        "3 Comments\n\nTom says:\nLoved it, 10/10!\n\nAnn says:\nMeh. 4/10.\n"
    )
    doc = parse_document(text)
    (review,) = doc.reviews
    assert review.score == 7.0
    assert review.text == "A gentle film about grief."


def test_empty_document() -> None:
    doc = parse_document("", "empty.txt")
    assert doc.to_json() == {"file": "empty.txt", "facts": {}, "reviews": [], "aggregates": []}
    assert doc.url is None and doc.site is None


def test_comment_marker_before_any_review_content_is_not_the_comment_area() -> None:
    text = (
        "Home\nComments\n\nA lovely film with a big heart.\n\n"
        "Tom on December 5, 2013 at 3:14 pm said:\nI hated it, honestly.\n"
    )
    (review,) = parse_document(text).reviews
    assert review.text == "A lovely film with a big heart."


def test_fact_value_on_the_line_after_its_label() -> None:
    text = "Release Date:\n\n20 March 2015 (USA)\n\nRuntime:\n1h 45m\n\nOfficial Website:\n"
    facts = parse_document(text + "\nA lovely film with a big heart.\n").facts
    assert facts.to_json() == {"runtime_minutes": 105, "release_date": "2015-03-20"}


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("**Rating:** 8/10", 8.0, "8/10"),
        ("<p><strong>Score:</strong> 3/5</p>", 6.0, "3/5"),
        ("Rated 4 out of 5", 8.0, "4 out of 5"),
        ("I give it 4/5", 8.0, "4/5"),
        ("Rating: (4/5)", 8.0, "4/5"),
        ("## Verdict\n\n**** (out of four)", 10.0, "**** (out of four)"),
    ],
)
def test_markup_and_phrasing_around_scores(line: str, score: float, raw: str) -> None:
    review = one_review(f"{line}\n\nA lovely film with a big heart, well worth seeing.\n")
    assert (review.score, review.raw_score) == (score, raw)


@pytest.mark.parametrize(
    "line",
    ["***", "*****", "* * *", "8", "85%", "2/3 of it works", "12/18/2013"],
)
def test_separators_and_bare_numbers_are_not_scores(line: str) -> None:
    review = one_review(f"A lovely film with a big heart.\n\n{line}\n\nIt is well worth seeing.\n")
    assert review.score is None


@pytest.mark.parametrize("line", ["Posted by admin", "By Staff", "December 1, 2019 2 By Fans"])
def test_site_accounts_are_not_authors(line: str) -> None:
    review = one_review(f"{line}\n\nA lovely film with a big heart, well worth seeing.\n")
    assert review.author is None
    assert review.text == "A lovely film with a big heart, well worth seeing."


# ------------------------------------------------------------- heading titles


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Arrival (2016) Review", {"title": "Arrival", "year": 2016}),
        ("Review: Arrival (2016)", {"title": "Arrival", "year": 2016}),
        ("THE MATRIX (1999)", {"title": "The Matrix", "year": 1999}),
        ("THE LORD OF THE RINGS (2001)", {"title": "The Lord of the Rings", "year": 2001}),
        ("Parasite review – a savage social satire", {"title": "Parasite"}),
        ("'Parasite' review", {"title": "Parasite"}),
        ("“Past Lives” review", {"title": "Past Lives"}),
        (
            "# Memories of Murder (2003) - Film Review",
            {"title": "Memories of Murder", "year": 2003},
        ),
        ("Mission: Impossible (1996)", {"title": "Mission: Impossible", "year": 1996}),
        ("[Spoilers] Prisoners (2013) review", {"title": "Prisoners", "year": 2013}),
        ("Spike Jonze", {}),
        ("Summer House", {}),
        ("Arrival 2016", {}),
        ("User Review", {}),
        ("My Review", {}),
        ("Movie Review (2019)", {}),
        ("A review of Parasite", {}),
        ("I finally saw Arrival (2016) and loved it", {}),
        ("I finally saw Arrival (2016)", {}),
        ("We watched it twice (2016)", {}),
        ('Double Take: "Copper Sky" (2018)', {}),
        ("Paper Lanterns (2021) – a quiet heartbreaker", {}),
        ("Arrival (2016) is a masterpiece.", {}),
    ],
)
def test_heading_line_gives_title_and_year(heading: str, expected: dict[str, object]) -> None:
    doc = parse_document(f"{heading}\n\nA warm, funny film with a sad heart.\n")
    assert doc.facts.to_json() == expected
    if expected:
        assert doc.reviews[0].text == "A warm, funny film with a sad heart."


def test_heading_title_only_in_the_first_lines() -> None:
    text = "A warm, funny film with a sad heart.\n\nArrival (2016) Review\n\nMore prose here.\n"
    assert parse_document(text).facts.to_json() == {}
    late = "Home\nReviews\nFilms\n\nArrival (2016) Review\n\nA warm, funny film.\n"
    assert parse_document(late).facts.to_json() == {}
    boilerplate_first = "We use cookies on this site.\nAccept all\n\nArrival (2016)\n\nA film.\n"
    assert parse_document(boilerplate_first).facts.to_json() == {"title": "Arrival", "year": 2016}


def test_heading_with_a_closing_score_is_also_the_review_score() -> None:
    doc = parse_document("Prisoners (2013) - 9/10\n\nA grim, gripping thriller.\n")
    assert doc.facts.to_json() == {"title": "Prisoners", "year": 2013}
    review = doc.reviews[0]
    assert (review.score, review.raw_score) == (9.0, "9/10")
    assert review.text == "A grim, gripping thriller."


# ------------------------------------------------------------------ info lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Rated R | 136 min | Action, Sci-Fi | 31 March 1999 (USA)",
            {
                "runtime_minutes": 136,
                "release_date": "1999-03-31",
                "certificate": "R",
                "genres": ["Action", "Sci-Fi"],
            },
        ),
        (
            "PG-13 | 2h 16m | Science Fiction, Drama",
            {
                "runtime_minutes": 136,
                "certificate": "PG-13",
                "genres": ["Science Fiction", "Drama"],
            },
        ),
        (
            "2019 • 12A • 1 hr 47 min • Horror/Comedy",
            {
                "year": 2019,
                "runtime_minutes": 107,
                "certificate": "12A",
                "genres": ["Horror", "Comedy"],
            },
        ),
        ("Drama | Romance | Sport", {"genres": ["Drama", "Romance", "Sport"]}),
        ("An original idea | Acting was amazing | Beautiful to behold", {}),
        ("Great acting | 2 hours well spent | Too long", {}),
    ],
)
def test_unlabeled_info_line(line: str, expected: dict[str, object]) -> None:
    doc = parse_document(f"{line}\n\nA warm, funny film with a sad heart.\n")
    assert doc.facts.to_json() == expected
    assert doc.reviews[0].text == "A warm, funny film with a sad heart."


# -------------------------------------------------------------------- sign-offs


@pytest.mark.parametrize(
    "sign_off",
    [
        "Written by Kim Lee",
        "Written by: Kim Lee",
        "Words by Kim Lee",
        "Review by Kim Lee",
        "— Kim Lee",
        "Written by Kim Lee for The Daily Reel",
    ],
)
def test_sign_off_after_the_prose_is_the_author(sign_off: str) -> None:
    text = (
        "Written by: Ann Park\n\nA warm, funny film with a sad heart.\n\n"
        f"It is well worth seeing.\n\n{sign_off}\n\nShare this:\nLike this:\n"
    )
    doc = parse_document(text)
    assert doc.facts.writers == ("Ann Park",)
    (review,) = doc.reviews
    assert review.author == "Kim Lee"
    assert "Kim Lee" not in review.text


def test_written_by_at_the_top_or_in_a_credit_block_is_the_writer() -> None:
    top = parse_document("Written by Kim Lee\n\nA warm, funny film with a sad heart.\n")
    assert top.facts.writers == ("Kim Lee",)
    assert top.reviews[0].author is None
    credits = "A warm, funny film with a sad heart.\n\nDirected by Ann Park\nWritten by Kim Lee\n"
    doc = parse_document(credits)
    assert doc.facts.to_json() == {"directors": ["Ann Park"], "writers": ["Kim Lee"]}
    assert doc.reviews[0].author is None


def test_written_by_followed_by_more_prose_is_not_a_sign_off() -> None:
    text = "A warm, funny film.\n\nWritten by Kim Lee\n\nThe jokes land and the ending hurts.\n"
    doc = parse_document(text)
    assert doc.facts.writers == ("Kim Lee",)
    assert doc.reviews[0].author is None


def test_capsule_sign_offs_belong_to_the_capsule_above() -> None:
    text = (
        "ONE\nRating: 4/5\nA warm, funny film with a sad heart.\n— Ann Park\n\n"
        "TWO\nRating: 2/5\nA cold, glossy thriller with no heart at all.\n— Kim Lee\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.author, r.score) for r in reviews] == [("Ann Park", 8.0), ("Kim Lee", 4.0)]


# ------------------------------------------------------------------ categories


def test_category_lines_with_other_separators() -> None:
    text = (
        "Acting - 10\nStory – 9\nVisuals ... 9/10\nCinematography 9/10\nEditing: 4/5\n"
        "Music ★★★★\nSound Design........8\n\nA lovely film.\n"
    )
    review = one_review(text)
    assert review.score is None
    assert review.categories == {
        "Acting": 10.0,
        "Story": 9.0,
        "Visuals": 9.0,
        "Cinematography": 9.0,
        "Editing": 8.0,
        "Music": 8.0,
        "Sound Design": 8.0,
    }
    assert review.text == "A lovely film."


@pytest.mark.parametrize("line", ["Chapter 4/5", "Part - 2", "Room 101"])
def test_unknown_labels_without_colon_are_not_categories(line: str) -> None:
    review = one_review(f"A lovely film with a big heart.\n\n{line}\n\nIt is well worth seeing.\n")
    assert review.categories == {}
    assert review.score is None


@pytest.mark.parametrize(
    "text",
    [
        "Overall: 9\nOur verdict: 9/10\n\nA lovely film with a big heart.\n",
        "Acting - 10\nOverall: 9\n\nA lovely film with a big heart.\n\nOur verdict: 9/10\n",
    ],
)
def test_overall_next_to_verdict_is_one_review(text: str) -> None:
    review = one_review(text)
    assert (review.score, review.raw_score) == (9.0, "9")


# ------------------------------------------------------------- more score forms


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Score: 8.5/10", 8.5, "8.5/10"),
        ("My score: B+", 8.3, "B+"),
        ("Final grade: A", 9.5, "A"),
        ("Verdict: ★★★★ (out of 5)", 8.0, "★★★★ (out of 5)"),
        ("Rating: 3/5 stars", 6.0, "3/5 stars"),
        ("4 stars out of 5", 8.0, "4 stars out of 5"),
        ("Two and a half stars", 5.0, "Two and a half stars"),
        ("three-and-a-half stars", 7.0, "three-and-a-half stars"),
        ("Rated three and a half out of five", 7.0, "three and a half out of five"),
        ("8/10 — Recommended", 8.0, "8/10"),
        ("Note: 4/5", 8.0, "4/5"),
        ("Note finale : 4/5", 8.0, "4/5"),
        ("Puntuación: 8/10", 8.0, "8/10"),
        ("(7/10)", 7.0, "7/10"),
        ("**9/10** — A procedural that turns into a portrait of a country.", 9.0, "9/10"),
    ],
)
def test_more_score_line_forms(line: str, score: float, raw: str) -> None:
    review = one_review(f"{line}\n\nThe film is warm and funny and worth your evening.\n")
    assert (review.score, review.raw_score) == (score, raw)


def test_score_closing_the_last_paragraph() -> None:
    text = (
        "The film is warm and funny and worth your evening.\n\n"
        "It runs out of ideas late on, but it is rarely dull and often very funny. (7/10)\n"
    )
    review = one_review(text)
    assert (review.score, review.raw_score) == (7.0, "7/10")
    assert review.text.endswith("often very funny.")


def test_closing_bracket_score_is_ignored_when_a_score_line_exists() -> None:
    text = "Score: 6/10\n\nA warm film.\n\nIt is rarely dull and often very funny (9/10).\n"
    review = one_review(text)
    assert review.score == 6.0


def test_note_that_is_not_a_score() -> None:
    review = one_review("Note: this review contains spoilers.\n\nA warm, funny film.\n")
    assert review.score is None


@pytest.mark.parametrize(
    ("line", "source", "score", "votes"),
    [
        ("Metacritic: 81", "Metacritic", 8.1, None),
        ("Metascore 81/100", "Metacritic", 8.1, None),
        ("Letterboxd average: 4.1/5 (120K ratings)", "Letterboxd", 8.2, 120000),
        ("IMDb 7.9/10 (12,345 votes)", "IMDb", 7.9, 12345),
        ("Audience Score: 92%", "Audience Score", 9.2, None),
    ],
)
def test_more_aggregate_forms(line: str, source: str, score: float, votes: int | None) -> None:
    doc = parse_document(f"{line}\n\nA sharp and lively comedy with a big heart.\n")
    assert [a.to_json() for a in doc.aggregates] == [
        {"source": source, "score": score, "votes": votes}
    ]
    assert doc.reviews[0].score is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Runtime: 2h 16m", {"runtime_minutes": 136}),
        ("Release date: 2019-05-30", {"release_date": "2019-05-30"}),
        ("Released: May 30, 2019", {"release_date": "2019-05-30"}),
        (
            "Cast: Amy Adams, Jeremy Renner and Forest Whitaker",
            {"cast": ["Amy Adams", "Jeremy Renner", "Forest Whitaker"]},
        ),
        ("Starring Amy Adams and Jeremy Renner", {"cast": ["Amy Adams", "Jeremy Renner"]}),
        ("Director: Bong Joon-ho", {"directors": ["Bong Joon-ho"]}),
        ("Directors: Joel Coen, Ethan Coen", {"directors": ["Joel Coen", "Ethan Coen"]}),
        ("Screenplay: Joel Coen & Ethan Coen", {"writers": ["Joel Coen", "Ethan Coen"]}),
        ("Genre: Horror/Comedy", {"genres": ["Horror", "Comedy"]}),
        ("Rated: PG-13 for violence", {"certificate": "PG-13"}),
        ("MPAA: R", {"certificate": "R"}),
        ("BBFC: 15", {"certificate": "15"}),
        ("- **Director:** Bong Joon-ho", {"directors": ["Bong Joon-ho"]}),
    ],
)
def test_more_fact_labels(line: str, expected: dict[str, object]) -> None:
    doc = parse_document(f"{line}\n\nA warm, funny film with a sad heart.\n")
    assert doc.facts.to_json() == expected
    assert doc.reviews[0].text == "A warm, funny film with a sad heart."


def test_music_label_with_accented_name() -> None:
    assert parse_document("Music: Jóhann Jóhannsson\n").facts.music == ("Jóhann Jóhannsson",)


# --------------------------------------------------------------- quoted posts


def test_quoted_lines_are_not_the_critic() -> None:
    text = (
        "Quote from: sandworm_rider on March 3, 2024\n> Overlong and flat. 5/10 from me.\n\n"
        "I have to disagree, the second half is superb.\n\nMy score: 9/10\n"
    )
    review = one_review(text)
    assert review.score == 9.0
    assert review.text == "I have to disagree, the second half is superb."


# ------------------------------------------------- sentence ends and decimal commas


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Rating: 5/10.", 5.0, "5/10"),
        ("Rating: 7.5/10.", 7.5, "7.5/10"),
        ("Verdict: a quiet triumph, 9/10.", 9.0, "9/10"),
    ],
)
def test_full_stop_after_a_fraction_ends_the_sentence(line: str, score: float, raw: str) -> None:
    review = one_review(f"A patient, handsome film about grief.\n\n{line}\n")
    assert (review.score, review.raw_score) == (score, raw)


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Note : 7,8/10", 7.8, "7,8/10"),
        ("Rating: 4,5/5", 9.0, "4,5/5"),
        ("Score: 6,5", 6.5, "6,5"),
    ],
)
def test_decimal_commas(line: str, score: float, raw: str) -> None:
    review = one_review(f"A patient, handsome film about grief.\n\n{line}\n")
    assert (review.score, review.raw_score) == (score, raw)


def test_thousands_separator_is_not_a_decimal_comma() -> None:
    doc = parse_document("A patient, handsome film about grief.\n\nScore: 1,000\n")
    assert [r.score for r in doc.reviews] == [None]


# ------------------------------------------------------ scores closing a line (rules)

PROSE = "A patient, handsome film about grief and the sea."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("★★★ (out of ★★★★)", 7.5),
        ("2½ stars (of 4)", 6.25),
        ("three and a half stars out of five", 7.0),
        ("Three stars out of four", 7.5),
        ("4 de 5 estrellas", 8.0),
        ("4,5 von 5", 9.0),
        ("8 sur 10", 8.0),
        ("4 étoiles", 8.0),
        ("8*/10", 8.0),
        ("***1/2", 7.0),
        ("★☆☆☆", 2.5),
        ("★★★☆ out of 5", 6.0),
        ("⭐⭐⭐⭐½", 9.0),
    ],
)
def test_score_grammar(raw: str, value: float) -> None:
    assert normalize_score(raw) == (value, raw)


def test_rule_labelled_score_closing_a_paragraph() -> None:
    review = one_review(f"{PROSE} The colours are gorgeous. Verdict: B+\n")
    assert (review.score, review.raw_score) == (8.3, "B+")
    assert review.text == f"{PROSE} The colours are gorgeous."


def test_rule_title_line_ending_in_a_score() -> None:
    review = one_review(f"Weekend notes\n\nThe Life of Pi - 10/10\n\n{PROSE}\n")
    assert (review.score, review.title) == (10.0, "The Life of Pi")
    assert review.text == PROSE


@pytest.mark.parametrize(
    ("line", "score", "title"),
    [
        ("Heat (1995) ***1/2", 7.0, "Heat"),
        ("5. Cars 2, 2011 - ⭐⭐", 4.0, "Cars 2"),
        ("SULLY!*****", 10.0, "Sully"),
        ("Viêt and Nam ★☆☆☆", 2.5, "Viêt and Nam"),
        ("- Past Lives (Celine Song, 2023) — a quiet ache of a film (★★★★½)", 9.0, "Past Lives"),
    ],
)
def test_rule_title_forms(line: str, score: float, title: str) -> None:
    doc = parse_document(f"Notes\n\n{line}\n\n{PROSE}\n")
    assert [(r.score, r.title or doc.facts.title) for r in doc.reviews] == [(score, title)]


def test_rule_verb_handing_out_the_score() -> None:
    review = one_review(f"{PROSE} I give it three and a half stars out of five.\n")
    assert (review.score, review.raw_score) == (7.0, "three and a half stars out of five")


def test_rule_sentence_then_explicit_score() -> None:
    review = one_review(f"{PROSE} Strange, funny and finally terrifying. ★★★★\n")
    assert review.score == 8.0


@pytest.mark.parametrize(
    "text",
    [
        f"{PROSE}\nWhere the 2014 film, which I gave 6/10 at the time, treated people as ants.\n",
        f"{PROSE} It opens on 5/10.\n",
        f"{PROSE} I'd give it 7/10\nif the ending were not so rushed.\n",
        f"{PROSE} It ranks in my top 10.\n",
        f"{PROSE} The plot is Plan B\n",
        f"{PROSE} A solid 7 out of 10 in my book, said nobody.\n",
    ],
)
def test_scores_inside_sentences_stay_prose(text: str) -> None:
    assert [r.score for r in parse_document(text).reviews] == [None]


def test_weak_scores_yield_to_the_critics_own_score_line() -> None:
    text = f"{PROSE} It reminded me of Heat. ★★★★★\n\nRating: 6/10\n"
    assert [r.score for r in parse_document(text).reviews] == [6.0]


def test_page_legend_sets_the_star_scale_of_capsules() -> None:
    text = (
        "CAPSULES\nRatings are out of four stars.\n\nOppenheimer\n★★★★\n"
        "Dense, loud and moving. — JW\n\nBarbie\n★★★\nMore ideas than it can hold. — AK\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score, r.author) for r in reviews] == [
        ("Oppenheimer", 10.0, "JW"),
        ("Barbie", 7.5, "AK"),
    ]
    assert "Ratings are out of" not in reviews[0].text


def test_grade_legend_lets_capsules_end_with_a_letter() -> None:
    text = (
        "SHORT TAKES\nGrades run from A to F.\n\nChallengers\nA sweaty thriller. B+ — M.K.\n"
        "\nMadame Web\nNot even Dakota Johnson can save it. D — TS\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score, r.author) for r in reviews] == [
        ("Challengers", 8.3, "M.K."),
        ("Madame Web", 2.5, "TS"),
    ]


def test_a_bare_letter_needs_a_label_or_a_legend() -> None:
    assert [r.score for r in parse_document(f"{PROSE} My plan B. — MK\n").reviews] == [None]


@pytest.mark.parametrize("tail", ["9/10 for me", "8/10 imo", "7/10 (für mich)"])
def test_score_with_words_making_it_the_writers_own(tail: str) -> None:
    assert one_review(f"{PROSE}\n{tail}\n").score == float(tail[0])


def test_comments_keep_their_scores_to_themselves() -> None:
    text = f"{PROSE}\n\nMy rating: 9/10\n\n3 Comments\n\nann says:\nGreat film. 7/10\n"
    assert [r.score for r in parse_document(text).reviews] == [9.0]


def test_roundup_reviews_each_name_their_film() -> None:
    text = (
        "This week\n\nPoor Things\nDirector: Yorgos Lanthimos\nRuntime: 141 min\n"
        "Emma Stone is astonishing.\nRating: 8/10\n\n"
        "Wonka\nDirector: Paul King\nRuntime: 116 min\nSweet and forgettable.\nRating: 5/10\n"
    )
    doc = parse_document(text)
    assert [(r.title, r.score) for r in doc.reviews] == [("Poor Things", 8.0), ("Wonka", 5.0)]
    assert doc.facts.directors == ("Yorgos Lanthimos",)
    own = [r.facts for r in doc.reviews]
    assert [(f.directors, f.runtime_minutes) for f in own if f is not None] == [
        (("Yorgos Lanthimos",), 141),
        (("Paul King",), 116),
    ]


def test_tv_guide_capsule_titles_come_from_the_credit_opening() -> None:
    text = (
        "All ratings out of five stars.\n\nBrief Encounter (David Lean, 1945) Two strangers"
        " meet at a station. ★★★★★\n\nBasic Instinct 2 (Michael Caton-Jones, 2006) A sequel"
        " nobody needed. ★\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Brief Encounter", 10.0),
        ("Basic Instinct 2", 2.0),
    ]


# ------------------------------------------------------------ locales and aggregates


@pytest.mark.parametrize(
    ("text", "directors", "runtime", "cast"),
    [
        (
            "Réalisation : Céline Sciamma\nDurée : 2h01\nAvec : Noémie Merlant",
            "Céline Sciamma",
            121,
            "Noémie Merlant",
        ),
        (
            "Regie: Christian Petzold\nLaufzeit: 1 Std. 38 Min.\nDarsteller: Nina Hoss",
            "Christian Petzold",
            98,
            "Nina Hoss",
        ),
        (
            "Regia di Paolo Sorrentino\nDurata: 142 min\nCon Toni Servillo, Carlo Verdone",
            "Paolo Sorrentino",
            142,
            "Toni Servillo",
        ),
        (
            "Dirección: Pedro Almodóvar\nDuración: 113 minutos\nReparto: Antonio Banderas",
            "Pedro Almodóvar",
            113,
            "Antonio Banderas",
        ),
        (
            "Direção: Walter Salles\nDuração: 110 min\nElenco: Fernanda Montenegro",
            "Walter Salles",
            110,
            "Fernanda Montenegro",
        ),
        (
            "DIRECTOR: David Lowery CAST: Dev Patel, Alicia Vikander RUNTIME: 130 minutes",
            "David Lowery",
            130,
            "Dev Patel",
        ),
        ("Director Denis Villeneuve\nRunning time: 1h47", "Denis Villeneuve", 107, None),
    ],
)
def test_fact_labels_in_each_language(
    text: str, directors: str, runtime: int, cast: str | None
) -> None:
    facts = parse_document(f"{text}\n\n{PROSE}\n").facts
    assert facts.directors == (directors,)
    assert facts.runtime_minutes == runtime
    assert (facts.cast[0] if facts.cast else None) == cast


def test_credit_parenthetical_gives_runtime() -> None:
    facts = parse_document(
        f"{PROSE}\n\nAnatomy of a Fall (Justine Triet, 2023, 151 min.) Rated R.\n"
    ).facts
    assert (facts.runtime_minutes, facts.certificate) == (151, "R")


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Note : 4,5/5", 9.0),
        ("Wertung: 8,5/10", 8.5),
        ("Voto: 7,5", 7.5),
        ("Puntuación: 9/10", 9.0),
        ("Calificación: 4 de 5 estrellas", 8.0),
        ("Nota: ★★★★★", 10.0),
        ("Bewertung: ★★★★☆", 8.0),
        ("Il nostro voto: 7/10", 7.0),
        ("Fazit: Ein Alterswerk voller Rätsel. Wertung: 8,5/10", 8.5),
    ],
)
def test_score_labels_in_each_language(line: str, score: float) -> None:
    assert one_review(f"{PROSE}\n\n{line}\n").score == score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Metascore\n81\nUniversal acclaim\nBased on 54 Critic Reviews", [(8.1, 54)]),
        ("User score 7.4\nBased on 1,412 ratings", [(7.4, 1412)]),
        ("Nota media 7,6 / 98.412 votos", [(7.6, 98412)]),
        ("Leserwertung: 3,9 / 5 (1.204 Stimmen)", [(7.8, 1204)]),
        ("Media utenti: 3,8/5 (230 voti)", [(7.6, 230)]),
        ("IMDb RATING 7.6/10 231K", [(7.6, 231000)]),
        (
            "Tomatometer 93%\nAudience Score 88%\nVerified Ratings: 25,000+",
            [(9.3, None), (8.8, 25000)],
        ),
        ("Readers' rating\n7.9\nfrom 312 votes", [(7.9, 312)]),
    ],
)
def test_aggregates_in_real_layouts(text: str, expected: list[tuple[float, int | None]]) -> None:
    doc = parse_document(f"{text}\n\n{PROSE}\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == expected
    assert [r.score for r in doc.reviews] == [None]


def test_a_plain_aggregate_of_five_or_less_follows_the_page_scale() -> None:
    line = "Note moyenne des spectateurs 4,2"
    five = parse_document(f"{PROSE}\n\nNote : 4/5\n\n{line}\n")
    assert [(a.score, a.votes) for a in five.aggregates] == [(8.4, None)]
    ten = parse_document(f"{PROSE}\n\nNote : 8/10\n\n{line}\n")
    assert ten.aggregates == ()


@pytest.mark.parametrize(
    "line",
    ["Note moyenne des spectateurs 4,2 (5 704 notes)", "Voto medio del pubblico: 4,2 (5.704 voti)"],
)
def test_an_average_of_five_or_less_with_its_votes_is_out_of_five(line: str) -> None:
    # Many raters averaging 4,2 is a star widget's average, whatever the critic's own scale.
    doc = parse_document(f"{PROSE}\n\nNote : 8/10\n\n{line}\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.4, 5704)]
    assert [r.score for r in doc.reviews] == [8.0]


def test_helpful_counts_and_rating_widgets_are_not_scores() -> None:
    text = (
        f"{PROSE}\n\nOur verdict: 4/5\n\nRate this film:\n★★★★★ (no ratings yet)\n1 2 3 4 5\n"
        "42 out of 51 found this helpful.\n"
    )
    doc = parse_document(text)
    assert [r.score for r in doc.reviews] == [8.0]
    assert doc.aggregates == ()


def test_title_lines_without_blank_lines_are_separate_reviews() -> None:
    text = "On the plane\n\nAsteroid City - 6/10\nWonka - 5/10\nThe Creator - 7/10\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("Asteroid City", 6.0),
        ("Wonka", 5.0),
        ("The Creator", 7.0),
    ]


def test_star_glyphs_close_a_wrapped_diary_line() -> None:
    text = (
        "Film diary\n\nMon — The Taste of Things (Tran Anh Hung, 2023): two hours of cooking\n"
        "and the most romantic film of the year ★★★★½\n"
        "Wed — Kinds of Kindness (2024): three stories, one of them good ★★½\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("The Taste of Things", 9.0),
        ("Kinds of Kindness", 5.0),
    ]


def test_weak_scores_in_other_capsules_of_a_roundup_stay() -> None:
    text = (
        "DISPATCH\n\nAnora\nA screwball comedy that turns sad. Madison is a star. 4 out of 5\n"
        "\nMegalopolis\nFor better and much worse.\n1 out of 5\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Anora", 8.0), ("Megalopolis", 2.0)]


@pytest.mark.parametrize(
    "line", ["Si tengo que ponerle una nota, le doy un 9.", "Honestly? I give it a 9."]
)
def test_a_plain_number_after_a_verb_and_an_article(line: str) -> None:
    assert one_review(f"{PROSE}\n\n{line}\n").score == 9.0


def test_a_plain_number_after_a_verb_needs_its_article() -> None:
    assert one_review(f"{PROSE}\n\nIt earns 9\n").score is None


def test_sentence_case_heading_names_its_capsule() -> None:
    text = (
        "LES SORTIES\n\nLe Règne animal\nNote : ★★★★☆\nDes humains deviennent des animaux.\n\n"
        "Le Comte\nNote : ★★☆☆☆\nPinochet en vampire.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Le Règne animal", 8.0), ("Le Comte", 4.0)]


def test_several_aggregates_on_one_line() -> None:
    doc = parse_document(f"Critics: 98% · Audience: 79%\n\n{PROSE}\n")
    assert [a.score for a in doc.aggregates] == [9.8, 7.9]


def test_editorial_score_label_and_apostrophe_minutes() -> None:
    doc = parse_document(
        f"Regia: Marco Bellocchio\nDurata: 145'\n\n{PROSE}\n\nNote de la rédaction : 3/5\n"
    )
    assert (doc.facts.runtime_minutes, doc.reviews[0].score) == (145, 6.0)


@pytest.mark.parametrize(("raw", "score"), [("7½", 7.5), ("3½", None)])
def test_a_plain_half_is_only_read_above_five(raw: str, score: float | None) -> None:
    assert one_review(f"{PROSE}\n\nVoto: {raw}\n").score == score


def test_markdown_table_rows_read_as_labels() -> None:
    text = (
        "| | |\n|---|---|\n| Director | Wes Anderson |\n| Runtime | 99 min |\n"
        f"| Our rating | 8/10 |\n\n{PROSE}\n"
    )
    doc = parse_document(text)
    assert (doc.facts.directors, doc.facts.runtime_minutes) == (("Wes Anderson",), 99)
    assert one_review(text).score == 8.0


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("I liked it a lot more than Heat (8/10).", None),
        ("I liked it a lot more than Heat [8/10].", None),
        ("It lacks the bite of The Wicker Man (★★★★).", None),
        ("It is the best film of the year (9/10).", 9.0),
    ],
)
def test_a_bracketed_score_after_a_name_is_about_that_film(line: str, score: float | None) -> None:
    assert one_review(f"{PROSE}\n\n{line}\n").score == score


def test_a_lone_heading_over_one_of_several_reviews_is_not_a_title() -> None:
    assert [r.title for r in seed("002").reviews] == [None, None, None]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Rating: 4.5/5.0", 9.0),
        ("Full Review | Original Score: 4/4", 10.0),
        ("Nuestra nota: 7,5 sobre 10", 7.5),
        ("Unsere Wertung: 4 von 5 Sternen", 8.0),
    ],
)
def test_more_score_lines(line: str, score: float) -> None:
    assert one_review(f"{PROSE}\n\n{line}\n").score == score


@pytest.mark.parametrize(
    "line",
    [
        "“Dazzling and strange” — The Times ★★★★★",
        "Showing Sat 8/10",
        "Screenings: Fri 7/10, Sat 8/10",
    ],
)
def test_press_quotes_and_dates_are_not_the_critics_score(line: str) -> None:
    assert [r.score for r in parse_document(f"{PROSE}\n\n{line}\n").reviews] == [None]


@pytest.mark.parametrize(("line", "score"), [("3/12: The Prestige (2006)", None), ("14/20", 7.0)])
def test_unlabelled_scores_need_a_usual_scale(line: str, score: float | None) -> None:
    assert one_review(f"{PROSE}\n\n{line}\n").score == score


def test_title_labels_over_paragraphs_are_films_not_categories() -> None:
    text = (
        "From the archive\n\nLe Samouraï: ★★★★★\nDelon barely speaks.\n\n"
        "Bob le flambeur: ★★★½\nThe heist is the least of it.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score, r.categories) for r in reviews] == [
        ("Le Samouraï", 10.0, {}),
        ("Bob le flambeur", 7.0, {}),
    ]


def test_one_unknown_label_over_prose_stays_a_category() -> None:
    review = one_review(f"Rewatch Value: 8/10\n{PROSE}\n")
    assert (review.score, review.categories) == (None, {"Rewatch Value": 8.0})


def test_byline_closing_with_a_score() -> None:
    review = one_review(f"Review by cinemaniac ★★★★½\n\n{PROSE}\n")
    assert (review.author, review.score) == ("cinemaniac", 9.0)


def test_capsule_credit_line_under_the_title() -> None:
    text = (
        "Questa settimana\n\nParthenope\ndi Paolo Sorrentino, con Gary Oldman\n"
        "Napoli e il mare.\nVoto: 6,5\n\nVermiglio\ndi Maura Delpero\nUn inverno in montagna.\n"
        "Voto: 8\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Parthenope", 6.5), ("Vermiglio", 8.0)]


def test_numbered_list_title_before_a_dash_and_a_description() -> None:
    text = (
        "Os filmes de dezembro\n\n1. O Quarto ao Lado – Almodóvar em inglês, frio. ★★★\n"
        "2. Anora – engraçado e triste. ★★★★½\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("O Quarto ao Lado", 6.0), ("Anora", 9.0)]


def test_grades_after_a_title_and_a_dash() -> None:
    text = (
        "Staff picks\n\nFlow — B+\nA wordless film about a cat in a flood.\n\n"
        "Here — C-\nThe camera never moves.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Flow", 8.3), ("Here", 4.2)]


def test_a_year_in_brackets_marks_a_sentence_case_title() -> None:
    text = (
        "Festival\n\nEl 47 (Marcel Barrena, 2024) - 7/10\n"
        "Segundo premio (Isaki Lacuesta, 2024) - 8/10\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("El 47", 7.0), ("Segundo premio", 8.0)]


def test_number_words_in_each_language() -> None:
    review = one_review(f"{PROSE}\n\nTrois étoiles sur quatre.\n")
    assert (review.score, review.raw_score) == (7.5, "Trois étoiles sur quatre")
    assert normalize_score("vier von fünf Sternen") == (8.0, "vier von fünf Sternen")


def test_dated_diary_lines_name_their_films() -> None:
    text = "Diário\n\n03/01 Tudo que Imaginamos como Luz ★★★★½\n09/01 Grand Tour ★★★\n"
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Tudo que Imaginamos como Luz", 9.0),
        ("Grand Tour", 6.0),
    ]


def test_capsule_opening_with_a_title_and_a_dash() -> None:
    text = (
        "Mis películas\n\nLos destellos — Pilar Palomero retrata una vida.\nMi nota: ⭐⭐⭐⭐\n\n"
        "La infiltrada — Thriller correcto, sin más.\nMi nota: ⭐⭐⭐\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Los destellos", 8.0), ("La infiltrada", 6.0)]


def test_fraction_followed_by_a_star_word() -> None:
    assert one_review(f"{PROSE}\n5/5 Sterne\n").score == 10.0


def test_review_heading_closing_with_a_score() -> None:
    doc = parse_document(f"Review: Anora (2024) ★★★★\n\n{PROSE}\n")
    assert (doc.facts.title, doc.facts.year, doc.reviews[0].score) == ("Anora", 2024, 8.0)


def test_a_sentence_handing_out_points() -> None:
    review = one_review(f"{PROSE} Von uns gibt es 6 von 10 Punkten.\n")
    assert (review.score, review.raw_score) == (6.0, "6 von 10 Punkten")


def test_list_title_before_a_colon_and_a_sentence() -> None:
    text = (
        "Horror, quickly\n\nLonglegs: Nicolas Cage is terrifying. 7/10\n"
        "Abigail: a vampire ballerina. 6/10\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Longlegs", 7.0), ("Abigail", 6.0)]


def test_a_score_signed_by_its_critic() -> None:
    review = one_review(f"{PROSE}\n\nRated 3.5/5 by Helen Marsh\n")
    assert (review.score, review.author) == (7.0, "Helen Marsh")


def test_a_subtitle_with_small_foreign_words_stays_in_the_title() -> None:
    text = (
        "FILMS\n\nSing Sing\nA theatre group in a prison. Four stars.\n— Ruth Adams\n\n"
        "Joker: Folie à Deux\nA sequel that hates its audience. One star.\n— Ben Clarke\n"
    )
    doc = parse_document(text)
    assert [(r.title, r.score, r.author) for r in doc.reviews] == [
        ("Sing Sing", 8.0, "Ruth Adams"),
        ("Joker: Folie à Deux", 2.0, "Ben Clarke"),
    ]
    assert doc.aggregates == ()  # "…hates its audience. One star." is no audience score


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Ma note", "trois étoiles et demie sur cinq", 7.0),
        ("Unser Urteil", "dreieinhalb von fünf Sternen", 7.0),
        ("Voto", "tre stelle e mezzo su cinque", 7.0),
        ("Nuestra nota", "cuatro estrellas y media", 9.0),
        ("Cotação", "quatro estrelas e meia", 9.0),
        ("Voto", "sette e mezzo", 7.5),
    ],
)
def test_halves_in_words_in_each_language(label: str, value: str, expected: float) -> None:
    review = one_review(f"{PROSE}\n\n{label}: {value}\n")
    assert (review.score, review.raw_score) == (expected, value)


def test_a_small_number_and_a_half_in_words_alone_is_no_score() -> None:
    # "tre e mezzo" with no stars and no scale: three and a half of five, or of ten?
    assert one_review(f"{PROSE}\n\nVoto: tre e mezzo\n").score is None


def test_scores_labelled_with_first_names_are_each_a_critics() -> None:
    doc = parse_document(f"Episode 9: Heat\n\n{PROSE}\n\nJonah: 9.5/10\nBea: 8/10\n")
    assert [(r.author, r.score) for r in doc.reviews] == [("Jonah", 9.5), ("Bea", 8.0)]


def test_first_names_stay_categories_beside_an_overall_score() -> None:
    review = one_review(f"{PROSE}\n\nStory: 7/10\nTension: 8/10\n\nOverall: 7.5/10\n")
    assert review.score == 7.5
    assert review.categories == {"Story": 7.0, "Tension": 8.0}


def test_a_possessive_score_label_names_its_critic() -> None:
    text = f"ANNA: {PROSE}\nAnna's grade: B+\n\nLEO: It explains itself.\nLeo's grade: C+\n"
    doc = parse_document(text)
    assert [(r.author, r.score) for r in doc.reviews] == [("Anna", 8.3), ("Leo", 5.8)]


def test_chat_messages_giving_scores() -> None:
    text = (
        "#movie-night\n\n[21:04] maya: my take on Saltburn: 6/10, gross but watchable\n"
        "[21:06] tomás: I liked it more than that\n"
        "[21:07] tomás: 8/10 from me, Rosamund Pike steals it\n"
    )
    doc = parse_document(text)
    assert [(r.author, r.score) for r in doc.reviews] == [("maya", 6.0), ("tomás", 8.0)]
    assert doc.reviews[0].title == "Saltburn"


def test_a_category_label_is_not_a_chat_poster() -> None:
    review = one_review(f"{PROSE}\n\nStory: 7/10\n\nOverall: 8/10\n")
    assert (review.author, review.score, review.categories) == (None, 8.0, {"Story": 7.0})


def test_the_writers_own_score_closing_a_sentence() -> None:
    assert one_review(f"{PROSE} The sound design is unreal. 8/10 for me.\n").score == 8.0
    assert one_review(f"{PROSE} Plemons alone is worth it. I'm at a solid 7/10.\n").score == 7.0
    # Someone else's number closing a sentence is not the writer's.
    assert one_review(f"{PROSE} Critics were at a solid 7/10.\n").score is None


def test_a_post_names_the_film_it_says_was_seen() -> None:
    text = (
        "Weekend thread\n\nPosted by dolly\nRewatched Heat last night. Still perfect. 10/10\n\n"
        "Posted by harbour\nFinally saw The Northman. Great axes. 6.5/10\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Heat", 10.0), ("The Northman", 6.5)]


def test_schedule_lines_name_the_film_after_the_time_and_channel() -> None:
    text = (
        "FILMS ON TV\n\n8.00pm Film4: The Holdovers (2023) ★★★★\nA teacher stuck at school.\n"
        "9.45pm BBC Two — Aftersun (2022) ★★★★★\nA holiday remembered.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("The Holdovers", 8.0), ("Aftersun", 10.0)]


def test_pictographs_around_a_diary_line_are_decoration() -> None:
    text = "my diary\n\n🎬 02 — Anatomy of a Fall ⭐⭐⭐⭐½ ❤️\n🎬 17 — Madame Web ⭐ 💀\n"
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Anatomy of a Fall", 9.0),
        ("Madame Web", 2.0),
    ]


def test_capsule_headings_nearest_the_score_name_the_films() -> None:
    text = (
        "Dispatch from the Lido: day three\n\nThe queue started at 7.45.\n\n"
        "Poor Things\nBold, queasy, funny.\nGrade: A-\n\nMaestro\nIt never stops conducting.\n"
        "Grade: C+\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Poor Things", 9.0), ("Maestro", 5.8)]


def test_rated_lists_in_sidebars_are_not_the_critics() -> None:
    text = (
        f"{PROSE}\n\nOur rating: 3.5/5\n\nTOP RATED THIS MONTH\n1. Perfect Days 4.5/5\n"
        "2. Fallen Leaves 4/5\n\nYou may also like\nShoplifters ★★★★★\nBroker ★★★\n"
    )
    doc = parse_document(text)
    assert [r.score for r in doc.reviews] == [7.0]


def test_a_suffixed_count_under_an_aggregate_is_its_votes() -> None:
    doc = parse_document(f"{PROSE}\n\nIMDb RATING\n7.9/10\n182K\n")
    assert doc.aggregates == (Aggregate("IMDb", 7.9, 182_000),)


def test_french_critique_label_and_bare_de_credit() -> None:
    text = f"De Justine Triet\nAvec Sandra Hüller\n\nNotre critique : ★★★★☆\n\n{PROSE}\n"
    doc = parse_document(text)
    assert doc.facts.directors == ("Justine Triet",)
    assert doc.reviews[0].score == 8.0


def test_lines_under_a_quote_header_are_someone_elses_post() -> None:
    text = (
        "Rewatch thread\n\nQuote from: nightowl on October 03\nRewatched Alien. 9/10\n\n"
        "Posted by gaffer\nRewatched The Thing. Still the best. 10/10\n"
    )
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [("The Thing", 10.0)]


def test_a_seen_film_ends_at_its_last_capitalized_word() -> None:
    text = (
        "Thread\n\nPosted by a\nRewatched Hereditary and regretted it at 2am. 7/10\n\n"
        "Posted by b\nJust watched Harold and Maude. Lovely. 9/10\n"
    )
    reviews = parse_document(text).reviews
    assert [r.title for r in reviews] == ["Hereditary", "Harold and Maude"]


@pytest.mark.parametrize(
    "line",
    [
        "Direção de Kleber Mendonça Filho e Juliano Dornelles",
        "Réalisation : Kleber Mendonça Filho et Juliano Dornelles",
        "Dirección: Kleber Mendonça Filho y Juliano Dornelles",
    ],
)
def test_names_joined_by_and_in_each_language(line: str) -> None:
    doc = parse_document(f"{line}\n\n{PROSE}\n")
    assert doc.facts.directors == ("Kleber Mendonça Filho", "Juliano Dornelles")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "[22:10] giulia: voto per Il ragazzo e l'airone: 8/10, Miyazaki è Miyazaki",
            "Il ragazzo e l'airone",
        ),
        ("maya: my take on The Substance: 8/10, gross but great", "The Substance"),
        ("léa: ma note pour Le Règne animal : 8/10", "Le Règne animal"),
    ],
)
def test_a_chat_score_label_names_its_film_in_each_language(line: str, title: str) -> None:
    review = one_review(f"#chat\n\n{line}\n")
    assert (review.score, review.title) == (8.0, title)


def test_several_critics_scores_on_one_line() -> None:
    doc = parse_document(f"Ep. 203\n\n{PROSE}\n\nScores: Dan 9/10 · Mel 6.5/10\n")
    assert [(r.author, r.score) for r in doc.reviews] == [("Dan", 9.0), ("Mel", 6.5)]


def test_categories_on_one_line_stay_categories() -> None:
    review = one_review(f"{PROSE}\n\nActing 9/10 · Story 7/10\n\nOverall: 8/10\n")
    assert (review.score, review.categories) == (8.0, {"Acting": 9.0, "Story": 7.0})


def test_a_newspaper_credit_line_after_the_review() -> None:
    text = (
        f"{PROSE}\n\nTHE ZONE OF INTEREST ★★★★ (12A, 105 min) Dir: Jonathan Glazer. With: "
        "Sandra Hüller,\nChristian Friedel.\n"
    )
    doc = parse_document(text)
    assert [r.score for r in doc.reviews] == [8.0]
    assert (doc.facts.directors, doc.facts.runtime_minutes, doc.facts.certificate) == (
        ("Jonathan Glazer",),
        105,
        "12A",
    )


def test_words_before_a_score_label_naming_its_film() -> None:
    review = one_review(
        "maya — Today at 9:14 PM\nok my take on Furiosa: 8/10, the stairwell fight!!\n"
    )
    assert (review.score, review.title) == (8.0, "Furiosa")


def test_a_chat_exports_poster_headers_separate_their_posts() -> None:
    text = (
        "maya — Today at 9:14 PM\nok my take on Furiosa: 8/10, the stairwell fight!!\n"
        "jules — Today at 9:15 PM\nI fell asleep ngl\n"
        "priya — Today at 9:20 PM\nmy take on Furiosa: 6.5/10, too long\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.author, r.score) for r in reviews] == [("maya", 8.0), ("priya", 6.5)]
