"""A local web server of review pages, for the tests and the web ingest benchmark.

It listens on 127.0.0.1 only and serves pages it is given plus a few routes that
misbehave on purpose: redirect chains, a redirect to any address, a page over the
size cap, a slow page and a page of the wrong type.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field

from aiohttp import web

from bench.generate import FIRST, LAST, OBJECTS, SITES, TOPIC_PHRASES, VERBS, film_title


@dataclass
class PageServer:
    pages: dict[str, str] = field(default_factory=dict)
    big_bytes: int = 2_500_000
    slow_seconds: float = 30.0
    hits: int = 0
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, name: str) -> str:
        return f"{self.base}/pages/{name}"

    async def start(self) -> PageServer:
        app = web.Application()
        app.router.add_get("/pages/{name}", self._page)
        app.router.add_get("/redirect/{hops}/{name}", self._redirect)
        app.router.add_get("/to", self._to)
        app.router.add_get("/big", self._big)
        app.router.add_get("/big-declared", self._big_declared)
        app.router.add_get("/slow", self._slow)
        app.router.add_get("/json", self._json)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _page(self, request: web.Request) -> web.Response:
        self.hits += 1
        name = request.match_info["name"]
        if name not in self.pages:
            raise web.HTTPNotFound()
        ctype = "text/plain" if name.endswith(".txt") else "text/html"
        return web.Response(text=self.pages[name], content_type=ctype, charset="utf-8")

    async def _redirect(self, request: web.Request) -> web.Response:
        hops = int(request.match_info["hops"])
        name = request.match_info["name"]
        target = f"/redirect/{hops - 1}/{name}" if hops > 1 else f"/pages/{name}"
        raise web.HTTPFound(target)

    async def _to(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["url"])

    async def _big(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        chunk = b"<p>" + b"a very long page " * 4000 + b"</p>\n"
        sent = 0
        try:
            while sent < self.big_bytes:
                await resp.write(chunk)
                sent += len(chunk)
        except (ConnectionResetError, RuntimeError):
            return resp
        await resp.write_eof()
        return resp

    async def _big_declared(self, request: web.Request) -> web.Response:
        return web.Response(body=b"x" * self.big_bytes, content_type="text/html")

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.slow_seconds)
        return web.Response(text="<p>finally</p>", content_type="text/html")

    async def _json(self, request: web.Request) -> web.Response:
        return web.json_response({"not": "a page"})


def generated_page(index: int, rng: random.Random) -> str:
    """A review page with JSON-LD on a varying scale, site chrome and comments."""
    title = film_title(index)
    year = 1950 + index % 70
    critic = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    site = rng.choice(SITES)
    best = rng.choice((5, 10, 100))
    value = round(rng.uniform(0.2, 1.0) * best, 1)
    paragraphs = []
    for _ in range(4):
        sentences = []
        for _ in range(3):
            topic = rng.choice(sorted(TOPIC_PHRASES))
            phrase = rng.choice(TOPIC_PHRASES[topic])
            sentences.append(
                f"{phrase[0].upper()}{phrase[1:]} {rng.choice(VERBS)} {rng.choice(OBJECTS)},"
                f" and {title} is {rng.choice(('better', 'stranger', 'warmer', 'sadder'))}"
                " for it."
            )
        paragraphs.append(" ".join(sentences))
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "author": {"@type": "Person", "name": critic},
        "publisher": {"@type": "Organization", "name": site},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": best},
        "itemReviewed": {"@type": "Movie", "name": title, "dateCreated": str(year)},
    }
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{title} review | {site}</title>
<meta property="og:site_name" content="{site}">
<link rel="canonical" href="https://reviews.example/{index}">
<script type="application/ld+json">{json.dumps(data)}</script></head><body>
<nav><a href="/">Home</a> <a href="/reviews">Reviews</a> <a href="/about">About</a></nav>
<div class="cookie-banner">We use cookies on this site. Accept all cookies</div>
<article><h1>{title}</h1><p>By {critic}</p>
{body}
</article>
<div class="share">Share on Facebook | Share on Twitter</div>
<section class="comments"><p>Reader says: I saw it twice and liked it less.</p></section>
</body></html>"""
