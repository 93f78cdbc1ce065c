"""Admission control: answer "busy" at once rather than too late.

Discord and Slack give a command three seconds. When the bot's one process
has more work in flight than it can answer in time, a new command is better
off with an immediate short "busy" than with a reply that never comes. The
signal is the standing delay of the work already accepted: the shortest time
any command finishing in the last half second took, or, when none finished,
the age of the oldest one still running. A queue that drains keeps that
minimum low even in a burst; a queue that only grows raises it. Heavy work
(charts) is refused at half the delay that refuses the rest, so reads and
small writes keep being answered longest. Work once accepted is never shed.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

BUSY = "filmclub is busy right now; please try again in a moment."
# Standing delay (seconds) past which new commands are refused, heavy ones at half:
# work admitted at 2 s still has a second of the platforms' 3 s before it expires.
TARGET = 2.0
WINDOW = 0.5
MAX_IN_FLIGHT = 2000


@dataclass
class AdmissionStats:
    admitted: int = 0
    refused: int = 0
    refused_heavy: int = 0
    expired: int = 0


class IntakeLag:
    """How late requests reach the adapter, from the creation time the platform stamps
    on them (a Discord snowflake) against this host's clock.

    The clocks differ by a constant skew plus network delay; the smallest age seen
    stands for both and may creep up slowly (clock drift), so a backlog of seconds
    shows as lag. Ids that do not carry a plausible time (more than a minute off at
    first sight) switch the measure off: lag is then always 0.
    """

    PLAUSIBLE = 60.0
    CREEP = 0.001  # seconds of floor rise per second

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._floor: float | None = None
        self._floor_at = 0.0
        self.enabled: bool | None = None

    def of(self, created_at: float) -> float:
        now = self.clock()
        age = now - created_at
        if self.enabled is None:
            self.enabled = abs(age) < self.PLAUSIBLE
        if not self.enabled:
            return 0.0
        if self._floor is None:
            self._floor, self._floor_at = age, now
        else:
            self._floor = min(age, self._floor + (now - self._floor_at) * self.CREEP)
            self._floor_at = now
        return max(0.0, age - self._floor)


class Admission:
    """Counts work in flight and decides whether a new command is taken on."""

    def __init__(
        self,
        *,
        target: float = TARGET,
        window: float = WINDOW,
        max_in_flight: int = MAX_IN_FLIGHT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = target
        self.window = window
        self.max_in_flight = max_in_flight
        self.clock = clock
        self.stats = AdmissionStats()
        self._ids = itertools.count()
        self._running: dict[int, float] = {}
        self._finished: deque[tuple[float, float]] = deque()

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def standing_delay(self) -> float:
        """How long work accepted now can expect to wait, from recent evidence."""
        now = self.clock()
        finished = self._finished
        while finished and finished[0][0] < now - self.window:
            finished.popleft()
        if finished:
            return finished[0][1]
        if self._running:
            return now - next(iter(self._running.values()))
        return 0.0

    def pressure(self, lag: float = 0.0) -> int:
        """0: take anything on; 1: turn heavy work away; 2: turn everything away.
        ``lag`` is how late the request reached the adapter, when the platform says."""
        if not self._running and lag <= self.target / 2:
            return 0
        if len(self._running) >= self.max_in_flight:
            return 2
        delay = max(self.standing_delay(), lag)
        if delay > self.target:
            return 2
        return 1 if delay > self.target / 2 else 0

    def refused(self, *, heavy: bool = False) -> None:
        """Count a command turned away."""
        self.stats.refused += 1
        if heavy:
            self.stats.refused_heavy += 1

    def admit(self, *, heavy: bool = False, lag: float = 0.0) -> int | None:
        """A ticket for :meth:`done` when the command is taken on, else None (busy)."""
        pressure = self.pressure(lag)
        if pressure == 2 or (pressure == 1 and heavy):
            self.refused(heavy=heavy)
            return None
        ticket = next(self._ids)
        self._running[ticket] = self.clock()
        self.stats.admitted += 1
        return ticket

    def done(self, ticket: int) -> None:
        started = self._running.pop(ticket, None)
        if started is not None:
            now = self.clock()
            took = now - started
            # A sliding-window minimum: later, shorter delays make earlier, longer ones moot.
            finished = self._finished
            while finished and finished[-1][1] >= took:
                finished.pop()
            finished.append((now, took))
