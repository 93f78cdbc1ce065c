"""Parts of a page that look like scores and are not the page's own: reader comments under
headings in any language, press quotes, vote shares; and vote counts grouped with spaces."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.cleanup import clean_text, is_press_quote, starts_comments


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews]


@pytest.mark.parametrize(
    "heading",
    [
        "Top comments",
        "12 Comments",
        "Comments (4)",
        "Reader comments",
        "Commentaires",
        "3 commentaires",
        "Kommentare (3)",
        "Leserkommentare",
        "Commenti",
        "Comentarios (2)",
        "Comentários",
    ],
)
def test_comment_headings_of_every_language_open_the_comments(heading: str) -> None:
    assert starts_comments(heading)
    text = (
        "Das Lehrerzimmer\n\nEin Schuldrama, gebaut wie ein Thriller.\n\nWertung: 8/10\n\n"
        f"{heading}\nmaxi — Für mich eine 6/10, zu kalt.\n"
    )
    assert _scores(text) == [(8.0, "8/10")]


@pytest.mark.parametrize(
    "line",
    [
        "Commentary track by the director",
        "Comments on the restoration were mixed.",
        "Kommentar",
        "Commentaire",
        "Comentario",
    ],
)
def test_a_sentence_about_comments_opens_nothing(line: str) -> None:
    assert not starts_comments(line)


@pytest.mark.parametrize(
    "line",
    [
        "★★★★★ “A small, perfect film about being noticed.” — The Northern Courier",
        '"Catherine Clinch is a revelation." 5/5 — Reel Quarterly',
        "“Devastating and tender” — The Guardian ★★★★★",
        "«Un film immense, qui ne lâche rien» 4/5 — Le Quotidien",
    ],
)
def test_a_quote_attributed_to_an_outlet_is_a_press_quote(line: str) -> None:
    assert is_press_quote(line)
    text = f"The Quiet Girl\n\nWHAT THE CRITICS SAY\n{line}\n\nRunning time: 95 minutes\n"
    doc = parse_document(text)
    assert all(review.score is None for review in doc.reviews)
    assert doc.aggregates == ()


@pytest.mark.parametrize(
    "line",
    [
        "“Heat” — 9/10",
        "Heat (1995) — Michael Mann ★★★★",
        "“Heat” ★★★★",
        "“The Holdovers” — Alexander Payne ★★★★",
    ],
)
def test_a_quoted_title_with_its_score_is_no_press_quote(line: str) -> None:
    assert not is_press_quote(line)


def test_a_share_of_the_ballots_is_no_aggregate() -> None:
    text = (
        "Jury notes\n\nFallen Leaves\nDeadpan and sad and funny.\nMy mark: 8.5/10\n\n"
        "Audience award (announced separately): 71% of ballots for Fallen Leaves.\n"
    )
    doc = parse_document(text)
    assert doc.aggregates == ()
    assert _scores(text) == [(8.5, "8.5/10")]


def test_a_percentage_of_counted_critics_stays_an_aggregate() -> None:
    doc = parse_document("Heat\n\nCritics: 88% of 120 reviews\n\nA long, cool film.\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.8, 120)]


def test_a_vote_count_grouped_with_spaces_belongs_to_the_score_above() -> None:
    text = "L'Auberge espagnole\n\nSpectateurs\n4,1\n8 912 notes\n\nNotre critique : ★★★½☆\n"
    doc = parse_document(text)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.2, 8912)]
    assert _scores(text) == [(7.0, "★★★½☆")]


def test_a_title_keeps_its_own_exclamation_mark_unless_shouted() -> None:
    from bot.parsing.inline import title_of

    assert title_of("Mamma Mia! (2008)") == "Mamma Mia!"
    assert title_of("SULLY!") == "Sully"


def test_each_score_takes_the_title_opening_its_own_paragraph() -> None:
    text = (
        "FESTIVAL JURY NOTES\n\nJuror: Teodora Vasić, film critic\n"
        "Competition: 14 films over 9 days. I saw every film twice.\n\n"
        "1. The Zone of Interest (UK/Poland, 105 min) — screening 3 of 14\n"
        "The camera never goes over the wall, and that is the film.\nMy mark: 9/10\n\n"
        "2. Fallen Leaves (Finland, 81 min) — screening 8 of 14\n"
        "Deadpan and sad and funny, with karaoke.\nMy mark: 8.5/10\n"
    )
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("The Zone of Interest", 9.0),
        ("Fallen Leaves", 8.5),
    ]


def test_an_audience_award_s_average_counts_its_ballots() -> None:
    text = (
        "AUDIENCE AWARD RESULTS\n\nWINNER\nRobot Dreams (Pablo Berger)\n"
        "Audience score: 4.65 out of 5 · 1,318 ballots\n"
    )
    doc = parse_document(text)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(9.3, 1318)]
    assert all(score is None for score, _ in _scores(text))


def test_an_infobox_running_time_without_a_colon() -> None:
    text = "Close\nDirected by Lukas Dhont\nRunning time 104 minutes\n\nA drama.\n"
    assert parse_document(text).facts.runtime_minutes == 104


def test_a_labelled_score_followed_by_its_verdict_as_a_sentence() -> None:
    text = "The Substance\n\nLoud, gross and long.\n\nMy rating: 6/10. Brilliant first hour.\n"
    assert _scores(text) == [(6.0, "6/10")]
    from bot.parsing.scorelines import classify_score_line

    found = classify_score_line("My rating: 6/10. Brilliant first hour.")
    assert found is not None and found.verdict == "Brilliant first hour."
    # a sentence that scores something else is no verdict of this score
    assert classify_score_line("My rating: 6/10. Heat gets 9/10 from me.") is None
    # a bare number could be out of 5 or of 10: its sentence does not make it a score
    assert classify_score_line("My rating: 4. Brilliant first hour.") is None


def test_an_exported_chat_s_poster_gives_a_film_its_score_and_a_verdict() -> None:
    text = (
        "WhatsApp Chat with Film Gang\n\n"
        "[21/07/2023, 23:44:20] Amira: honestly the last hour was the best part\n"
        "[21/07/2023, 23:45:02] Amira: Oppenheimer: 8.5/10. RDJ should win something\n"
        "[21/07/2023, 23:46:10] Tom: Acting: 9/10. The rest is noise\n"
        "[21/07/2023, 23:49:15] Amira: Barbie is already at 4.3 on Letterboxd\n"
    )
    reviews = [r for r in parse_document(text).reviews if r.score is not None]
    assert [(r.author, r.title, r.score) for r in reviews] == [("Amira", "Oppenheimer", 8.5)]


@pytest.mark.parametrize(
    "line",
    [
        "> **Verdict:** 8/10",
        "> Note : 4/5",
        "> __Verdict__: 8/10",
        "> *Wertung:* 8/10",
        "> ***Verdict:*** 8/10",
        "> _Verdict:_ 8/10",
        "_Verdict:_ 8/10",
    ],
)
def test_a_labelled_verdict_in_a_block_quote_is_the_critic_s(line: str) -> None:
    text = (
        "The Zone of Interest\n\nThe camera never enters the camp; the sound does, and "
        f"it never stops.\n\n{line}\n"
    )
    assert [r.score for r in parse_document(text).reviews] == [8.0]


@pytest.mark.parametrize(
    ("text", "scores"),
    [
        ("u/kestrel · 5h\n> 8/10 for me.\nWay too generous.\n", [None]),  # no label
        (  # a reply quoting the review's own score line
            "Mann's film is long and patient.\n\nRating: 6/10\n\nA reader did not agree at all."
            "\n> Rating: 6/10\nFar too low for the best heist film there is.\n",
            [6.0],
        ),
        ("u/lumen · 2h\n>> Verdict: 9/10\n> agreed, and more.\n", []),  # quote in a quote
        ("kim wrote:\n> Verdict: 9/10\n", []),  # under a quote header
        (  # a reply on a forum thread
            "Post #2 — lumen — 12.03.2024, 10:12\n> Verdict: 9/10\n\nFar too kind to it.\n",
            [None],
        ),
        ("> IMDb: 7.6/10\n", []),  # an aggregate is no verdict, quoted or not
    ],
)
def test_other_block_quotes_stay_someone_else_s_words(
    text: str, scores: list[float | None]
) -> None:
    doc = parse_document(text)
    assert [r.score for r in doc.reviews] == scores
    assert doc.aggregates == ()


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("_Verdict:_ 8/10", "Verdict: 8/10"),
        ("_The Holdovers_ is lovely", "The Holdovers is lovely"),
        ("u/lens_flare_99 · 5h", "u/lens_flare_99 · 5h"),  # inside a handle
        ("@_kim_ said so", "@_kim_ said so"),
        ("see https://example.org/_next_/page", "see https://example.org/_next_/page"),
    ],
)
def test_single_underscore_emphasis_is_read_through_but_not_inside_names(
    text: str, clean: str
) -> None:
    assert clean_text(text) == clean
