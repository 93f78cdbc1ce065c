"""Free-text command lines become typed options the same way on every text adapter."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.errors import UserError
from bot.textparse import parse_line, tokenize


def test_tokenize_keeps_straight_and_curly_quotes_whole() -> None:
    toks = tokenize('rate "Lost in Translation" 9 “so good” it\'s fine')
    assert [t.text for t in toks] == ["rate", "Lost in Translation", "9", "so good", "it's", "fine"]
    assert [t.quoted for t in toks] == [False, True, False, True, False, False]


def test_unclosed_quote_is_a_user_error() -> None:
    with pytest.raises(UserError, match="quote"):
        tokenize('rate "Her 9')


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '/rate "Lost in Translation" 9 lovely',
            {"title": "Lost in Translation", "score": "9", "comment": "lovely"},
        ),
        (
            "/rate Lost in Translation 9 lovely film",
            {"title": "Lost in Translation", "score": "9", "comment": "lovely film"},
        ),
        ("/rate Her ★★★★½", {"title": "Her", "score": "★★★★½"}),
        ("/rate Her 8.5/10", {"title": "Her", "score": "8.5/10"}),
        ("/rate Her abc", {"title": "Her", "score": "abc"}),
        ("/rate Her 11/10", {"title": "Her", "score": "11/10"}),
        ("/quote Her music", {"title": "Her", "topic": "music"}),
        ("/quote music", {"topic": "music"}),
        ("/quote Her", {"title": "Her"}),
        (
            "/quote The Grand Budapest Hotel acting",
            {"title": "The Grand Budapest Hotel", "topic": "acting"},
        ),
        ("/film her 2013", {"title": "her 2013"}),
        ("/rate Solaris 1972 9", {"title": "Solaris 1972", "score": "9"}),
        (
            "/rate Solaris (2002) 4/5 cold",
            {"title": "Solaris (2002)", "score": "4/5", "comment": "cold"},
        ),
        ("/rate Blade Runner 2049 8", {"title": "Blade Runner 2049", "score": "8"}),
        ("/rate Her 2013", {"title": "Her", "score": "2013"}),
        ("/scores Her chart:no", {"title": "Her", "chart": "no"}),
        ("/help poll start", {"command": "poll start"}),
        ("/ratings me", {"title": "me"}),
    ],
)
def test_lines_map_to_options(line: str, expected: dict[str, str]) -> None:
    assert parse_line(line, COMMANDS).options == expected


def test_unknown_command_names_it() -> None:
    with pytest.raises(UserError, match="/nope"):
        parse_line("/nope Her", COMMANDS)


def test_extra_words_are_reported() -> None:
    with pytest.raises(UserError, match="did not understand"):
        parse_line("/quote Her music more", COMMANDS)
