"""Numbers that count people or items, and a scale stated below the score it governs."""

from __future__ import annotations

from bot.parsing import parse_document

PROSE = "A patient film about a family waiting for news that never comes, told with restraint."


def test_a_count_of_people_after_a_label_is_no_aggregate() -> None:
    doc = parse_document(f"Club night\nPresent: 23 members. Apologies: 4.\n\n{PROSE}\n")
    assert doc.aggregates == ()
    assert [review.score for review in doc.reviews if review.score is not None] == []


def test_a_numbered_agenda_item_naming_members_is_no_aggregate() -> None:
    doc = parse_document(f"4. Members' vote\nThe vote is held next week.\n\n{PROSE}\n")
    assert doc.aggregates == ()


def test_an_aggregate_with_its_vote_count_is_still_read() -> None:
    doc = parse_document(f"{PROSE}\n\nUsers: 7.6 (412 votes)\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(7.6, 412)]


def test_a_range_stated_at_the_foot_of_the_page_scales_the_bare_score_above() -> None:
    doc = parse_document(f"Nota: 3,5\n\n{PROSE}\n\nAs notas vão de 0,5 a 5 estrelas.\n")
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(7.0, "3,5")]


def test_a_range_from_half_a_star_is_a_legend_in_english_too() -> None:
    doc = parse_document(f"Rating: 4\n\n{PROSE}\n\nRatings run from 0.5 to 5 stars.\n")
    assert [r.score for r in doc.reviews] == [8.0]


def test_without_a_stated_range_a_bare_score_keeps_its_ten_point_reading() -> None:
    doc = parse_document(f"Rating: 4\n\n{PROSE}\n")
    assert [r.score for r in doc.reviews] == [4.0]


def test_a_counted_mean_in_the_minutes_is_an_aggregate() -> None:
    text = (
        f"{PROSE}\n\nBallot\n12 ballots returned. Mean score 7.5 out of 10 (12 votes). "
        "Last month's film averaged 6.9.\n"
    )
    doc = parse_document(text)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(7.5, 12)]


def test_a_mean_without_a_count_of_votes_stays_prose() -> None:
    text = f"{PROSE}\n\nThe mean score was 7.5 out of 10, about what we expected.\n"
    assert parse_document(text).aggregates == ()
