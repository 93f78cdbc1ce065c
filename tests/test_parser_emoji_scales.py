"""Counts of any pictograph on a scale the page states: a legend line per glyph ("🍅 = our
critic, out of 5", "🍿 = the average of subscribers, out of 5") or a critic's label with
its scale in brackets ("Cruise Director's rating (out of 5 anchors): ⚓⚓⚓⚓"); emoji with no
stated scale stay decoration."""

from __future__ import annotations

from bot.parsing import parse_document

_LEGEND = (
    "THE SCREENING ROOM, week 6\n\n"
    "How to read our scores\n"
    "🍅 = our critic, out of 5\n"
    "🍿 = the average of subscribers who rated it, out of 5\n\n"
)


def test_a_legend_per_glyph_gives_the_critics_and_the_raters_scores() -> None:
    text = (
        f"{_LEGEND}"
        "1) PERFECT DAYS\n"
        "A toilet cleaner's routine in Tokyo, and the most uplifting film of the year.\n"
        "🍅🍅🍅🍅🍅\n"
        "🍿🍿🍿🍿 (from 214 subscribers)\n\n"
        "2) POOR THINGS\n"
        "Steampunk Frankenstein, exhausting and dazzling in turns.\n"
        "🍅🍅🍅\n"
        "🍿🍿🍿🍿 (from 309 subscribers)\n"
    )
    doc = parse_document(text)
    assert [(r.score, r.title) for r in doc.reviews] == [
        (10.0, "Perfect Days"),
        (6.0, "Poor Things"),
    ]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.0, 214), (8.0, 309)]


def test_a_critics_label_stating_its_scale_in_brackets() -> None:
    text = (
        "Day 6 at sea\n\n"
        "TOP GUN: MAVERICK (PG-13)\n"
        "The flying was shot for real, and under the open sky it is loud.\n"
        "Cruise Director's rating (out of 5 anchors): ⚓⚓⚓⚓\n"
    )
    assert [r.score for r in parse_document(text).reviews] == [8.0]


def test_emoji_with_no_stated_scale_are_decoration() -> None:
    text = (
        "Movie night recap 🎬\n\n"
        "We watched Paddington 2 and everybody cried at the end.\n"
        "🍿🍿🍿🍿\n"
        "👍❤️😢 1,2K · 347 comments\n"
    )
    doc = parse_document(text)
    assert [r.score for r in doc.reviews if r.score is not None] == []
    assert doc.aggregates == ()


def test_a_legend_for_one_glyph_reads_no_other() -> None:
    text = (
        "How to read our scores\n"
        "🍅 = our critic, out of 5\n\n"
        "PADDINGTON 2\n"
        "Marmalade, prison laundry and a pop-up book.\n"
        "🌟🌟🌟🌟\n"
    )
    assert [r.score for r in parse_document(text).reviews if r.score is not None] == []


def test_a_label_that_names_no_score_reads_no_emoji() -> None:
    text = (
        "PADDINGTON 2\n"
        "Marmalade, prison laundry and a pop-up book.\n"
        "Coffee needed (out of 5 cups): ☕☕☕\n"
    )
    assert [r.score for r in parse_document(text).reviews if r.score is not None] == []
