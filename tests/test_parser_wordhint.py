"""The quick word check before a pattern of many whole words gives the pattern's own answer."""

from __future__ import annotations

import re

import pytest

from bot.parsing.wordhint import WordHint, first_words

WORDS = ("out of", "sur", "von", "su", "stars?", "étoiles?")
PATTERN = re.compile(
    r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in WORDS) + r")\b", re.IGNORECASE
)


def test_first_words_fold_and_expand_an_optional_last_letter() -> None:
    assert first_words(WORDS) == frozenset(
        {"out", "sur", "von", "su", "star", "stars", "étoile", "étoiles"}
    )


@pytest.mark.parametrize("odd", [r"\d+ stars", "(?:a|b)", "x?", "[ab]c"])
def test_an_alternative_that_is_not_plain_letters_means_always_run(odd: str) -> None:
    assert first_words(("sur", odd)) is None
    hint = WordHint(re.compile(odd), ("sur", odd))
    assert hint.words is None


@pytest.mark.parametrize(
    "text",
    [
        "Three stars OUT  OF four.",
        "Note sur 5",
        "ÉTOILES partout",
        "8 su 10",
        "such a sure thing, a star",
        "10su",
        "nothing here at all",
        "Voto: 7",
        "",
    ],
)
def test_the_hint_answers_as_the_pattern(text: str) -> None:
    hint = WordHint(PATTERN, WORDS)
    found, expected = hint.search(text), PATTERN.search(text)
    assert (found and found.group(0)) == (expected and expected.group(0))


def test_text_without_any_first_word_skips_the_pattern() -> None:
    class Counting:
        calls = 0

        def search(self, text: str) -> None:
            Counting.calls += 1

    hint = WordHint(Counting(), WORDS)  # type: ignore[arg-type]
    hint.search("A quiet film on a lighthouse keeper.")
    assert Counting.calls == 0
    hint.search("Four stars.")
    assert Counting.calls == 1
