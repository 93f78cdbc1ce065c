"""Counting: plurality, approval, instant-runoff rounds and deterministic tie-breaks."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.polls.localtime import zone_or_utc
from bot.polls.models import Ballot, Mode, Poll, PollOption, PollState
from bot.polls.render import closed_reply, round_line, tie_note
from bot.polls.tally import tally

NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)


def make_poll(
    labels: list[str],
    mode: Mode = Mode.SINGLE,
    ranks: list[int | None] | None = None,
    anonymous: bool = False,
) -> Poll:
    ranks = ranks or [None] * len(labels)
    options = tuple(
        PollOption(
            id=10 + i,
            position=i + 1,
            key=f"title:{label.lower()}",
            label=label,
            film_id=None,
            watch_rank=rank,
        )
        for i, (label, rank) in enumerate(zip(labels, ranks, strict=True))
    )
    return Poll(
        id=1,
        club="console:t",
        number=1,
        channel="gen",
        question="Next?",
        mode=mode,
        anonymous=anonymous,
        hidden=False,
        state=PollState.CLOSED,
        creator_id="u1",
        creator_name="Ada",
        created_at=NOW,
        closes_at=NOW,
        closed_at=NOW,
        closed_late=False,
        winner_option=None,
        weekly=False,
        options=options,
        ballot_count=0,
    )


def ballots(*choices: tuple[int, ...]) -> list[Ballot]:
    return [Ballot(f"m{i}", f"Member {i}", c) for i, c in enumerate(choices)]


def test_single_plurality() -> None:
    poll = make_poll(["Alien", "Heat", "Her"])
    result = tally(poll, ballots((11,), (11,), (10,), (12,), (11,)))
    assert result.winner == 11
    assert result.counts[0] == (11, 3)
    assert result.tie is None
    assert result.ballots == 5


def test_no_ballots_no_winner() -> None:
    for mode in Mode:
        result = tally(make_poll(["Alien", "Heat"], mode), [])
        assert result.winner is None
        assert result.ballots == 0


def test_single_tie_broken_by_earlier_watchlist_entry() -> None:
    # Heat was added to the watchlist before Alien (lower entry id).
    poll = make_poll(["Alien", "Heat"], ranks=[7, 3])
    result = tally(poll, ballots((10,), (11,)))
    assert result.winner == 11
    assert result.tie is not None
    assert result.tie.by_watchlist
    note = tie_note(poll, result.tie)
    assert note.startswith("Tie between Heat and Alien (1 vote each) broken by watchlist order")
    assert "Heat was added to the watchlist first" in note


def test_tie_on_and_off_the_watchlist() -> None:
    poll = make_poll(["Alien", "Heat"], ranks=[None, 5])
    result = tally(poll, ballots((10,), (11,)))
    assert result.winner == 11
    assert result.tie is not None
    assert "Heat is on the watchlist and Alien is not" in tie_note(poll, result.tie)


def test_tie_broken_by_title_when_neither_is_listed() -> None:
    poll = make_poll(["The Thing", "Heat", "Alien"])
    result = tally(poll, ballots((10,), (11,)))
    assert result.winner == 11  # "Heat" sorts before "Thing" (the article is ignored)
    assert result.tie is not None and not result.tie.by_watchlist
    assert "broken by title: Heat comes first alphabetically" in tie_note(poll, result.tie)


def test_approval_counts_every_pick() -> None:
    poll = make_poll(["Alien", "Heat", "Her"], Mode.APPROVAL)
    result = tally(poll, ballots((10, 11), (11, 12), (11,), (10,)))
    assert dict(result.counts) == {10: 2, 11: 3, 12: 1}
    assert result.winner == 11


def test_ranked_majority_in_first_round() -> None:
    poll = make_poll(["Alien", "Heat", "Her"], Mode.RANKED)
    result = tally(poll, ballots((10, 11), (10,), (11, 10)))
    assert result.winner == 10
    assert len(result.rounds) == 1
    assert result.rounds[0].majority == 10
    assert "Alien has a majority (2 of 3)" in round_line(poll, result.rounds[0])


def test_ranked_runoff_transfers_votes() -> None:
    # First preferences: Alien 4, Heat 3, Her 2. Her's voters prefer Heat next.
    poll = make_poll(["Alien", "Heat", "Her"], Mode.RANKED)
    result = tally(
        poll,
        ballots(
            (10,),
            (10,),
            (10,),
            (10, 11),
            (11,),
            (11,),
            (11, 10),
            (12, 11),
            (12, 11),
        ),
    )
    assert result.winner == 11
    assert [r.number for r in result.rounds] == [1, 2]
    first, second = result.rounds
    assert dict(first.counts) == {10: 4, 11: 3, 12: 2}
    assert first.eliminated == (12,)
    assert dict(second.counts) == {10: 4, 11: 5}
    assert second.majority == 11
    text = closed_reply(poll, result, [], zone_or_utc("UTC")).plain_text()
    assert "Round 1: Alien 4, Heat 3, Her 2 — Her eliminated" in text
    assert "Round 2: Heat 5, Alien 4 — Heat has a majority (5 of 9)" in text


def test_ranked_exhausted_ballots_and_zero_vote_options() -> None:
    poll = make_poll(["Alien", "Heat", "Her", "Ran"], Mode.RANKED)
    result = tally(poll, ballots((10,), (10,), (11,), (11,), (12,)))
    first = result.rounds[0]
    assert first.eliminated == (13,)  # no first choices: eliminated at once
    assert "Ran eliminated (no first choices)" in round_line(poll, first)
    second = result.rounds[1]
    assert second.eliminated == (12,)
    third = result.rounds[2]
    assert third.exhausted == 1  # the Her voter ranked nothing else
    assert result.tie is not None  # Alien 2, Heat 2 with one ballot exhausted
    assert result.winner == 10


def test_ranked_elimination_tie_is_deterministic_and_explained() -> None:
    poll = make_poll(["Alien", "Heat", "Her"], Mode.RANKED, ranks=[1, 2, 3])
    result = tally(poll, ballots((10,), (10,), (11, 10), (12, 11)))
    first = result.rounds[0]
    assert first.elimination_tie is not None
    assert first.eliminated == (12,)  # Heat and Her tie at 1; Her was added later
    line = round_line(poll, first)
    assert "Heat and Her tie for fewest; Her eliminated (added to the watchlist later)" in line
    assert result.winner == 10
    # Same ballots in another order: same result.
    again = tally(poll, list(reversed(ballots((10,), (10,), (11, 10), (12, 11)))))
    assert again == result


def test_anonymous_results_never_name_voters() -> None:
    named = make_poll(["Alien", "Heat"])
    secret = make_poll(["Alien", "Heat"], anonymous=True)
    cast = ballots((10,), (11,), (11,))
    zone = zone_or_utc("UTC")
    assert "Member 1" in closed_reply(named, tally(named, cast), cast, zone).plain_text()
    hidden = closed_reply(secret, tally(secret, cast), cast, zone).plain_text()
    assert "Member" not in hidden
    assert "Heat wins" in hidden
