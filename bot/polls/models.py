"""Polls, ballots, watchlist entries and weekly schedules as the store hands them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum


class Mode(StrEnum):
    SINGLE = "single"
    APPROVAL = "approval"
    RANKED = "ranked"

    @property
    def label(self) -> str:
        return {
            Mode.SINGLE: "single choice",
            Mode.APPROVAL: "approval (pick several)",
            Mode.RANKED: "ranked (instant-runoff)",
        }[self]


class PollState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PollOption:
    id: int
    position: int
    key: str
    label: str
    film_id: int | None
    # The option's watchlist entry id when the poll was created: lower is earlier.
    watch_rank: int | None


@dataclass(frozen=True)
class Removal:
    """An option removed from an open poll, and the members whose ballots named it
    (``emptied``: the removed film was their only choice, so they have no vote left)."""

    label: str
    removed_by: str | None
    removed_at: datetime
    members: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Poll:
    id: int
    club: str
    number: int
    channel: str
    question: str
    mode: Mode
    anonymous: bool
    hidden: bool
    state: PollState
    creator_id: str | None
    creator_name: str | None
    created_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    closed_late: bool
    winner_option: int | None
    weekly: bool
    options: tuple[PollOption, ...]
    ballot_count: int
    # Members (not only the creator and admins) may add options.
    open_options: bool = False
    removals: tuple[Removal, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.state is PollState.OPEN

    def with_ballot_count(self, count: int) -> Poll:
        """The same poll with another ballot count (cheaper than dataclasses.replace)."""
        poll = object.__new__(Poll)
        fields = poll.__dict__
        fields.update(self.__dict__)
        fields["ballot_count"] = count
        return poll

    def option(self, option_id: int) -> PollOption | None:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        return None

    def label_of(self, option_id: int) -> str:
        opt = self.option(option_id)
        return opt.label if opt else "?"


@dataclass(frozen=True)
class Ballot:
    member_id: str
    member_name: str
    choices: tuple[int, ...]


@dataclass(frozen=True)
class NewOption:
    key: str
    label: str
    film_id: int | None


@dataclass(frozen=True)
class NewPoll:
    club: str
    channel: str
    question: str
    mode: Mode
    anonymous: bool
    hidden: bool
    creator_id: str | None
    creator_name: str | None
    created_at: datetime
    closes_at: datetime
    # Empty: take up to ``size`` candidates from the watchlist, oldest first.
    options: tuple[NewOption, ...] = ()
    size: int = 5
    weekly_id: int | None = None
    open_options: bool = False
    # The platform request that asks for the poll; the same key opens one poll only.
    request_key: str = ""


class BallotChangeKind(Enum):
    SET = "set"
    TOGGLE = "toggle"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class BallotChange:
    kind: BallotChangeKind
    choices: tuple[int, ...] = ()


class VoteStatus(Enum):
    RECORDED = "recorded"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    WITHDRAWN = "withdrawn"
    NO_BALLOT = "no ballot"
    CLOSED = "closed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    INVALID = "invalid"

    @property
    def accepted(self) -> bool:
        return self in (
            VoteStatus.RECORDED,
            VoteStatus.CHANGED,
            VoteStatus.UNCHANGED,
            VoteStatus.WITHDRAWN,
        )


@dataclass(frozen=True)
class VoteOutcome:
    status: VoteStatus
    poll: Poll | None
    choices: tuple[int, ...] = ()
    previous: tuple[int, ...] = ()


@dataclass(frozen=True)
class WatchEntry:
    id: int
    key: str
    title: str
    film_id: int | None
    added_by_id: str | None
    added_by_name: str | None
    added_at: datetime
    watched_at: datetime | None
    chosen_at: datetime | None
    chosen_poll: int | None
    polls_lost: int

    @property
    def plain(self) -> bool:
        """Added as a title only, not matched to a film in the library."""
        return self.film_id is None

    @property
    def candidate(self) -> bool:
        return self.watched_at is None and self.chosen_at is None


@dataclass(frozen=True)
class WatchInput:
    club: str
    key: str
    title: str
    film_id: int | None
    member_id: str
    member_name: str
    added_at: datetime


class AddStatus(Enum):
    ADDED = "added"
    READDED = "re-added"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class AddOutcome:
    status: AddStatus
    entry: WatchEntry
    previous: WatchEntry | None = None


@dataclass(frozen=True)
class WeeklyInput:
    club: str
    channel: str
    weekday: int
    hour: int
    minute: int
    zone: str
    duration: timedelta
    size: int
    mode: Mode
    anonymous: bool
    hidden: bool
    next_open_at: datetime
    member_id: str
    member_name: str
    created_at: datetime


@dataclass(frozen=True)
class WeeklySchedule:
    id: int
    club: str
    channel: str
    weekday: int
    hour: int
    minute: int
    zone: str
    duration: timedelta
    size: int
    mode: Mode
    anonymous: bool
    hidden: bool
    next_open_at: datetime
    created_by_name: str | None


class EditStatus(Enum):
    ADDED = "added"
    REMOVED = "removed"
    NOT_OPEN = "not open"
    UNKNOWN = "unknown"
    DUPLICATE = "duplicate"
    FULL = "full"
    TOO_FEW = "too few"
    NO_OPTION = "no option"


@dataclass(frozen=True)
class OptionEdit:
    """What adding or removing a poll option did; ``poll`` is the poll after it."""

    status: EditStatus
    poll: Poll | None
    option: PollOption | None = None
    removal: Removal | None = None


class NotEnoughCandidates(Exception):
    """A poll was to take its options from the watchlist, which has fewer than two."""

    def __init__(self, found: int) -> None:
        super().__init__(f"only {found} film(s) on the watchlist can be polled")
        self.found = found
