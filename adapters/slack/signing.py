"""Slack request signing: verify before reading, and accept each signed request once.

Slack signs every HTTP request with ``v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")``
and a request older than five minutes is refused. A signature seen before within
that window is a replay and refused too; the memory of recent signatures is
bounded (oldest forgotten first), so it cannot grow without limit.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

WINDOW = 300
MAX_REMEMBERED = 250_000


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused, and the HTTP status that says so."""

    status: int
    reason: str


class RequestGuard:
    """Checks the signature headers of each request against the raw body."""

    def __init__(
        self,
        secret: str,
        *,
        window: int = WINDOW,
        max_remembered: int = MAX_REMEMBERED,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = secret.encode()
        self.window = window
        self.max_remembered = max_remembered
        self.clock = clock
        # first 16 bytes of a seen signature -> its request timestamp, oldest first
        self._seen: OrderedDict[bytes, int] = OrderedDict()

    def check(self, body: bytes, headers: Mapping[str, str]) -> Refusal | None:
        """None when the request is signed, fresh and new; else why not."""
        raw_ts = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not raw_ts or not signature:
            return Refusal(401, "unsigned request")
        if not (raw_ts.isascii() and raw_ts.isdigit() and len(raw_ts) <= 12):
            return Refusal(401, "malformed timestamp")
        timestamp = int(raw_ts)
        now = self.clock()
        if abs(now - timestamp) > self.window:
            return Refusal(401, "stale timestamp")
        if not (signature.isascii() and signature.startswith("v0=") and len(signature) == 67):
            return Refusal(401, "malformed signature")
        base = b"v0:" + raw_ts.encode() + b":" + body
        expected = "v0=" + hmac.new(self._key, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return Refusal(401, "bad signature")
        seen = bytes.fromhex(signature[3:35])
        self._forget_before(now - self.window)
        if seen in self._seen:
            return Refusal(401, "replayed request")
        self._seen[seen] = timestamp
        while len(self._seen) > self.max_remembered:
            self._seen.popitem(last=False)
        return None

    def _forget_before(self, oldest: float) -> None:
        seen = self._seen
        while seen:
            first = next(iter(seen))
            if seen[first] >= oldest:
                return
            del seen[first]

    @property
    def remembered(self) -> int:
        return len(self._seen)
