"""Posting the outbox: every promised announcement reaches its channel once.

A :class:`Delivery` runs beside the poll scheduler. Each pass claims the due
rows of the platforms whose adapters run in this process (a lease in the
store, so other processes sharing the file leave them alone), posts each one
through its adapter, and marks it delivered. A post that fails goes back with
a later due time, doubling from :data:`FIRST_RETRY` up to :data:`MAX_RETRY`; a
row for a platform with no adapter here waits until one registers. Stopping
gives back the rows still held; a process that dies holding some leaves them
to be claimed again when the lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.errors import StorageError
from bot.outbound import NoAnnouncer, announcement_from_json
from bot.store import outbox

if TYPE_CHECKING:
    from bot.services import Services
    from bot.store.outbox import OutboxItem

log = logging.getLogger(__name__)

# How long a claimed row is held before another deliverer may take it.
LEASE = timedelta(minutes=5)
# A post taking longer than this counts as failed (well inside the lease).
POST_TIMEOUT = 60.0
FIRST_RETRY = 5.0
MAX_RETRY = 1800.0
MAX_SLEEP = 3600.0
RETRY_AFTER = 30.0
BATCH = 20
STOP_WAIT = 5.0

_RUNNING: dict[int, Delivery] = {}


def notify(services: Services) -> None:
    """Tell the delivery running on these services that the outbox has new rows."""
    delivery = _RUNNING.get(id(services))
    if delivery is not None:
        delivery.notify()


async def flush(services: Services) -> None:
    """Post what is due now before going on, when a delivery runs on these services (the
    console does this between lines, so what a command promised shows before the next)."""
    delivery = _RUNNING.get(id(services))
    if delivery is not None:
        await delivery.run_once()


def backoff(attempts: int, first: float = FIRST_RETRY, most: float = MAX_RETRY) -> float:
    """Seconds to wait after the ``attempts``-th failed post (1, 2, ...)."""
    return float(min(most, first * 2 ** max(0, min(attempts - 1, 30))))


class Delivery:
    def __init__(
        self,
        services: Services,
        *,
        owner: str | None = None,
        lease: timedelta = LEASE,
        first_retry: float = FIRST_RETRY,
        max_retry: float = MAX_RETRY,
        post_timeout: float = POST_TIMEOUT,
        max_sleep: float = MAX_SLEEP,
        stop_wait: float = STOP_WAIT,
    ) -> None:
        self.services = services
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = lease
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.post_timeout = post_timeout
        self.max_sleep = max_sleep
        self.stop_wait = stop_wait
        self._lock = asyncio.Lock()
        self._changed = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._unlisten: list[Callable[[], None]] = []
        # Posted, but the store refused the mark: marked before anything else.
        self._unmarked: dict[int, datetime] = {}

    async def start(self) -> None:
        self._stopping = False
        _RUNNING[id(self.services)] = self
        self._unlisten = [self.services.outbox.on_register(self.notify)]
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="outbox-delivery")

    async def stop(self) -> None:
        self._stopping = True
        self._changed.set()
        for undo in self._unlisten:
            undo()
        self._unlisten = []
        if _RUNNING.get(id(self.services)) is self:
            del _RUNNING[id(self.services)]
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(task), self.stop_wait)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        with contextlib.suppress(Exception):
            await self.services.store.write(outbox.release, self.owner)

    def notify(self) -> None:
        self._changed.set()

    async def run_once(self) -> int:
        """Post every due row this process can post; how many were delivered."""
        async with self._lock:
            await self._mark_pending()
            delivered = 0
            while not self._stopping:
                platforms = self.services.outbox.platforms()
                if not platforms:
                    break
                items = await self.services.store.write(
                    outbox.claim,
                    platforms,
                    self.owner,
                    self.services.clock.now(),
                    self.lease,
                    BATCH,
                )
                if not items:
                    break
                for item in items:
                    if self._stopping:
                        break
                    delivered += await self._deliver(item)
        if self._task is not None and asyncio.current_task() is not self._task:
            self.notify()  # the running loop sees what this pass left for later
        return delivered

    async def _deliver(self, item: OutboxItem) -> int:
        try:
            announcement = announcement_from_json(item.payload)
            await asyncio.wait_for(self.services.outbox.post(announcement), self.post_timeout)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await self.services.store.write(outbox.release, self.owner)
            raise
        except Exception as exc:
            await self._failed(item, exc)
            return 0
        now = self.services.clock.now()
        try:
            marked = await self.services.store.write(
                outbox.mark_delivered, item.id, self.owner, now
            )
        except StorageError as exc:
            self._unmarked[item.id] = now
            log.warning("announcement %d was posted but not marked: %s", item.id, exc.cause)
            return 1
        if not marked:
            log.warning("announcement %d was posted after its claim ran out", item.id)
        return 1

    async def _failed(self, item: OutboxItem, exc: BaseException) -> None:
        attempts = item.attempts + 1
        if isinstance(exc, NoAnnouncer):
            wait = 0.0
        else:
            wait = backoff(attempts, self.first_retry, self.max_retry)
        why = _describe(exc)
        due = self.services.clock.now() + timedelta(seconds=wait)
        await self.services.store.write(outbox.retry_later, item.id, self.owner, due, why)
        log.warning(
            "announcement %d to %s in %s not posted (attempt %d): %s; next try in %.0fs",
            item.id,
            item.club,
            item.channel,
            attempts,
            why,
            wait,
        )

    async def _mark_pending(self) -> None:
        for item_id, when in list(self._unmarked.items()):
            await self.services.store.write(outbox.mark_delivered, item_id, self.owner, when)
            del self._unmarked[item_id]

    async def _delay(self) -> float:
        platforms = self.services.outbox.platforms()
        upcoming = await self.services.store.read(outbox.next_due, platforms)
        if upcoming is None:
            return self.max_sleep
        seconds = (upcoming - self.services.clock.now()).total_seconds()
        return min(self.max_sleep, max(0.0, seconds))

    async def _loop(self) -> None:
        idle_passes = 0
        while not self._stopping:
            self._changed.clear()
            try:
                delivered = await self.run_once()
                delay = await self._delay()
            except StorageError as exc:
                log.warning("outbox delivery failed: %s; retrying in %.0fs", exc.cause, RETRY_AFTER)
                delivered, delay = 0, RETRY_AFTER
            except Exception:
                log.exception("outbox delivery pass failed")
                delivered, delay = 0, RETRY_AFTER
            if self._stopping:
                return
            if delay <= 0:
                # Something is due now: go again at once, unless nothing moved.
                idle_passes = 0 if delivered else idle_passes + 1
                if idle_passes < 3:
                    await asyncio.sleep(0)
                    continue
                delay = 1.0
            idle_passes = 0
            await self._wait(delay)

    async def _wait(self, seconds: float) -> None:
        sleeper = asyncio.ensure_future(self.services.clock.sleep(seconds))
        waker = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
            for task in (sleeper, waker):
                with contextlib.suppress(asyncio.CancelledError):
                    await task


def _describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    name = type(exc).__name__
    return f"{name}: {lines[0]}" if lines else name
