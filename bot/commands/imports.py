"""/import: a member's Letterboxd or IMDb export, attached to the command."""

from __future__ import annotations

from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UserError
from bot.messages import Attachment, Reply, Request
from bot.services import Services


async def import_handler(services: Services, request: Request) -> Reply:
    from bot.reviews.exports import MAX_BYTES
    from bot.reviews.imports import import_history

    attached: Attachment = request.options["file"]
    if attached.size > MAX_BYTES:
        raise UserError(
            f"That file is {attached.size / 1_000_000:.1f} MB; an export can be at most "
            f"{MAX_BYTES // 1_000_000} MB. Nothing was imported."
        )
    try:
        data = await attached.read()
    except Exception as exc:
        raise UserError("I could not download the attached file; please try again.") from exc
    summary = await import_history(
        services,
        request.club,
        request.member,
        data,
        attached.name,
        is_admin=request.is_admin,
    )
    return Reply(title=f"Imported {attached.name}", text=summary.text(), ephemeral=True)


IMPORT = Command(
    name="import",
    help="Import your Letterboxd (ratings, reviews; admins: watchlist) or IMDb ratings export",
    options=(
        Option(
            "file",
            "ratings.csv, reviews.csv or watchlist.csv from Letterboxd, or IMDb's ratings.csv",
            OptionKind.ATTACHMENT,
            required=True,
        ),
    ),
    checks_admin=True,
    handler=import_handler,
    slow=True,
    examples=("/import file:ratings.csv",),
)
