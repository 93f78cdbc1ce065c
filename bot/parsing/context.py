"""Reading lines in the light of the page: scale legends, scores closing a line, weak scores.

A legend such as "Ratings are out of four stars" sets the scale of the star scores that
follow it; "Grades run from A to F" lets a capsule end with a bare letter grade. Scores at
the end of prose lines (see :mod:`bot.parsing.inline`) are weak: they only count on a page
whose critic gives no score on a line of its own or after a label.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from bot.parsing.authors import author_in_line
from bot.parsing.captions import lowercase_captions
from bot.parsing.cleanup import has_terminal_punctuation
from bot.parsing.facts import fields_for_label
from bot.parsing.glyphs import emoji_scores, glyph_scores
from bot.parsing.inline import (
    InlineScore,
    inline_score,
    leading_title_score,
    title_like,
    title_of,
    watched_title,
)
from bot.parsing.labels import (
    CATEGORY_WORDS,
    is_known_category,
    is_overall_label,
    normalize_label,
)
from bot.parsing.lang import ARTICLES, DISC_CATEGORY_WORDS, FILM_WORDS, OUT_OF
from bot.parsing.legends import (
    continued_step_list_scale,
    legend_blocks,
    scale_legend,
    stated_star_scale,
    step_list_scale,
)
from bot.parsing.lines import Line
from bot.parsing.listing import (
    item_title,
    numbered_titles,
    ranked_titles,
    sentence_case_headings,
    table_titles,
)
from bot.parsing.posts import is_post_header, subject_line
from bot.parsing.reviews import join_wrapped
from bot.parsing.scorelines import ScoreLine, chat_message
from bot.parsing.scores import NUMBER_WORDS, ScoreMatch, match_score
from bot.parsing.spoken import score_in_sentence
from bot.parsing.tables import table_rows

_OUT_OF = "|".join(word.replace(" ", r"\s+") for word in OUT_OF)
_LEGEND_RE = re.compile(
    r"\b(?:all\s+)?(?:ratings?|scores?|stars?|grades?|notes?|wertungen|voti|puntuaciones)\b"
    rf".{{0,30}}?\b(?:{_OUT_OF}|on\s+a\s+scale\s+of(?:\s+\d\s+to)?)\s+"
    rf"(?P<den>\d{{1,3}}|{'|'.join(NUMBER_WORDS)})\b",
    re.IGNORECASE,
)
_GRADE_LEGEND_RE = re.compile(r"\bgrades?\b.{0,30}\bA\b.{0,10}\bF\b|\bletter\s+grades?\b", re.I)
_INITIALS_END_RE = re.compile(r"\s+[—–]\s*(?P<who>(?:[A-Z]\.?){2,3})$")
_LOWER_START_RE = re.compile(r"^[a-z]")
_DASHES = frozenset("—–")


def legend_scale(text: str) -> float | None:
    """The star scale a short legend line states ("Ratings are out of four stars." -> 4)."""
    if len(text.split()) > 14:
        return None
    found = _LEGEND_RE.search(text)
    if found is not None and inline_score(text) is not None:
        return None
    if found is None:
        return None
    den = found.group("den").lower()
    scale = float(NUMBER_WORDS[den]) if den in NUMBER_WORDS else float(den)
    return scale if 1 <= scale <= 10 else None


def _rescaled(score: ScoreMatch, scale: float | None) -> float:
    """A star score or a bare number whose scale the page's legend states rather than the
    score itself ("Puntuamos de 0 a 5." over "Puntuación: 3,5")."""
    if scale is None or score.scale is not None or score.form not in ("stars", "n_stars", "plain"):
        return score.value
    if score.amount > scale:
        return score.value
    return round(score.amount / scale * 10.0, 2)


def _key_below(lines: list[Line], key: int, scale: float, *, numbers: bool = False) -> None:
    """A key of stars printed below the capsules ("★ poor · … · ★★★★ excellent" at the foot
    of a guide), with no legend above them, sets the scale of the star scores above it too;
    a stated range ("As notas vão de 0,5 a 5 estrelas.") that of bare numbers as well."""
    forms = ("stars", "n_stars", "plain") if numbers else ("stars", "n_stars")
    for pos in range(key):
        score = lines[pos].score
        found = match_score(score.raw) if score is not None and score.kind == "overall" else None
        if score is None or found is None or found.end != len(score.raw):
            continue
        if found.form in forms:
            lines[pos] = replace(lines[pos], score=replace(score, value=_rescaled(found, scale)))


def _on_stated_scale(score: ScoreLine, scale: float | None) -> ScoreLine | None:
    """A labelled number above ten on the scale a legend states: up to 20 out of 20 ("Note :
    14"), up to 100 out of 100 ("Her score: 40" under "Scores are out of 100.")."""
    amount = float(score.raw.replace(",", "."))
    if scale == 20 and amount <= 20:
        return replace(score, value=round(amount / 2, 2), unscaled=False)
    if scale == 100:
        return replace(score, value=round(amount / 10, 2), unscaled=False)
    return None


def _drop_unscaled(lines: list[Line], below: float | None) -> None:
    """A labelled number above ten ("Note : 14", "Her score: 40") is on the scale a legend
    above it states (20 or 100), or one at the foot of the page; with none, it is no score."""
    for pos, line in enumerate(lines):
        score = line.score
        if score is None or score.kind != "overall" or not score.unscaled:
            continue
        stated = _on_stated_scale(score, below)
        if stated is not None:
            lines[pos] = replace(line, score=stated)
        else:
            lines[pos] = replace(line, kind="skip", score=None)


def _scored_after_range(line: Line) -> bool:
    """Whether a line holding a scale's range is a labelled score after it, the range in
    brackets in its label."""
    score = line.score
    if score is None or score.kind != "overall" or score.label is None:
        return False
    text = line.text.rstrip()
    return text.endswith(score.raw) and 0 <= text.rfind(")") < len(text) - len(score.raw)


def _signed_sentence(text: str) -> bool:
    """A short line that is a sentence signed with initials: "Dense and moving. — JW"."""
    signed = _INITIALS_END_RE.search(text)
    return signed is not None and has_terminal_punctuation(text[: signed.start()])


def _next_text(lines: list[Line], pos: int) -> str:
    following = lines[pos + 1] if pos + 1 < len(lines) else None
    return following.text if following is not None else ""


def _inline_line(line: Line, found: InlineScore, value: float) -> Line:
    weak = found.rule in ("sentence", "verb")
    title = found.title or watched_title(found.before)
    score = ScoreLine(
        "overall",
        value,
        found.score.raw,
        title=title,
        weak=weak,
        author=found.author,
        names=found.names,
    )
    prose = found.before if found.before and found.rule != "title" else ""  # "opening": capsule
    if prose and not (found.rule == "labelled" and len(prose.split()) < 4):
        return replace(line, text=prose, kind="prose", score=score, author=found.author)
    return replace(line, kind="score", score=score, author=found.author)


def _table_scores(lines: list[Line]) -> None:
    """The writer's score of each film row of a table with a score column."""
    for row in table_rows([line.text for line in lines]):
        line = lines[row.pos]
        if row.score is None or line.score is not None:
            continue
        score = ScoreLine("overall", row.score[0], row.score[1], title=row.title)
        lines[row.pos] = replace(line, kind="score", score=score, closed=True)


def read_in_context(lines: list[Line]) -> list[Line]:
    """Apply legends, read scores closing prose and title lines, drop weak scores if needed."""
    out = list(lines)
    glyph_scores(out)
    emoji_scores(out)
    lowercase_captions(out)
    _table_scores(out)
    scale: float | None = None
    grades = False
    steps = legend_blocks([line.text if line.kind != "blank" else "" for line in out])
    key: tuple[int, float] | None = None
    ranged_key: tuple[int, float] | None = None
    named: dict[int, Line] = {}
    for pos, line in enumerate(out):
        if line.kind == "blank" or line.closed:
            continue
        if line.kind in ("skip", "prose") and line.score is None and is_post_header(line.text):
            out[pos] = replace(line, kind="skip", closed=True)  # never a title, never a score
            continue
        out[pos] = line = subject_line(line)
        previous = out[pos - 1].text if pos > 0 and out[pos - 1].kind != "blank" else ""
        stars = (
            steps.get(pos)
            or continued_step_list_scale(previous, line.text)
            or step_list_scale(line.text)
            or stated_star_scale(line.text)
        )
        if stars is not None:  # the legend's own stars are never a score
            key = (pos, float(stars)) if scale is None and key is None else key
            scale = float(stars)
            out[pos] = replace(line, kind="skip", score=None, author=None)
            continue
        ranged = scale_legend(line.text)
        if ranged is not None:
            if scale is None and key is None and ranged_key is None:
                ranged_key = (pos, float(ranged))
            scale = float(ranged)
            if _scored_after_range(line):
                continue  # "Il giudizio (da ★ a ★★★★★): ★★★★½": the label states its range
            if line.kind == "score" or len(line.text.split()) <= 6:  # "Our ratings: 1-10"
                out[pos] = replace(line, kind="skip", score=None, author=None)
            else:  # "I nostri voti vanno da 1 a 5.": prose, and "a 5" is no score
                out[pos] = replace(line, score=None)
            continue
        legend = legend_scale(line.text) if line.kind != "score" else None
        grade_legend = "grade" in line.text.lower() and _GRADE_LEGEND_RE.search(line.text)
        if legend is not None or grade_legend:
            scale = legend or scale
            grades = grades or legend is None
            out[pos] = replace(line, kind="skip")
            continue
        score = line.score
        if score is not None and score.kind == "overall" and score.unscaled:
            stated = _on_stated_scale(score, scale)  # "Note : 14" under "… notées sur 20."
            if stated is not None:
                out[pos] = replace(line, score=stated)
            continue
        if score is not None and score.kind == "overall" and scale is not None:
            found = match_score(score.raw)
            if found is not None and found.end == len(score.raw):
                out[pos] = replace(line, score=replace(score, value=_rescaled(found, scale)))
            continue
        if line.kind == "author" and score is None:
            found_by = inline_score(line.text)
            if found_by is not None:
                name = author_in_line(found_by.before)[1] or line.author
                value = _rescaled(found_by.score, scale)
                overall = ScoreLine("overall", value, found_by.score.raw, weak=True, author=name)
                out[pos] = replace(line, kind="score", score=overall, author=name)
            continue
        if line.kind not in ("prose", "skip") or score is not None:
            continue
        signed = _INITIALS_END_RE.search(line.text) if _DASHES & set(line.text[-6:]) else None
        chat = chat_message(line.text, strict=True)
        inline = inline_score(chat[1] if chat else line.text, grade_legend=grades)
        inline = inline or leading_title_score(line.text)
        if inline is not None and chat is not None and inline.author is None:
            inline = replace(inline, author=chat[0])  # "marco: io sono più a un 6"
        said = score_in_sentence(chat[1] if chat else line.text) if inline is None else None
        if said is not None and line.kind == "prose":
            who = chat[0] if chat else None
            value = _rescaled(said.score, scale)
            score = ScoreLine(
                "overall", value, said.score.raw, weak=True, author=who, names=said.names
            )
            text = chat[1] if chat else line.text
            if said.names:
                named[pos] = line
            out[pos] = replace(line, text=text, score=score, author=who or line.author)
            continue
        if inline is None:
            if signed is not None and (line.kind == "prose" or _signed_sentence(line.text)):
                text = line.text[: signed.start()]
                out[pos] = replace(line, kind="prose", text=text, author=signed["who"])
            continue
        if inline.rule in ("sentence", "verb") and _LOWER_START_RE.match(_next_text(out, pos)):
            continue
        if inline.names:
            named[pos] = line
        out[pos] = _inline_line(line, inline, _rescaled(inline.score, scale))
    if key is not None:
        _key_below(out, *key)
    elif ranged_key is not None:
        _key_below(out, *ranged_key, numbers=True)
    _drop_unscaled(out, ranged_key[1] if key is None and ranged_key is not None else None)
    _wrapped_scores(out, named)
    _other_films(out, named)
    _titled_sections(out)
    sentence_case_headings(out)
    ranked_titles(out)
    numbered_titles(out)
    table_titles(out)
    _film_among_disc_scores(out)
    _named_critics(out)
    _drop_weak(out)
    return out


def _wrapped_scores(lines: list[Line], named: dict[int, Line]) -> None:
    """ "… and for me the film is a" / "9 out of 10 on its own, music or no music.": the
    writer's own score in a sentence a hard wrap splits, read in the paragraph the lines
    make; it goes on the line where the score starts. Only on a page with no score of the
    critic's yet."""
    if any(line.score is not None and line.score.kind == "overall" for line in lines):
        return
    run: list[int] = []
    for pos in range(len(lines) + 1):
        if pos < len(lines) and lines[pos].kind == "prose" and not lines[pos].closed:
            run.append(pos)
            continue
        if len(run) >= 2 and all(lines[at].score is None for at in run) and _split_near(lines, run):
            _read_wrapped(lines, run, named)
        run = []


_NUMBERS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALE_WORDS = "|".join(word.replace(" ", r"\s+") for word in OUT_OF)
#: What a score split by a wrap has near the break: a fraction, stars, or a figure or a
#: number word next to a scale word ("a" / "9 out of 10", "nine out" / "of ten").
_WRAP_HINT_RE = re.compile(
    rf"\d\s*/\s*\d|[★⭐✪]|(?:\d|\b(?:{_NUMBERS}))\s+(?:{_SCALE_WORDS})\b"
    rf"|\b(?:{_SCALE_WORDS})\s+(?:\d|(?:{_NUMBERS})\b)",
    re.IGNORECASE,
)
_NEAR_BREAK = 30


def _split_near(lines: list[Line], run: list[int]) -> bool:
    """Whether a score's shape stands near one of the run's line breaks."""
    for a, b in pairwise(run):
        window = f"{lines[a].text[-_NEAR_BREAK:]} {lines[b].text[:_NEAR_BREAK]}"
        quick = _QUICK_RE.search(window) is not None or not _NUMBER_SET.isdisjoint(
            window.casefold().split()
        )
        if quick and _WRAP_HINT_RE.search(window) is not None:
            return True
    return False


_QUICK_RE = re.compile(r"[\d★⭐✪]")
_NUMBER_SET = frozenset(NUMBER_WORDS)


def _read_wrapped(lines: list[Line], run: list[int], named: dict[int, Line]) -> None:
    texts = [" ".join(lines[at].text.split()) for at in run]
    said = score_in_sentence(join_wrapped(texts))
    if said is None:
        return
    spoken = " ".join(f"{said.before} {said.score.raw}".split())
    if any(spoken in text for text in texts):
        return  # the sentence stands on one line, which was read on its own already
    first = said.score.raw.split()[0]
    home = next(
        (at for at, text in zip(reversed(run), reversed(texts), strict=True) if first in text), None
    )
    if home is None:
        return
    score = ScoreLine("overall", said.score.value, said.score.raw, weak=True, names=said.names)
    if said.names:
        named[home] = lines[home]
    lines[home] = replace(lines[home], score=score)


def _other_films(lines: list[Line], named: dict[int, Line]) -> None:
    """ "For me Heat is a 9/10." in a review of another film: a score the writer's sentence
    gives to a name is theirs only when the name is the page's film (its title fact) or the
    film of the heading above it; otherwise the line goes back to being prose."""
    if not named:
        return
    page = next(
        (str(v) for line in lines if line.facts for field, v in line.facts if field == "title"),
        None,
    )
    for pos, original in named.items():
        score = lines[pos].score
        if score is None:
            continue
        heading = next(
            (
                title
                for line in reversed(lines[:pos])
                if line.kind == "skip"
                and not line.closed
                and (title := title_of(line.text, heading=True)) is not None
            ),
            None,
        )
        films = [film for film in (page, heading) if film is not None]
        if not all(any(same_film(name, film) for film in films) for name in score.names):
            lines[pos] = original


_ARTICLE_WORDS = frozenset(word.rstrip("'") for word in ARTICLES)
_NAME_WORD_RE = re.compile(r"[^\W_]+")
_YEAR_RE = re.compile(r"(?:18|19|20)\d{2}")


def _name_words(text: str) -> list[str]:
    words = _NAME_WORD_RE.findall(text.casefold().replace("'s ", " "))
    if len(words) > 1 and _YEAR_RE.fullmatch(words[-1]):
        words = words[:-1]  # "Collateral (2004)"
    return words[1:] if len(words) > 1 and words[0] in _ARTICLE_WORDS else words


def same_film(name: str, title: str) -> bool:
    """Whether a name written in a sentence is the film ``title`` ("Heat" and "Heat (1995)",
    "the holdovers" and "The Holdovers", "Portrait of a Lady" opening "Portrait of a Lady on
    Fire"; one word opening a longer title is not enough: "Heat" is not "Heat 2")."""
    said, full = _name_words(name), _name_words(title)
    if not said:
        return False
    return said == full or (len(said) >= 2 and full[: len(said)] == said)


_FIRST_NAME_RE = re.compile(r"[A-Z][^\W\d_]{1,20}")


def _is_first_name(label: str) -> bool:
    """A label that can only be a person: one capitalized word naming no category or fact."""
    return (
        _FIRST_NAME_RE.fullmatch(label) is not None
        and label.lower() not in CATEGORY_WORDS
        and not is_known_category(label)
        and fields_for_label(label) is None
        and not is_overall_label(label)
    )


def _film_label(label: str) -> bool:
    """A label written like a film title that names no category, fact or score."""
    words = label.lower().replace("-", " ").split()
    return (
        title_like(label)
        and not any(word.strip("'’") in CATEGORY_WORDS for word in words)
        and not is_known_category(label)
        and fields_for_label(label) is None
        and not is_overall_label(label)
    )


def _film_among_disc_scores(lines: list[Line]) -> None:
    """ "Film: ★★★★★" over "Bild: ★★★★☆" / "Ton: ★★★★☆": a disc test scores the film and the
    disc's picture, sound and extras; the film's line is the critic's score, the others stay
    categories. Only on a page with no other critic score."""
    scored = [line.score.kind for line in lines if line.score is not None]
    if "category" not in scored or "overall" in scored:
        return
    run: list[tuple[int, str]] = []
    for pos, line in enumerate([*lines, None]):
        score = line.score if line is not None else None
        if score is not None and score.kind == "category" and score.label:
            run.append((pos, normalize_label(score.label)))
            continue
        films = [at for at, label in run if label in FILM_WORDS]
        if len(films) == 1 and any(label in DISC_CATEGORY_WORDS for _, label in run):
            film = lines[films[0]]
            assert film.score is not None
            lines[films[0]] = replace(film, score=replace(film.score, kind="overall"))
            return
        run = []
    _film_line_alone(lines)


def _film_line_alone(lines: list[Line]) -> None:
    """ "THE FILM ........ 8/10" beside "THE WINE ........ 91/100": the one score a page
    labels with the film itself is the critic's score of it (no other critic score)."""
    films = [
        pos
        for pos, line in enumerate(lines)
        if line.score is not None
        and line.score.kind == "category"
        and line.score.label
        and normalize_label(line.score.label) in FILM_WORDS
    ]
    if len(films) == 1:
        film = lines[films[0]]
        assert film.score is not None
        lines[films[0]] = replace(film, score=replace(film.score, kind="overall"))


def _named_critics(lines: list[Line]) -> None:
    """ "Jonah: 9.5/10" / "Bea: 8/10": two or more adjacent scores labelled with first names,
    on a page with no other critic score, are each a critic's own (a podcast's hosts).

    When the run's labels are titles and one of them cannot be a first name ("Past Lives:
    9/10" / "Wonka: 6/10"), they are films, each with the writer's score.
    """
    if any(line.score is not None and line.score.kind == "overall" for line in lines):
        return
    run: list[int] = []
    runs: list[list[int]] = []
    for pos, line in enumerate(lines):
        score = line.score
        label = score.label or "" if score is not None else ""
        if (
            score is not None
            and score.kind == "category"
            and (_is_first_name(label) or _film_label(label))
        ):
            run.append(pos)
            continue
        if line.kind != "blank" or not run:
            runs.append(run)
            run = []
    runs.append(run)
    for found in runs:
        if len(found) < 2:
            continue
        labels = [lines[pos].score.label or "" for pos in found]  # type: ignore[union-attr]
        films = not all(_is_first_name(label) for label in labels)
        if films and not all(_film_label(label) for label in labels):
            continue
        for pos in found:
            score = lines[pos].score
            assert score is not None
            if films:
                lines[pos] = replace(
                    lines[pos], score=replace(score, kind="overall", label=None, title=score.label)
                )
                continue
            lines[pos] = replace(
                lines[pos],
                score=replace(score, kind="overall", label=None, author=score.label),
                author=score.label,
            )


def _titled_sections(lines: list[Line]) -> None:
    """ "Le Samouraï: ★★★★★" over its paragraph, twice or more: films, not categories.

    A labelled score whose label is a title (not a known category), with a blank line before
    it and prose right after it, heads a capsule; one such line alone stays a category.
    """
    found: list[int] = []
    for pos, line in enumerate(lines):
        score = line.score
        if score is None or score.kind != "category" or not score.label:
            continue
        before = lines[pos - 1] if pos else None
        after = lines[pos + 1] if pos + 1 < len(lines) else None
        if (
            (before is None or before.kind == "blank")
            and after is not None
            and after.kind == "prose"
            and not is_known_category(score.label)
            and title_like(score.label, heading=True)
        ):
            found.append(pos)
    if len(found) < 2:
        return
    for pos in found:
        score = lines[pos].score
        assert score is not None
        lines[pos] = replace(
            lines[pos], score=replace(score, kind="overall", title=score.label, label=None)
        )


def _other_critic(author: str | None, strong: ScoreLine | None) -> bool:
    """A weak score signed by someone else than a strong one (two posters of a chat)."""
    other = strong.author if strong is not None else None
    return author is not None and other is not None and author != other


def _drop_weak(lines: list[Line]) -> None:
    """Drop a weak score that shares its review with a strong one.

    They share a review unless a film's heading line stands between them (a roundup where
    one capsule ends "… 4 out of 5" and the next has its score on a line of its own), or
    they are signed by two different people (two posters of a chat), or a forum post's
    header stands between them (two posts of a thread).
    """
    strong = [
        pos
        for pos, line in enumerate(lines)
        if line.score is not None and line.score.kind == "overall" and not line.score.weak
    ]
    if not strong:
        return
    headings = [
        pos
        for pos, line in enumerate(lines)
        if (line.kind == "skip" and not line.closed and title_of(line.text, heading=True))
        or (line.kind in ("skip", "author") and is_post_header(line.text))
        or (line.kind in ("skip", "prose", "fact") and line.score is None and item_title(line.text))
    ]
    for pos, line in enumerate(lines):
        if line.score is None or not line.score.weak:
            continue
        shared = any(
            not any(min(pos, other) < h < max(pos, other) for h in headings)
            and not _other_critic(line.score.author, lines[other].score)
            for other in strong
        )
        if shared:
            lines[pos] = replace(line, score=None, author=None)
