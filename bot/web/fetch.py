"""Fetching a web page safely.

Only http and https, only public addresses (unless the club's operator allows
private ones), at most :data:`MAX_REDIRECTS` redirects, a time limit, a size cap,
and only HTML or plain text. Every address is checked where it is used: the
resolver handed to aiohttp drops addresses the policy refuses, so the address
checked is the address connected (no second DNS answer can slip in between),
each redirect target is checked again, and the connected peer is checked once
more before a byte of the body is read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.connector import Connection

from bot.config import Settings
from bot.errors import UserError

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 10.0
MAX_BYTES = 2_000_000
USER_AGENT = "filmclub/0.1 (film club review bot; +https://github.com/filmclub/filmclub)"
CONTENT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
_REDIRECTS = {301, 302, 303, 307, 308}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(UserError):
    """A page that could not be fetched; the message says why, for the member."""


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be fetched: public ones, plus any networks listed.

    ``allow_private`` lifts the rule for every address (self-hosted sites, tests);
    ``allowed`` lifts it for a few networks only, so a test can reach its own
    server on 127.0.0.1 while every other private address is still refused.
    """

    allow_private: bool = False
    allowed: tuple[Network, ...] = ()

    def permits(self, address: Address) -> bool:
        if self.allow_private:
            return True
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in net for net in self.allowed):
            return True
        return address.is_global and not address.is_multicast and not address.is_reserved

    def check(self, host: str, address: str) -> None:
        try:
            parsed = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError as exc:
            raise FetchError(f"{host} did not resolve to an address") from exc
        if not self.permits(parsed):
            where = f"{host} is a private or local address" + (
                f" ({parsed})" if host.strip("[]") != str(parsed) else ""
            )
            raise FetchError(f"{where}; only public web pages can be fetched.")


class CheckedResolver(AbstractResolver):
    """Resolves through another resolver and keeps only addresses the policy permits."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self.policy = policy
        self.inner = inner or aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self.inner.resolve(host, port, family)
        permitted = []
        for result in results:
            try:
                self.policy.check(host, result["host"])
            except FetchError as exc:
                refused = exc
                continue
            permitted.append(result)
        if not permitted:
            raise refused if results else FetchError(f"{host} has no address")
        return permitted

    async def close(self) -> None:
        await self.inner.close()


class CheckedConnector(aiohttp.TCPConnector):
    """Checks the address each connection is actually connected to, before it is used."""

    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy

    async def connect(
        self,
        req: aiohttp.ClientRequest,
        traces: list[Any],
        timeout: aiohttp.ClientTimeout,  # noqa: ASYNC109
    ) -> Connection:
        connection = await super().connect(req, traces, timeout)
        transport = connection.transport
        peer: Any = transport.get_extra_info("peername") if transport is not None else None
        try:
            if not peer:
                raise FetchError("The connection closed before its address could be checked.")
            self.policy.check(req.url.host or "the site", str(peer[0]))
        except FetchError:
            connection.close()
            raise
        return connection


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was finally found, after redirects
    content_type: str
    body: bytes
    charset: str | None = None
    redirects: tuple[str, ...] = ()

    def text(self) -> str:
        for encoding in (self.charset, "utf-8"):
            if not encoding:
                continue
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("cp1252", errors="replace")


@dataclass
class Fetcher:
    """Fetches pages under the rules above; one connection pool per fetcher."""

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    # What may be read; a fetcher for pictures (posters) lists image types instead.
    content_types: tuple[str, ...] = CONTENT_TYPES
    _session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = CheckedConnector(
                self.policy, resolver=CheckedResolver(self.policy), use_dns_cache=False, limit=32
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.user_agent, "Accept": ", ".join(self.content_types)},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                trust_env=False,
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def check_url(self, url: str) -> str:
        """The URL if its form may be fetched; FetchError otherwise."""
        try:
            parts = urlsplit(url.strip())
            host = parts.hostname
            parts.port  # noqa: B018 - a bad port raises here
        except ValueError as exc:
            raise FetchError(f"`{url}` is not a web address I can read.") from exc
        if parts.scheme not in ("http", "https"):
            raise FetchError("Only http:// and https:// pages can be fetched.")
        if not host:
            raise FetchError(f"`{url}` has no host name.")
        address = _literal_address(host)
        if address is not None:
            self.policy.check(host, address)
        return url.strip()

    async def fetch(self, url: str) -> FetchedPage:
        try:
            async with asyncio.timeout(self.timeout):
                return await self._fetch(url)
        except TimeoutError as exc:
            raise FetchError(f"The page took longer than {self.timeout:g} s to answer.") from exc
        except aiohttp.ClientError as exc:
            raise FetchError(f"The page could not be fetched ({_reason(exc)}).") from exc

    async def _fetch(self, url: str) -> FetchedPage:
        session = self._open()
        hops: list[str] = []
        current = self.check_url(url)
        for _ in range(self.max_redirects + 1):
            async with session.get(current, allow_redirects=False) as resp:
                if resp.status in _REDIRECTS:
                    location = resp.headers.get("Location")
                    if not location:
                        raise FetchError(f"The site answered {resp.status} with no new address.")
                    hops.append(current)
                    current = self.check_url(urljoin(current, location))
                    continue
                if resp.status >= 400:
                    raise FetchError(f"The site answered {resp.status} {resp.reason or ''}".strip())
                ctype = resp.content_type.lower()
                if ctype not in self.content_types:
                    raise FetchError(
                        f"The page is {ctype or 'of no stated type'}; only HTML or plain text "
                        "pages can be read."
                    )
                body = await self._read(resp)
                return FetchedPage(str(resp.url), ctype, body, resp.charset, tuple(hops))
        raise FetchError(f"The page redirected more than {self.max_redirects} times.")

    async def _read(self, resp: aiohttp.ClientResponse) -> bytes:
        declared = resp.content_length
        if declared is not None and declared > self.max_bytes:
            raise FetchError(_too_big(self.max_bytes))
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(_too_big(self.max_bytes))
            chunks.append(chunk)
        return b"".join(chunks)


def _literal_address(host: str) -> str | None:
    """The address a host written as numbers stands for, legacy forms included
    (``127.1``, ``2130706433``, ``0x7f.0.0.1``); None for a name."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if all(ch in "0123456789abcdefxABCDEFX." for ch in host):
        try:
            return str(ipaddress.IPv4Address(socket.inet_aton(host)))
        except OSError:
            return None
    return None


def _too_big(limit: int) -> str:
    return f"The page is larger than {limit / 1_000_000:g} MB."


def _reason(exc: aiohttp.ClientError) -> str:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}"
    return type(exc).__name__


IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MAX_IMAGE_BYTES = 8_000_000


def image_fetcher_for(settings: Settings) -> Fetcher:
    """A fetcher for pictures (a film's poster as an event's cover), same address rules."""
    return Fetcher(
        AddressPolicy(allow_private=settings.allow_private_urls),
        content_types=IMAGE_TYPES,
        max_bytes=MAX_IMAGE_BYTES,
    )


def fetcher_for(settings: Settings) -> Fetcher:
    """A fetcher under the operator's settings (``FILMCLUB_ALLOW_PRIVATE_URLS``)."""
    return Fetcher(AddressPolicy(allow_private=settings.allow_private_urls))
