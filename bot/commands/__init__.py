"""Every command filmclub knows, declared once."""

from __future__ import annotations

from bot.commands.choices import CHOICE_ACTIONS
from bot.commands.club import CLUB_COMMAND
from bot.commands.film import FILM, FILM_ACTIONS
from bot.commands.help import HELP
from bot.commands.imports import IMPORT
from bot.commands.ingest import INGEST
from bot.commands.polls import POLL_ACTIONS, POLL_COMMAND
from bot.commands.quote import QUOTE
from bot.commands.ratings import RATE, RATINGS, UNRATE
from bot.commands.reviews import REVIEW, UNREVIEW
from bot.commands.scores import SCORES
from bot.commands.screening import DISCUSS, SCREENING_ACTIONS, SCREENING_COMMAND, SPOILER
from bot.commands.spec import CommandSet
from bot.commands.stats import STATS
from bot.commands.watchlist import WATCHLIST_COMMAND

COMMANDS = CommandSet(
    commands=(
        FILM,
        QUOTE,
        SCORES,
        RATE,
        UNRATE,
        RATINGS,
        STATS,
        REVIEW,
        UNREVIEW,
        POLL_COMMAND,
        WATCHLIST_COMMAND,
        SCREENING_COMMAND,
        DISCUSS,
        SPOILER,
        CLUB_COMMAND,
        INGEST,
        IMPORT,
        HELP,
    ),
    actions={**POLL_ACTIONS, **FILM_ACTIONS, **CHOICE_ACTIONS, **SCREENING_ACTIONS},
)
