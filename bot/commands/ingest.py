"""/ingest: an admin pastes a review page's address and the bot reads it."""

from __future__ import annotations

from bot.commands.spec import Command, Option, OptionKind
from bot.messages import Reply, Request
from bot.services import Services


async def ingest_handler(services: Services, request: Request) -> Reply:
    # Page reading pulls in HTML libraries: loaded on first use, not at start-up.
    from bot.web.fetch import fetcher_for
    from bot.web.ingest import ingest_url

    # Chat apps may wrap a pasted link as <url> or <url|label>.
    url = str(request.options["url"]).strip().strip("<>").split("|", 1)[0]
    title = request.options.get("title") or None
    async with fetcher_for(services.settings) as fetcher:
        result = await ingest_url(services, fetcher, url, title)
    return Reply(text=result.message())


INGEST = Command(
    name="ingest",
    help="Read a review page by its address: its critic, score and quotable passages",
    options=(
        Option(
            "url",
            "The review page's address (http or https)",
            OptionKind.URL,
            required=True,
            max_length=2000,
        ),
        Option(
            "title",
            "The film, when the page does not say (e.g. Her 2013)",
            OptionKind.FILM,
            max_length=200,
            greedy=True,
        ),
    ),
    handler=ingest_handler,
    admin_only=True,
    slow=True,
    examples=("/ingest https://example.org/her-review", "/ingest https://example.org/r/12 Her"),
)
