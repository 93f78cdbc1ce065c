"""The kept-alive POST client, against a real aiohttp server and raw sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

from adapters.http1 import Poster, PostError


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[tuple[str, bytes, str]]]]:
    """An aiohttp app: POST /echo answers the body back, /nothing answers 204,
    /close answers and asks to close; every request is logged with its peer."""
    seen: list[tuple[str, bytes, str]] = []

    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        peer = request.transport.get_extra_info("peername") if request.transport else None
        seen.append((request.path, body, f"{peer}"))
        if request.path == "/nothing":
            return web.Response(status=204)
        headers = {"Connection": "close"} if request.path == "/close" else {}
        agent = request.headers.get("User-Agent", "")
        return web.Response(body=body + f"|{agent}".encode(), headers=headers)

    app = web.Application()
    app.router.add_post("/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", seen
    await runner.cleanup()


RawHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def raw_server(handler: RawHandler) -> tuple[asyncio.Server, str]:
    srv = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    return srv, f"http://127.0.0.1:{port}"


async def read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return await reader.readexactly(length)


async def test_posts_reuse_one_kept_connection(
    server: tuple[str, list[tuple[str, bytes, str]]],
) -> None:
    url, seen = server
    poster = Poster(user_agent="filmclub-test")
    try:
        for i in range(5):
            answer = await poster.post(f"{url}/echo?n={i}", f"hello {i}".encode())
            assert answer.status == 200
            assert answer.body == f"hello {i}|filmclub-test".encode()
    finally:
        await poster.close()
    assert poster.opened == 1
    assert len({peer for _, _, peer in seen}) == 1
    assert [body for _, body, _ in seen] == [f"hello {i}".encode() for i in range(5)]


async def test_no_content_and_close_are_honoured(
    server: tuple[str, list[tuple[str, bytes, str]]],
) -> None:
    url, _ = server
    poster = Poster()
    try:
        nothing = await poster.post(f"{url}/nothing", b"{}")
        assert (nothing.status, nothing.body) == (204, b"")
        closing = await poster.post(f"{url}/close", b"x")
        assert closing.body.startswith(b"x|")
        again = await poster.post(f"{url}/echo", b"y")
        assert again.body.startswith(b"y|")
    finally:
        await poster.close()
    assert poster.opened == 2  # one until the server asked to close, one after


async def test_concurrent_posts_each_get_their_own_answer(
    server: tuple[str, list[tuple[str, bytes, str]]],
) -> None:
    url, _ = server
    poster = Poster()
    try:
        answers = await asyncio.gather(
            *(poster.post(f"{url}/echo", str(i).encode()) for i in range(20))
        )
        assert [a.body.split(b"|")[0] for a in answers] == [str(i).encode() for i in range(20)]
        opened = poster.opened
        await asyncio.gather(*(poster.post(f"{url}/echo", b"z") for _ in range(20)))
        assert poster.opened == opened  # the kept connections served the second round
    finally:
        await poster.close()


async def test_at_most_per_origin_connections_are_open_at_once(
    server: tuple[str, list[tuple[str, bytes, str]]],
) -> None:
    url, seen = server
    poster = Poster(per_origin=4)
    try:
        answers = await asyncio.gather(*(poster.post(f"{url}/echo", b"q") for _ in range(40)))
    finally:
        await poster.close()
    assert all(a.status == 200 for a in answers)
    assert poster.opened == 4
    assert len({peer for _, _, peer in seen}) == 4


async def test_chunked_answers_are_joined() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
        )
        await writer.drain()
        await read_request(reader)  # the connection is kept: a second request comes
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()

    srv, url = await raw_server(handler)
    poster = Poster()
    try:
        first = await poster.post(f"{url}/a", b"1")
        assert first.body == b"hello, world"
        second = await poster.post(f"{url}/b", b"2")
        assert second.body == b"ok"
        assert poster.opened == 1
    finally:
        await poster.close()
        srv.close()


async def test_a_kept_connection_the_server_closed_is_replaced_once() -> None:
    """The server answers and hangs up without saying so: the next POST, written on
    the dead connection, is sent again on a new one."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        body = await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    srv, url = await raw_server(handler)
    poster = Poster()
    try:
        assert (await poster.post(f"{url}/a", b"one")).body == b"one"
        await asyncio.sleep(0.05)
        assert (await poster.post(f"{url}/a", b"two")).body == b"two"
        assert poster.opened == 2
    finally:
        await poster.close()
        srv.close()


async def test_a_body_without_length_runs_until_close() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.0 500 Internal Server Error\r\n\r\nsomething broke")
        await writer.drain()
        writer.close()

    srv, url = await raw_server(handler)
    poster = Poster()
    try:
        answer = await poster.post(f"{url}/a", b"x")
        assert (answer.status, answer.reason, answer.body) == (
            500,
            "Internal Server Error",
            b"something broke",
        )
    finally:
        await poster.close()
        srv.close()


async def test_no_answer_in_time_is_an_error() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    srv, url = await raw_server(handler)
    poster = Poster(timeout=0.2)
    try:
        with pytest.raises(PostError, match=r"no answer within 0\.2 s"):
            await poster.post(f"{url}/a", b"x")
    finally:
        await poster.close()
        srv.close()


async def test_garbage_and_refused_connections_are_errors() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        await writer.drain()

    srv, url = await raw_server(handler)
    poster = Poster(timeout=2)
    try:
        with pytest.raises(PostError, match="not an HTTP/1 answer"):
            await poster.post(f"{url}/a", b"x")
        port = srv.sockets[0].getsockname()[1]
        srv.close()
        await srv.wait_closed()
        with pytest.raises(PostError, match="connection failed"):
            await poster.post(f"http://127.0.0.1:{port}/a", b"x")
        with pytest.raises(ValueError, match="not an http"):
            await poster.post("ftp://127.0.0.1/a", b"x")
    finally:
        await poster.close()


def test_posts_work_on_uvloop_too() -> None:
    """uvloop's transports are not asyncio.Transport subclasses; the bot runs on it."""
    uvloop = pytest.importorskip("uvloop")

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                body = await read_request(reader)
            except asyncio.IncompleteReadError:
                return
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()

    async def main() -> tuple[list[bytes], int]:
        srv, url = await raw_server(handler)
        poster = Poster(timeout=5)
        try:
            answers = [(await poster.post(f"{url}/a", b"%d" % i)).body for i in range(3)]
            return answers, poster.opened
        finally:
            await poster.close()
            srv.close()

    answers, opened = uvloop.run(main())
    assert (answers, opened) == ([b"0", b"1", b"2"], 1)
