"""After start-up a bot process freezes what it built, so full collections skip it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.heap import settle_after_startup


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settling_collects_garbage_then_freezes_the_live_heap(unfrozen: None) -> None:
    kept = [_Cycle() for _ in range(100)]
    _Cycle()  # garbage in a cycle: collected, not frozen
    frozen = settle_after_startup()
    assert frozen == gc.get_freeze_count() > len(kept)
    assert not any(type(o) is _Cycle and o not in kept for o in gc.get_objects())
    tracked_after = len(gc.get_objects())
    assert tracked_after < frozen  # the frozen heap is no longer walked
