"""A screening and its discussion through the real console, as a member types them."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console import ConsoleAdapter
from bot.app import App
from bot.messages import Announcement, Reply
from tests.conftest import CORPUS
from tests.test_polls_console import bot


def test_console_plans_a_screening_and_opens_the_discussion(tmp_path: Path) -> None:
    db = str(tmp_path / "console.db")
    assert bot("ingest", str(CORPUS), "--db", db).returncode == 0
    session = "\n".join(
        [
            "/screening add tomorrow 20:30 Her | Room 2",
            "/screening in",
            "/screening",
            "/discuss",
            "/rate 8 lovely",
            "/screening cancel",
        ]
    )
    out = bot("console", "--db", db, "--user", "ada", "--admin", stdin=session + "\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    # The screening's message reaches the console's channel through the outbox.
    assert "[#console] Screening: Her (2013)" in text
    assert "Or type: /screening in · /screening out" in text
    assert "Who's coming: In: 1 (ada) · Can't make it: 0" in text
    # The discussion is a titled block; after it, /rate needs no title here.
    assert "[#console] ─── Discussion: Her (2013) ───" in text
    assert "Highest score, 10/10" in text and "Lowest score, 9/10" in text
    assert "Rated Her (2013): 8/10. Comment: “lovely”" in text
    assert "Cancelled the screening of Her (2013)." in text
    assert "`" not in text and "**" not in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_an_announcement_redraws_the_prompt(loaded_app: App) -> None:
    out = _Terminal()
    console = ConsoleAdapter(
        loaded_app.dispatcher, loaded_app.services.settings, stdin=_Terminal(), stdout=out
    )
    await console.announce(Announcement("console:home", "console", Reply(text="Poll #1 closed")))
    assert out.getvalue() == "\n[#console] Poll #1 closed\n\nfilmclub> "
    # Piped (not a terminal), no prompt is drawn.
    piped = io.StringIO()
    quiet = ConsoleAdapter(loaded_app.dispatcher, loaded_app.services.settings, stdout=piped)
    await quiet.announce(Announcement("console:home", "console", Reply(text="Poll #1 closed")))
    assert piped.getvalue() == "[#console] Poll #1 closed\n\n"
