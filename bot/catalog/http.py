"""A polite JSON client for one provider: one request at a time, a User-Agent that
names the bot and its admin, a timeout, and ``429 Retry-After`` honoured."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from bot.catalog.models import CatalogUnavailable

if TYPE_CHECKING:  # aiohttp is imported on the first request, not at start-up
    import aiohttp

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
MAX_BODY = 8 * 1024 * 1024
RETRIES_ON_429 = 2
MAX_RETRY_AFTER = 10.0


def user_agent(contact: str) -> str:
    try:
        release = version("filmclub")
    except PackageNotFoundError:
        release = "0"
    who = contact or "admin contact not set; see FILMCLUB_CONTACT"
    return f"filmclub/{release} ({who})"


def _retry_after(raw: str | None) -> float:
    try:
        return max(0.0, float(raw)) if raw else 1.0
    except ValueError:
        return 1.0


class JsonClient:
    """GET JSON from one provider, one request at a time.

    Every failure (refused connection, timeout, 5xx, a body that is not JSON,
    ``429`` after the allowed retries) raises :class:`CatalogUnavailable`;
    ``404`` gives ``None``.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        contact: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = TIMEOUT_SECONDS,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.headers = {"User-Agent": user_agent(contact), "Accept": "application/json"}
        self.headers.update(headers or {})
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.requests = 0
        self._lock = asyncio.Lock()
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self.headers, timeout=aiohttp.ClientTimeout(total=self.timeout)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get(self, path: str, params: Mapping[str, str]) -> Any:
        url = f"{self.base_url}/{path.lstrip('/')}" if path else self.base_url
        async with self._lock:
            for attempt in range(RETRIES_ON_429 + 1):
                self.requests += 1
                status, retry_after, body = await self._fetch(url, params)
                if status == 429:
                    wait = _retry_after(retry_after)
                    if attempt == RETRIES_ON_429 or wait > self.max_retry_after:
                        raise CatalogUnavailable(f"{self.name} is rate limiting us")
                    log.info("%s asked us to wait %.1f s", self.name, wait)
                    await self.sleep(wait)
                    continue
                if status == 404:
                    return None
                if status >= 400:
                    raise CatalogUnavailable(f"{self.name} answered HTTP {status}")
                try:
                    return json.loads(body)
                except ValueError:
                    raise CatalogUnavailable(f"{self.name} sent a body that is not JSON") from None
        raise CatalogUnavailable(f"{self.name} is rate limiting us")  # pragma: no cover

    async def _fetch(self, url: str, params: Mapping[str, str]) -> tuple[int, str | None, bytes]:
        import aiohttp

        try:
            async with self._open().get(url, params=dict(params)) as resp:
                body = await resp.content.read(MAX_BODY + 1)
                if len(body) > MAX_BODY:
                    raise CatalogUnavailable(f"{self.name} sent more than we accept")
                return resp.status, resp.headers.get("Retry-After"), body
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            problem = type(exc).__name__
            raise CatalogUnavailable(f"{self.name} is not answering ({problem})") from exc
