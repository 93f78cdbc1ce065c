"""One bot process for the several-processes tests: ``python -m tests.process_worker``.

It opens the real app on a shared database, runs the real poll scheduler, and on
``go`` (a line on stdin) sends its share of members' votes and ratings through
the real dispatcher, each at a random moment within a few seconds. It prints one
line per answer, flushed, so that the parent knows exactly what was acknowledged
even when this process is killed: ``ACK vote m12``, ``ACK rate m13``,
``REFUSED vote m14``, and ``ANNOUNCE <votes counted>`` for each poll it closed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys

from bot.app import App
from bot.config import Settings
from bot.messages import Announcement, Member
from bot.scheduler import Scheduler

TITLES = ("Alien", "Heat", "Ran", "Vertigo")
_COUNTED = re.compile(r"— (\d+) votes?")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Printer:
    platform = "console"

    async def announce(self, announcement: Announcement) -> None:
        text = announcement.reply.text
        counted = sum(int(n) for n in _COUNTED.findall(text))
        say(f"ANNOUNCE {counted} {announcement.channel}")


async def main(args: argparse.Namespace) -> int:
    settings = Settings(database_url=args.database, timezone="UTC")
    app = await App.open(settings)
    app.services.outbox.register(Printer())
    rng = random.Random(args.index)
    scheduler = Scheduler(app.services)
    say("READY")
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if not args.no_scheduler:
        await scheduler.start()

    async def member_says(i: int) -> None:
        await asyncio.sleep(rng.uniform(0, args.spread))
        who = Member(f"m{i}", f"Member {i}")
        if i % 2 == 0:
            line, kind = f"/poll vote {TITLES[i % len(TITLES)]}", "vote"
        else:
            line, kind = f"/rate Her {1 + i % 10}", "rate"
        reply = await app.dispatcher.dispatch_text(line, club=args.club, channel="gen", member=who)
        taken = reply.text.startswith("Your vote in poll #1" if kind == "vote" else "Rated ")
        say(f"{'ACK' if taken and not reply.error else 'REFUSED'} {kind} m{i}")

    members = range(args.index, args.members, args.processes)
    await asyncio.gather(*(member_says(i) for i in members))
    say("DONE")
    # Stay up (the scheduler running) until the parent closes stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    if not args.no_scheduler:
        await scheduler.stop()
    await app.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--club", default="console:t")
    parser.add_argument("--index", type=int, required=True)
    parser.add_argument("--processes", type=int, required=True)
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--spread", type=float, default=4.0)
    parser.add_argument("--no-scheduler", action="store_true")
    raise SystemExit(asyncio.run(main(parser.parse_args())))
