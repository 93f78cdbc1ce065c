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
    ["***", "*****", "* * *", "8", "85%", "Her – 4 stars", "2/3 of it works", "12/18/2013"],
)
def test_separators_and_bare_numbers_are_not_scores(line: str) -> None:
    review = one_review(f"A lovely film with a big heart.\n\n{line}\n\nIt is well worth seeing.\n")
    assert review.score is None


@pytest.mark.parametrize("line", ["Posted by admin", "By Staff", "December 1, 2019 2 By Fans"])
def test_site_accounts_are_not_authors(line: str) -> None:
    review = one_review(f"{line}\n\nA lovely film with a big heart, well worth seeing.\n")
    assert review.author is None
    assert review.text == "A lovely film with a big heart, well worth seeing."
