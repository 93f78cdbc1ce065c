"""A local JSON API server for the catalog fakes: records requests, injects trouble.

Listens on 127.0.0.1 on a random port. ``trouble(...)`` makes the next requests
fail in a chosen way: ``429`` with a ``Retry-After``, slowness past the client's
timeout, ``500``, a body that is not JSON; :meth:`stop` closes the socket so
that connections are refused.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web


@dataclass
class Seen:
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]


@dataclass
class Trouble:
    kind: str  # "429", "500", "slow", "malformed"
    count: int
    seconds: float = 0.0  # Retry-After for 429, the delay for slow


@dataclass
class FakeApi:
    latency: float = 0.0
    requests: list[Seen] = field(default_factory=list)
    _trouble: list[Trouble] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def trouble(self, kind: str, count: int = 1, seconds: float = 0.0) -> None:
        self._trouble.append(Trouble(kind, count, seconds))

    def answer(self, request: web.Request) -> Any:
        """The JSON for a request; subclasses route by path and query."""
        raise NotImplementedError

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Seen(request.path, dict(request.query), dict(request.headers)))
        if self.latency:
            await asyncio.sleep(self.latency)
        if self._trouble:
            trouble = self._trouble[0]
            trouble.count -= 1
            if trouble.count <= 0:
                self._trouble.pop(0)
            if trouble.kind == "429":
                return web.json_response(
                    {"error": "slow down"},
                    status=429,
                    headers={"Retry-After": f"{trouble.seconds:g}"},
                )
            if trouble.kind == "500":
                return web.Response(status=500, text="upstream trouble")
            if trouble.kind == "malformed":
                return web.Response(
                    status=200, text='{"search": [', content_type="application/json"
                )
            if trouble.kind == "slow":
                await asyncio.sleep(trouble.seconds)
        try:
            status, body = self.answer(request)
        except KeyError:
            return web.json_response({"status_message": "not found"}, status=404)
        return web.Response(status=status, text=json.dumps(body), content_type="application/json")

    async def start(self) -> Self:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def count(self, **query: str) -> int:
        """How many requests had all of these query values."""
        return sum(all(r.query.get(k) == v for k, v in query.items()) for r in self.requests)
