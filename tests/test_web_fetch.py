"""The web fetcher against a local server: limits, redirects and address checks."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from bench.webpages import PageServer
from bot.web.fetch import AddressPolicy, CheckedConnector, CheckedResolver, Fetcher, FetchError

LOOPBACK_V4 = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture
async def server() -> AsyncIterator[PageServer]:
    pages = {"a.html": "<p>hello</p>", "b.txt": "plain words"}
    s = await PageServer(pages=pages, slow_seconds=2.0).start()
    yield s
    await s.close()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    """Only the test server's own address is let through; every other private one is not."""
    async with Fetcher(AddressPolicy(allowed=LOOPBACK_V4), timeout=2.0) as f:
        yield f


async def test_fetches_html_and_plain_text_with_a_user_agent(
    server: PageServer, fetcher: Fetcher
) -> None:
    page = await fetcher.fetch(server.url("a.html"))
    assert page.text() == "<p>hello</p>" and page.content_type == "text/html"
    plain = await fetcher.fetch(server.url("b.txt"))
    assert plain.text() == "plain words" and plain.content_type == "text/plain"
    assert fetcher.user_agent.startswith("filmclub/")


async def test_other_content_types_and_errors_are_refused(
    server: PageServer, fetcher: Fetcher
) -> None:
    with pytest.raises(FetchError, match="application/json"):
        await fetcher.fetch(f"{server.base}/json")
    with pytest.raises(FetchError, match="404"):
        await fetcher.fetch(server.url("missing.html"))


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:x"])
async def test_only_http_and_https(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(FetchError, match="Only http"):
        await fetcher.fetch(url)


async def test_five_redirects_are_followed_and_a_sixth_is_refused(
    server: PageServer, fetcher: Fetcher
) -> None:
    page = await fetcher.fetch(f"{server.base}/redirect/5/a.html")
    assert page.url == server.url("a.html") and len(page.redirects) == 5
    with pytest.raises(FetchError, match="more than 5"):
        await fetcher.fetch(f"{server.base}/redirect/6/a.html")


async def test_pages_over_the_cap_are_refused(server: PageServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="larger than 2 MB"):
        await fetcher.fetch(f"{server.base}/big")
    with pytest.raises(FetchError, match="larger than 2 MB"):
        await fetcher.fetch(f"{server.base}/big-declared")


async def test_a_slow_page_times_out(server: PageServer) -> None:
    async with Fetcher(AddressPolicy(allowed=LOOPBACK_V4), timeout=0.3) as slow:
        with pytest.raises(FetchError, match=r"longer than 0\.3 s"):
            await slow.fetch(f"{server.base}/slow")


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
        "http://10.1.2.3/",  # private
        "http://192.168.0.1/admin",  # private
        "http://[::1]:8080/",  # loopback, IPv6 (not the allowed 127.0.0.1)
        "http://127.0.0.2/",  # loopback, outside the allowed /32
        "http://224.0.0.1/",  # multicast
        "http://0.0.0.0/",  # unspecified
        "http://[::ffff:10.0.0.1]/",  # a private address mapped into IPv6
        "http://user@169.254.169.254/",  # user info in front of a link-local address
    ],
)
async def test_a_redirect_to_a_private_address_is_refused(
    server: PageServer, fetcher: Fetcher, target: str
) -> None:
    with pytest.raises(FetchError, match="private or local address"):
        await fetcher.fetch(f"{server.base}/to?url={target}")


async def test_without_the_allow_flag_the_local_server_itself_is_refused(
    server: PageServer,
) -> None:
    async with Fetcher() as strict:
        with pytest.raises(FetchError, match="private or local address"):
            await strict.fetch(server.url("a.html"))
        # A host name is checked on the addresses it resolves to, before connecting.
        with pytest.raises(FetchError, match="private or local address"):
            await strict.fetch(f"http://localhost:{server.port}/pages/a.html")
    assert server.hits == 0


async def test_the_allow_flag_lets_private_addresses_through(server: PageServer) -> None:
    async with Fetcher(AddressPolicy(allow_private=True)) as open_fetcher:
        page = await open_fetcher.fetch(f"http://localhost:{server.port}/pages/a.html")
    assert page.text() == "<p>hello</p>"


class _Rebinding(AbstractResolver):
    """A DNS answer that mixes a public address with a private one."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        def result(address: str) -> ResolveResult:
            return {
                "hostname": host,
                "host": address,
                "port": port,
                "family": family,
                "proto": 0,
                "flags": 0,
            }

        return [result("10.0.0.7"), result("93.184.216.34"), result("127.0.0.1")]

    async def close(self) -> None:
        return None


async def test_the_resolver_keeps_only_addresses_the_policy_permits() -> None:
    resolver = CheckedResolver(AddressPolicy(), _Rebinding())
    kept = await resolver.resolve("films.example", 80)
    assert [r["host"] for r in kept] == ["93.184.216.34"]
    only_private = CheckedResolver(AddressPolicy(allowed=LOOPBACK_V4), _Rebinding())
    assert [r["host"] for r in await only_private.resolve("x.example", 80)] == [
        "93.184.216.34",
        "127.0.0.1",
    ]


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/", "https://0177.0.0.1:8443/"],
)
async def test_addresses_written_in_legacy_forms_are_refused(url: str) -> None:
    async with Fetcher() as strict:
        with pytest.raises(FetchError, match=r"private or local address \(127\.0\.0\.1\)"):
            await strict.fetch(url)


def test_mapped_and_reserved_addresses_are_refused() -> None:
    policy = AddressPolicy()
    for address in ("::ffff:127.0.0.1", "::ffff:10.0.0.1", "240.0.0.1", "100.64.0.1", "fe80::1"):
        assert not policy.permits(ipaddress.ip_address(address)), address
    assert policy.permits(ipaddress.ip_address("93.184.216.34"))
    assert policy.permits(ipaddress.ip_address("2606:4700::1111"))


class _Lying(AbstractResolver):
    """A resolver that checks nothing and sends every name to the test server."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": family,
                "proto": 0,
                "flags": 0,
            }
        ]

    async def close(self) -> None:
        return None


async def test_the_connected_address_is_checked_whatever_the_resolver_said(
    server: PageServer,
) -> None:
    connector = CheckedConnector(AddressPolicy(), resolver=_Lying(), use_dns_cache=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        with pytest.raises(FetchError, match=r"private or local address \(127.0.0.1\)"):
            await session.get(f"http://films.example:{server.port}/pages/a.html")
    assert server.hits == 0
