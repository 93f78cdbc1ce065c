"""Poll messages and results as platform-neutral replies."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.messages import Button, ButtonStyle, Field, Reply, Rich, Select, SelectOption, Timestamp
from bot.polls.models import Ballot, Mode, Poll, PollOption, PollState
from bot.polls.tally import Round, Tally, TieBreak

MAX_VOTER_LINES = 30
LABEL_LIMIT = 80


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _votes(mode: Mode, n: int) -> str:
    return _plural(n, "first choice" if mode is Mode.RANKED else "vote")


def _names(poll: Poll, ids: Sequence[int]) -> str:
    labels = [poll.label_of(i) for i in ids]
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + f" and {labels[-1]}"


def vote_action(poll: Poll, option: PollOption) -> str:
    return f"poll:vote:{poll.id}:{option.id}"


def vote_hint(poll: Poll) -> str:
    ref = f"#{poll.number}"
    if poll.mode is Mode.RANKED:
        return f"vote: /poll vote 2>1>3 {ref} (best first, by number or title)"
    if poll.mode is Mode.APPROVAL:
        return f"vote: /poll vote 1|3 {ref} (every film you would watch)"
    return f"vote: /poll vote <number or title> {ref}"


def _flags(poll: Poll) -> list[str]:
    parts = [poll.mode.label]
    if poll.anonymous:
        parts.append("anonymous")
    if poll.hidden:
        parts.append("results hidden until close" if poll.is_open else "results were hidden")
    if poll.open_options and poll.is_open:
        parts.append("members can add films")
    return parts


def _controls(poll: Poll) -> tuple[tuple[Button, ...], Select | None]:
    if not poll.is_open:
        return (), None
    ref = f"#{poll.number}"
    withdraw = Button(
        "Withdraw my vote",
        f"poll:withdraw:{poll.id}",
        ButtonStyle.DANGER,
        command=f"/poll withdraw {ref}",
    )
    if poll.mode is Mode.RANKED:
        select = Select(
            action_id=f"poll:rank:{poll.id}",
            placeholder="Rank the films, favourite first",
            options=tuple(
                SelectOption(f"{o.position}. {o.label}"[:LABEL_LIMIT], str(o.id))
                for o in poll.options
            ),
            min_values=1,
            max_values=len(poll.options),
            command=f"/poll vote 2>1>3 {ref}",
        )
        return (withdraw,), select
    buttons = tuple(
        Button(
            f"{o.position}. {o.label}"[:LABEL_LIMIT],
            vote_action(poll, o),
            ButtonStyle.PRIMARY,
            command=f"/poll vote {o.position} {ref}"
            if poll.mode is Mode.SINGLE
            else f"/poll vote 1|3 {ref}",
        )
        for o in poll.options
    )
    return (*buttons, withdraw), None


def _first_counts(result: Tally) -> dict[int, int]:
    if result.mode is Mode.RANKED and result.rounds:
        return dict(result.rounds[0].counts)
    return dict(result.counts)


def _option_lines(poll: Poll, result: Tally | None) -> list[str]:
    counts = _first_counts(result) if result is not None else {}
    lines = []
    for opt in poll.options:
        line = f"{opt.position}. {opt.label}"
        if result is not None:
            n = counts.get(opt.id, 0)
            share = f" ({round(100 * n / result.ballots)}%)" if result.ballots else ""
            line += f" — {_votes(poll.mode, n)}{share}"
            if opt.id == result.winner and not poll.is_open:
                line += " ✔"
        lines.append(line)
    return lines


def poll_message(poll: Poll, result: Tally | None, zone: ZoneInfo) -> Reply:
    """The message members vote on; ``result`` None hides the counts."""
    buttons, select = _controls(poll)
    footer: list[str] = [*_flags(poll), _plural(poll.ballot_count, "ballot")]
    if poll.is_open:
        footer.append(Rich("closes ", Timestamp(poll.closes_at, zone)))
        footer.append(vote_hint(poll))
    else:
        footer.append(poll.state.value)
    shown = None if poll.hidden and poll.is_open else result
    return Reply(
        title=f"Poll #{poll.number}: {poll.question}",
        text="\n".join(_option_lines(poll, shown)),
        buttons=buttons,
        select=select,
        footer=Rich.joined(" · ", footer),
        poll=poll.id,
    )


def tie_note(poll: Poll, tie: TieBreak) -> str:
    each = f"{_votes(poll.mode, tie.votes)} each"
    winner = poll.label_of(tie.chosen)
    runner = poll.option(tie.tied[1])
    if tie.by_watchlist and runner is not None and runner.watch_rank is None:
        how = f"by watchlist order: {winner} is on the watchlist and {runner.label} is not"
    elif tie.by_watchlist:
        how = f"by watchlist order: {winner} was added to the watchlist first"
    else:
        how = f"by title: {winner} comes first alphabetically"
    return f"Tie between {_names(poll, tie.tied)} ({each}) broken {how}."


def _elimination_reason(poll: Poll, tie: TieBreak) -> str:
    out = poll.option(tie.tied[-1])
    runner = poll.option(tie.tied[-2])
    assert out is not None and runner is not None
    if out.watch_rank is None and runner.watch_rank is not None:
        return "not on the watchlist"
    if out.watch_rank is not None:
        return "added to the watchlist later"
    return "later by title"


def round_line(poll: Poll, rnd: Round) -> str:
    counts = ", ".join(f"{poll.label_of(i)} {n}" for i, n in rnd.counts)
    line = f"Round {rnd.number}: {counts}"
    if rnd.exhausted:
        line += f" ({_plural(rnd.exhausted, 'ballot')} with no remaining choice)"
    if rnd.majority is not None:
        active = sum(n for _, n in rnd.counts)
        top = dict(rnd.counts)[rnd.majority]
        line += f" — {poll.label_of(rnd.majority)} has a majority ({top} of {active})"
    elif rnd.elimination_tie is not None:
        tie = rnd.elimination_tie
        out = tie.tied[-1]
        line += (
            f" — {_names(poll, tie.tied)} tie for fewest;"
            f" {poll.label_of(out)} eliminated ({_elimination_reason(poll, tie)})"
        )
    elif rnd.eliminated:
        zero = all(dict(rnd.counts).get(i, 0) == 0 for i in rnd.eliminated)
        line += f" — {_names(poll, rnd.eliminated)} eliminated"
        if zero:
            line += " (no first choices)"
    return line


def _ballot_text(poll: Poll, ballot: Ballot) -> str:
    sep = " > " if poll.mode is Mode.RANKED else ", "
    return sep.join(poll.label_of(c) for c in ballot.choices)


def voter_field(poll: Poll, ballots: Sequence[Ballot]) -> Field | None:
    """Who voted for what: never for an anonymous poll."""
    if poll.anonymous or not ballots:
        return None
    lines = [f"{b.member_name}: {_ballot_text(poll, b)}" for b in ballots[:MAX_VOTER_LINES]]
    if len(ballots) > MAX_VOTER_LINES:
        lines.append(f"… and {len(ballots) - MAX_VOTER_LINES} more")
    return Field("Ballots", "\n".join(lines), inline=False)


def removal_field(poll: Poll) -> Field | None:
    """Options removed while the poll was open, and whose ballots that changed."""
    if not poll.removals:
        return None
    lines = []
    for r in poll.removals:
        by = f" by {r.removed_by}" if r.removed_by else ""
        line = f"{r.label} was removed{by}"
        if not r.members:
            lines.append(line + "; no ballot named it.")
            continue
        emptied = [name for name, empty in r.members if empty]
        if poll.anonymous or (poll.hidden and poll.is_open):
            line += f"; {_plural(len(r.members), 'ballot')} that named it changed"
            if emptied:
                line += f" ({len(emptied)} left with no vote)"
        else:
            kept = [name for name, empty in r.members if not empty]
            parts = []
            if kept:
                parts.append(
                    f"{', '.join(kept)}: that choice dropped, the rest of the ballot counts"
                )
            if emptied:
                parts.append(f"{', '.join(emptied)}: no vote left, vote again")
            line += "; " + "; ".join(parts)
        lines.append(line + ".")
    return Field("Removed options", "\n".join(lines), inline=False)


def _ballot_fields(poll: Poll, ballots: Sequence[Ballot]) -> tuple[Field, ...]:
    """Who voted and which options were removed, each only when there is something to show."""
    return tuple(f for f in (voter_field(poll, ballots), removal_field(poll)) if f)


def _detail_lines(poll: Poll, result: Tally) -> list[str]:
    lines = _option_lines(poll, result)
    if result.mode is Mode.RANKED:
        lines.extend(round_line(poll, r) for r in result.rounds)
    if result.tie is not None:
        lines.append(tie_note(poll, result.tie))
    return lines


def results_reply(poll: Poll, result: Tally, ballots: Sequence[Ballot], zone: ZoneInfo) -> Reply:
    """``/poll results``: the count so far, or the final one."""
    if poll.state is PollState.CANCELLED:
        return Reply(
            title=f"Poll #{poll.number}: {poll.question}",
            text="This poll was cancelled; its ballots were not counted.",
        )
    if not poll.is_open:
        return closed_reply(poll, result, ballots, zone)
    footer = Rich.joined(
        " · ",
        [*_flags(poll), Rich("closes ", Timestamp(poll.closes_at, zone)), vote_hint(poll)],
    )
    title = f"Poll #{poll.number}: {poll.question}"
    if poll.hidden:
        text = (
            f"{_plural(result.ballots, 'ballot')} so far;"
            " the results stay hidden until the poll closes."
        )
        removed = removal_field(poll)
        return Reply(title=title, text=text, fields=(removed,) if removed else (), footer=footer)
    lines = _detail_lines(poll, result)
    if result.winner is not None:
        lines.append(f"Leading: {poll.label_of(result.winner)}.")
    else:
        lines.append("No votes yet.")
    fields = _ballot_fields(poll, ballots)
    return Reply(title=title, text="\n".join(lines), fields=fields, footer=footer)


def closed_reply(poll: Poll, result: Tally, ballots: Sequence[Ballot], zone: ZoneInfo) -> Reply:
    """The announcement of a closed poll: winner, counts, ties, rounds."""
    lines = [poll.question, *_detail_lines(poll, result)]
    if result.winner is None:
        title = f"Poll #{poll.number} closed with no votes"
        lines.append("Nothing was chosen; the club's film is unchanged.")
    else:
        winner = poll.option(result.winner)
        assert winner is not None
        title = f"Poll #{poll.number} closed: {winner.label} wins"
        if winner.film_id is not None:
            lines.append(f"{winner.label} is now the club's film: /film shows it.")
        else:
            lines.append(
                f"{winner.label} is not in the film library, so the club's film is unchanged."
            )
    footer: list[str] = [_plural(result.ballots, "ballot"), *_flags(poll)]
    if poll.closed_late:
        footer.append(Rich("closed late: the bot was offline at ", Timestamp(poll.closes_at, zone)))
    fields = _ballot_fields(poll, ballots)
    return Reply(
        title=title,
        text="\n".join(lines),
        fields=fields,
        footer=Rich.joined(" · ", footer),
    )


def ballot_summary(poll: Poll, choices: Sequence[int]) -> str:
    if not choices:
        return "no vote"
    sep = " > " if poll.mode is Mode.RANKED else ", "
    return sep.join(poll.label_of(c) for c in choices)
