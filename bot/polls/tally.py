"""Counting ballots: plurality, approval and instant-runoff, with deterministic tie-breaks.

Every tie is broken the same way: an option that was on the watchlist when the
poll opened beats one that was not, an earlier watchlist entry beats a later
one, and otherwise titles are compared alphabetically (ignoring a leading
"The"/"A"). The tally records each tie it broke so that replies can say how.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.polls.models import Ballot, Mode, Poll, PollOption
from bot.store.films import normalize_title

NOT_ON_WATCHLIST = 1 << 62


def order_key(option: PollOption) -> tuple[int, str, int]:
    """How options rank in a tie; lower wins."""
    rank = option.watch_rank if option.watch_rank is not None else NOT_ON_WATCHLIST
    return (rank, normalize_title(option.label), option.position)


@dataclass(frozen=True)
class TieBreak:
    tied: tuple[int, ...]  # option ids, best first
    chosen: int
    by_watchlist: bool
    votes: int


@dataclass(frozen=True)
class Round:
    number: int
    counts: tuple[tuple[int, int], ...]  # (option id, votes), most votes first
    exhausted: int
    eliminated: tuple[int, ...] = ()
    elimination_tie: TieBreak | None = None
    majority: int | None = None


@dataclass(frozen=True)
class Tally:
    mode: Mode
    ballots: int
    counts: tuple[tuple[int, int], ...]  # final counts, most votes first
    winner: int | None
    tie: TieBreak | None = None
    rounds: tuple[Round, ...] = ()

    def votes_for(self, option_id: int) -> int:
        return dict(self.counts).get(option_id, 0)


def tally(poll: Poll, ballots: Sequence[Ballot]) -> Tally:
    if poll.mode is Mode.RANKED:
        return instant_runoff(poll.options, ballots)
    return plurality(poll.options, ballots, approval=poll.mode is Mode.APPROVAL)


def _sorted_counts(
    counts: dict[int, int], options: dict[int, PollOption]
) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], order_key(options[item[0]]))))


def _break_tie(ids: Iterable[int], options: dict[int, PollOption], votes: int) -> TieBreak:
    ranked = sorted(ids, key=lambda i: order_key(options[i]))
    best = options[ranked[0]]
    return TieBreak(tuple(ranked), best.id, best.watch_rank is not None, votes)


def plurality(
    options: Sequence[PollOption], ballots: Sequence[Ballot], *, approval: bool = False
) -> Tally:
    by_id = {o.id: o for o in options}
    counts = dict.fromkeys(by_id, 0)
    for ballot in ballots:
        picks = ballot.choices if approval else ballot.choices[:1]
        for choice in dict.fromkeys(picks):
            if choice in counts:
                counts[choice] += 1
    ordered = _sorted_counts(counts, by_id)
    mode = Mode.APPROVAL if approval else Mode.SINGLE
    if not ballots or not ordered or ordered[0][1] == 0:
        return Tally(mode, len(ballots), ordered, None)
    top = ordered[0][1]
    leaders = [i for i, n in ordered if n == top]
    tie = _break_tie(leaders, by_id, top) if len(leaders) > 1 else None
    winner = tie.chosen if tie else leaders[0]
    return Tally(mode, len(ballots), ordered, winner, tie)


def instant_runoff(options: Sequence[PollOption], ballots: Sequence[Ballot]) -> Tally:
    """Count first preferences; until an option has a majority of the ballots still
    counting, eliminate the option with the fewest (every option with none at
    once) and move its ballots to their next preference."""
    by_id = {o.id: o for o in options}
    remaining = set(by_id)
    rounds: list[Round] = []
    if not ballots:
        return Tally(Mode.RANKED, 0, _sorted_counts(dict.fromkeys(by_id, 0), by_id), None)
    while True:
        counts = dict.fromkeys(remaining, 0)
        exhausted = 0
        for ballot in ballots:
            first = next((c for c in ballot.choices if c in remaining), None)
            if first is None:
                exhausted += 1
            else:
                counts[first] += 1
        ordered = _sorted_counts(counts, by_id)
        active = len(ballots) - exhausted
        number = len(rounds) + 1
        top_id, top = ordered[0]
        if active and (top * 2 > active or len(remaining) == 1):
            rounds.append(Round(number, ordered, exhausted, majority=top_id))
            return Tally(Mode.RANKED, len(ballots), ordered, top_id, None, tuple(rounds))
        leaders = [i for i, n in ordered if n == top]
        if not active or (len(remaining) == 2 and len(leaders) == 2):
            tie = _break_tie(leaders, by_id, top)
            rounds.append(Round(number, ordered, exhausted))
            return Tally(Mode.RANKED, len(ballots), ordered, tie.chosen, tie, tuple(rounds))
        zeros = tuple(i for i, n in ordered if n == 0)
        if zeros:
            eliminated, elim_tie = zeros, None
        else:
            low = ordered[-1][1]
            lowest = [i for i, n in ordered if n == low]
            if len(lowest) > 1:
                elim_tie = _break_tie(lowest, by_id, low)
                eliminated = (elim_tie.tied[-1],)
            else:
                eliminated, elim_tie = (lowest[0],), None
        rounds.append(Round(number, ordered, exhausted, eliminated, elim_tie))
        remaining.difference_update(eliminated)
