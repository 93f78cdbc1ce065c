"""HTTP/1.1 POSTs over kept-alive connections, for the one request every command ends in.

Answering a Discord interaction is a POST of a small JSON body to one host. Through
aiohttp's client (as discord.py sends it) that POST costs the bot about as much
Python as running the command itself: a request object, its headers, tracing,
timers, and a response object. :class:`Poster` writes the request bytes on an
idle connection to the same origin and reads the status, the headers and a body
framed by ``Content-Length`` or chunks, nothing more. Connections are kept for
the next POST unless the server says ``Connection: close``.

A POST written on a kept connection that the server had already closed fails
before any byte of an answer comes back; it is sent once more on a new
connection. At most :data:`PER_ORIGIN` connections are open to one origin; further
POSTs wait for one. Every POST has an overall time limit, the wait included.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import cast
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024
MAX_BODY = 8 * 1024 * 1024
# Connections open at once to one origin; more POSTs wait for one of them. Opening
# hundreds at once overflows a server's accept queue, and each SYN it drops costs a
# second before the retry.
PER_ORIGIN = 32


class PostError(Exception):
    """The POST got no complete answer: the connection failed, or the time ran out."""


class _Reset(PostError):
    """The connection closed before any byte of the answer came back."""


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


@lru_cache(maxsize=256)
def _target(url: str) -> _Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, parts.hostname, port, path)


class _Connection(asyncio.Protocol):
    """One socket; one request at a time; the answer parsed as its bytes arrive."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Answer] | None = None
        self._head: tuple[int, str, dict[str, str]] | None = None
        self._body_at = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only alike.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            if self._head is None and not self._buffer:
                waiter.set_exception(_Reset("the connection closed before an answer"))
            elif self._head is not None and self._until_close():
                waiter.set_result(self._answer(bytes(self._buffer[self._body_at :])))
            else:
                waiter.set_exception(PostError("the connection closed mid-answer"))

    def data_received(self, data: bytes) -> None:
        self._buffer.extend(data)
        waiter = self._waiter
        if waiter is None or waiter.done():
            self.close()  # bytes nobody asked for: the connection is not reusable
            return
        try:
            answer = self._parse()
        except PostError as exc:
            waiter.set_exception(exc)
            self.close()
            return
        if answer is not None:
            waiter.set_result(answer)

    def send(self, request: bytes) -> asyncio.Future[Answer]:
        assert self.transport is not None
        self._buffer.clear()
        self._head = None
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self._waiter

    def finish(self) -> None:
        """The answer was taken: ready for the next request."""
        self._waiter = None

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def _until_close(self) -> bool:
        assert self._head is not None
        headers = self._head[2]
        return "content-length" not in headers and "chunked" not in headers.get(
            "transfer-encoding", ""
        )

    def _answer(self, body: bytes) -> Answer:
        assert self._head is not None
        status, reason, headers = self._head
        return Answer(status, reason, headers, body)

    def _parse(self) -> Answer | None:
        buffer = self._buffer
        if self._head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD:
                    raise PostError("the answer's head is too long")
                return None
            self._head = _parse_head(bytes(buffer[:end]))
            self._body_at = end + 4
            status = self._head[0]
            if 100 <= status < 200:  # an interim answer: the real one follows
                del buffer[: self._body_at]
                self._head = None
                return self._parse()
        status, _, headers = self._head
        start = self._body_at
        if status in (204, 304):
            return self._answer(b"")
        if "chunked" in headers.get("transfer-encoding", ""):
            body = _dechunk(buffer, start)
            return None if body is None else self._answer(body)
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit() or int(length) > MAX_BODY:
                raise PostError(f"unusable Content-Length: {length!r}")
            size = int(length)
            if len(buffer) - start < size:
                return None
            if len(buffer) - start > size:
                self.close()  # more than the answer: not reusable
            return self._answer(bytes(buffer[start : start + size]))
        if len(buffer) - start > MAX_BODY:
            raise PostError("the answer is too long")
        return None  # the body runs until the server closes


def _parse_head(raw: bytes) -> tuple[int, str, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    code, _, reason = rest.partition(" ")
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise PostError(f"not an HTTP/1 answer: {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if version == "HTTP/1.0" and "keep-alive" not in headers.get("connection", "").lower():
        headers["connection"] = "close"
    return int(code), reason, headers


def _dechunk(buffer: bytearray, start: int) -> bytes | None:
    """The body of a complete chunked answer from ``start``, or None while incomplete."""
    out = bytearray()
    at = start
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        size_text = bytes(buffer[at:line_end]).split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise PostError(f"bad chunk size {size_text[:20]!r}") from None
        if size == 0:
            # Trailers, if any, end with an empty line.
            return bytes(out) if buffer.find(b"\r\n\r\n", line_end) >= 0 else None
        chunk_at = line_end + 2
        if len(buffer) < chunk_at + size + 2:
            return None
        out += buffer[chunk_at : chunk_at + size]
        if len(out) > MAX_BODY:
            raise PostError("the answer is too long")
        at = chunk_at + size + 2


class Poster:
    """POSTs over connections kept per origin (scheme, host, port)."""

    def __init__(
        self, *, timeout: float = 10.0, user_agent: str = "", per_origin: int = PER_ORIGIN
    ) -> None:
        self.timeout = timeout
        self.user_agent = user_agent
        self.per_origin = per_origin
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._slots: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._ssl: ssl.SSLContext | None = None
        self._closed = False
        self.opened = 0  # connections opened so far

    async def post(self, url: str, body: bytes, headers: Mapping[str, str] | None = None) -> Answer:
        """POST ``body`` to ``url``; the answer, whatever its status.

        Raises :class:`PostError` when no complete answer came back in time."""
        if self._closed:
            raise PostError("the poster is closed")
        target = _target(url)
        request = self._request(target, body, headers or {})
        slots = self._slots.get(target.origin)
        if slots is None:
            slots = self._slots[target.origin] = asyncio.Semaphore(self.per_origin)
        try:
            async with asyncio.timeout(self.timeout), slots:
                conn, reused = await self._connection(target)
                try:
                    answer = await self._exchange(conn, request)
                except _Reset:
                    if not reused:
                        raise
                    # A kept connection the server had closed: once more on a new one.
                    conn, _ = await self._connection(target, fresh=True)
                    answer = await self._exchange(conn, request)
                self._keep(target, conn, answer)
        except TimeoutError:
            raise PostError(f"no answer within {self.timeout:g} s") from None
        except OSError as exc:
            raise PostError(f"connection failed: {exc}") from exc
        return answer

    async def close(self) -> None:
        self._closed = True
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()

    def _request(self, target: _Target, body: bytes, headers: Mapping[str, str]) -> bytes:
        host = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
        lines = [f"POST {target.path} HTTP/1.1", f"Host: {host}"]
        if self.user_agent:
            lines.append(f"User-Agent: {self.user_agent}")
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        lines.append(f"Content-Length: {len(body)}")
        head = "\r\n".join(lines) + "\r\n\r\n"
        return head.encode("latin-1") + body

    async def _connection(
        self, target: _Target, *, fresh: bool = False
    ) -> tuple[_Connection, bool]:
        idle = self._idle.get(target.origin)
        while idle and not fresh:
            conn = idle.pop()
            if not conn.closed:
                return conn, True
        loop = asyncio.get_running_loop()
        tls = self._tls() if target.scheme == "https" else None
        _, conn = await loop.create_connection(
            _Connection,
            target.host,
            target.port,
            ssl=tls,
            server_hostname=target.host if tls else None,
        )
        self.opened += 1
        return conn, False

    async def _exchange(self, conn: _Connection, request: bytes) -> Answer:
        try:
            return await conn.send(request)
        except BaseException:
            conn.close()
            raise

    def _keep(self, target: _Target, conn: _Connection, answer: Answer) -> None:
        conn.finish()
        if conn.closed or "close" in answer.headers.get("connection", "").lower():
            conn.close()
            return
        if self._closed:
            conn.close()
            return
        self._idle.setdefault(target.origin, []).append(conn)

    def _tls(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return self._ssl
