"""Tests for cutting review prose into quotable excerpts (bot.excerpts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.excerpts import (
    _TOPIC_PATTERNS,
    TOPICS,
    Excerpt,
    extract_excerpts,
    normalize_topic,
    topics_for,
)
from bot.parsing import ParsedReview, parse_document

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = sorted((ROOT / "data" / "films" / "her-2013" / "reviews").glob("*.txt"))
FIXTURE_FILES = sorted((Path(__file__).resolve().parent / "fixtures" / "reviews").glob("*.txt"))

BOILERPLATE = (
    "Leave a Reply",
    "Fill in your details",
    "commenting using",
    "Log Out",
    "Connecting to",
    "thoughts on",
    "says:",
    "View all posts",
    "Read More",
    "See more",
    "Did You Know",
    "Official site",
    "No Ratings Yet",
    "Stars",
    "Share this",
    "Overall Score",
    "Directed by:",
    "Run time:",
    "Starring:",
    "Release Date",
    "Tom says",
    "Great piece man",
    "http",
)
START_RE = re.compile(r"^[\"“‘'A-Z0-9]")
END_RE = re.compile(r"(?:[.!?]|…)[\"”’']?$")


def reviews_of(path: Path) -> list[ParsedReview]:
    return list(parse_document(path.read_text(encoding="utf-8"), path.name).reviews)


def excerpts_of(path: Path) -> list[tuple[ParsedReview, list[Excerpt]]]:
    return [(review, extract_excerpts(review.text)) for review in reviews_of(path)]


def check_excerpt(excerpt: Excerpt) -> None:
    text = excerpt.text
    assert 40 <= len(text) <= 300, text
    assert START_RE.match(text), text
    assert END_RE.search(text), text
    for phrase in BOILERPLATE:
        assert phrase not in text, (phrase, text)
    assert excerpt.topics <= set(TOPICS)


@pytest.mark.parametrize("path", SEED_FILES + FIXTURE_FILES, ids=lambda p: p.name)
def test_excerpt_invariants(path: Path) -> None:
    for review, excerpts in excerpts_of(path):
        assert excerpts, f"no excerpts for a review in {path.name}"
        end = 0
        for excerpt in excerpts:
            check_excerpt(excerpt)
            # Whole sentences taken in order from the critic's text, never overlapping.
            position = review.text.find(excerpt.text, end)
            assert position >= end, excerpt.text
            end = position + len(excerpt.text)
        assert len({e.text for e in excerpts}) == len(excerpts)


def test_seed_excerpt_counts_cover_the_prose() -> None:
    counts = [sum(len(e) for _, e in excerpts_of(path)) for path in SEED_FILES]
    assert all(count >= 8 for count in counts), counts
    for path in SEED_FILES:
        for review, excerpts in excerpts_of(path):
            covered = sum(len(e.text) for e in excerpts)
            assert covered >= 0.6 * len(review.text), path.name


def all_seed_excerpts() -> list[Excerpt]:
    return [e for path in SEED_FILES for _, excerpts in excerpts_of(path) for e in excerpts]


def test_no_truncated_fragments_or_reader_comments() -> None:
    texts = [e.text for e in all_seed_excerpts()]
    for fragment in (
        "she can staple herself in your",
        "limited release in late November; this",
        "definitely worth your time",
        "Great piece man",
        "one of my favorite films ever",
        "Carey Mulligan",
        "What is Her?",
    ):
        assert not any(fragment in t for t in texts), fragment
    assert any(
        t.startswith("A modern yet classical composition") or "A modern yet" in t for t in texts
    )


def test_music_and_cinematography_topics_on_seeds() -> None:
    excerpts = all_seed_excerpts()
    music = [e for e in excerpts if "The music was spot on" in e.text]
    assert len(music) == 1
    assert "music" in music[0].topics
    assert "cinematography" in music[0].topics
    camera = [e for e in excerpts if "Cinematographer Hoyte Van Hoytema's use of colors" in e.text]
    assert len(camera) == 1
    assert "cinematography" in camera[0].topics


def test_sentences_keep_abbreviations_initials_and_quotes_whole() -> None:
    text = (
        "Mr. Phoenix and Dr. Adams meet in St. Louis, where K.K. Barrett built the sets for "
        "Warner Bros. with real care. The result vs. the trailer is a pleasant surprise.\n\n"
        "He says it plainly: “I feel everything.” She answers: “I know, I feel it too.” "
        "The scene plays out in one long take that never cuts away."
    )
    excerpts = [e.text for e in extract_excerpts(text)]
    assert excerpts[0].startswith("Mr. Phoenix and Dr. Adams meet in St. Louis, where K.K. Barrett")
    assert excerpts[0].endswith("a pleasant surprise.")
    for excerpt in excerpts:
        assert not re.search(r"\b(?:Mr|Dr|St|Bros|vs|K)\.$", excerpt)
        assert excerpt.count("“") == excerpt.count("”")


def test_ellipsis_inside_sentence_does_not_split() -> None:
    text = (
        "There is the lead…oh, what a lead. Fresh off a great year, he is better "
        "than ever here, and the film knows it."
    )
    excerpts = [e.text for e in extract_excerpts(text)]
    assert excerpts == [text]


def test_hard_cut_paragraph_end_and_teaser_ellipsis_are_dropped() -> None:
    text = (
        "The first paragraph is complete and has a proper ending. It says something true.\n\n"
        "This paragraph is cut off by the page template so its last words are missing in the\n\n"
        "A later paragraph starts well and ends well, which is nice. Then the teaser stops and…"
    )
    excerpts = [e.text for e in extract_excerpts(text)]
    assert excerpts == [
        "The first paragraph is complete and has a proper ending. It says something true.",
        "A later paragraph starts well and ends well, which is nice.",
    ]


def test_dangling_connector_is_not_a_start() -> None:
    text = (
        "The opening half hour is a marvel of patient, funny storytelling in a small town. "
        "But the second half loses its nerve and turns into a very ordinary chase movie indeed."
    )
    excerpts = [e.text for e in extract_excerpts(text)]
    assert excerpts == [text]
    assert not any(e.startswith("But ") for e in excerpts)


def test_long_sentences_are_never_cut() -> None:
    long_sentence = "This sentence keeps going " + "and going " * 40 + "until it finally stops."
    text = f"{long_sentence} A short, complete closing sentence follows it here."
    excerpts = [e.text for e in extract_excerpts(text)]
    assert excerpts == ["A short, complete closing sentence follows it here."]


def test_duplicates_are_dropped() -> None:
    paragraph = "The performances are wonderful and the ending lands with real force."
    excerpts = extract_excerpts(f"{paragraph}\n\n{paragraph}")
    assert [e.text for e in excerpts] == [paragraph]


def test_empty_text_gives_no_excerpts() -> None:
    assert extract_excerpts("") == []
    assert extract_excerpts("Too short.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The music was spot on and the soundtrack soars.", {"music"}),
        ("A lovely score by a first-time composer.", {"music"}),
        ("Arcade Fire and Karen O. are simply magic.", set()),
        ("Joaquin Phoenix gives a tender performance.", {"acting"}),
        ("The cinematography and lighting are gorgeous.", {"cinematography"}),
        ("The camera lingers on every frame.", {"cinematography"}),
        ("The plot twists pile up.", {"story"}),
        ("The director handles it with care.", {"directing"}),
        ("The screenplay has sharp dialogue.", {"writing"}),
        ("The special effects look cheap.", {"effects"}),
        ("The costumes and production design are lavish.", {"design"}),
        ("The sound design rattles the seats.", {"sound"}),
        ("The editing keeps the pacing brisk.", {"editing"}),
        ("A meditation on loneliness and the human condition.", {"themes"}),
        ("We went for dinner afterwards.", set()),
    ],
)
def test_topics_for(sentence: str, expected: set[str]) -> None:
    assert topics_for(sentence) == frozenset(expected)


@pytest.mark.parametrize(
    "sentence",
    [
        "The DP's framing, the make-up and the close-ups all shine.",
        "Long takes, a set design to die for and world-building galore.",
        "Its sound design, sound mixing and a soundscape of silence.",
        "The CG is poor, the VFX worse; the scripted scenes were penned fast.",
        "An action film with actions, actors, acted roles and an actress.",
        "Them, themes, thematically: an allegory, a metaphorical tale with arcs.",
        "Colours, colors and a palette; editorial, edits and the pace of montages.",
        "HUMANITY, SOCIETY AND THE HUMAN CONDITION, PLAYED BY A STELLAR ENSEMBLE.",
        "Sets, settings, production designers and costumers in the wardrobe.",
        "",
    ],
)
def test_topics_for_agrees_with_every_topic_pattern(sentence: str) -> None:
    lowered = sentence.lower()
    expected = {topic for topic, rx in _TOPIC_PATTERNS.items() if rx.search(lowered)}
    assert topics_for(sentence) == frozenset(expected)


@pytest.mark.parametrize(
    ("word", "topic"),
    [
        ("Music", "music"),
        ("soundtrack", "music"),
        ("score", "music"),
        ("acting", "acting"),
        ("performances", "acting"),
        ("Cast", "acting"),
        ("camera", "cinematography"),
        ("visuals", "cinematography"),
        ("Cinematography", "cinematography"),
        ("script", "writing"),
        ("dialogue", "writing"),
        ("plot", "story"),
        ("story", "story"),
        ("direction", "directing"),
        ("VFX", "effects"),
        ("costumes", "design"),
        ("sound", "sound"),
        ("pacing", "editing"),
        ("themes", "themes"),
        ("popcorn", None),
        ("", None),
    ],
)
def test_normalize_topic(word: str, topic: str | None) -> None:
    assert normalize_topic(word) == topic


def test_fixture_excerpt_topics() -> None:
    (review,) = reviews_of(next(p for p in FIXTURE_FILES if p.name == "noscore_glass_meridian.txt"))
    excerpts = extract_excerpts(review.text)
    by_start = {e.text.split()[0]: e for e in excerpts}
    assert "cinematography" in by_start["Paul"].topics
    assert "design" in by_start["Paul"].topics
    music = [e for e in excerpts if "single cello" in e.text]
    assert music and "music" in music[0].topics
