"""The Discord front end: slash commands, persistent components and announcements."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any, TypeVar

import discord
from discord import app_commands

from adapters.admission import BUSY, Admission, IntakeLag
from adapters.discord.answers import send_first
from adapters.discord.commands import build_app_commands
from adapters.discord.intake import IntakeGuard
from adapters.discord.render import Outgoing, clip, render, send_kwargs
from adapters.discord.views import ActionItem, build_view
from bot.commands.spec import Command, Option, OptionKind
from bot.config import Settings
from bot.dispatch import TROUBLE, Dispatcher
from bot.errors import UserError
from bot.links import film_mention
from bot.messages import (
    ActionRequest,
    ActionResult,
    Announcement,
    Member,
    Reply,
    Request,
    error_reply,
)
from bot.polls import posts as poll_posts
from bot.screenings import posted_event, posted_message, record_post, record_thread
from bot.store import gateway
from bot.web.fetch import image_fetcher_for

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_CONTENT = 2000
# Discord's codes for an interaction that can no longer be answered.
UNKNOWN_INTERACTION = 10062
INVALID_WEBHOOK_TOKEN = 50027


def _http_error(exc: discord.HTTPException) -> str:
    return f"{exc.status} (code {exc.code})"


def _token_gone(exc: discord.HTTPException) -> bool:
    """The interaction token is dead: no follow-up will get through."""
    return exc.code in (UNKNOWN_INTERACTION, INVALID_WEBHOOK_TOKEN) or exc.status == 401


# Discord wants an answer to an interaction within 3 seconds; past this, defer first.
DEFER_AFTER = 2.0
# An interaction that reaches the bot this late cannot be answered in time.
TOO_LATE = 2.5
# Discord's interactions queue in the gateway connection before they can be told
# busy, so the standing delay that turns commands away is kept lower than Slack's.
DISCORD_TARGET = 1.0
AUTOCOMPLETE_TIMEOUT = 2.5
# An announcement made while the bot is still connecting waits this long for it.
ANNOUNCE_WAIT = 30.0
OUT_OF_DATE = "That command has just changed; please try again in a minute."
# Discord's error code for "a thread has already been created for this message".
THREAD_EXISTS = 160004
# A form field this short (a score) is one line; longer ones are paragraphs.
SHORT_FIELD = 100
WATCHLIST_MENU = "Add to watchlist"
RATE_MENU = "Rate this film"


def default_intents() -> discord.Intents:
    """The default intents without the privileged ones: interactions need no message content."""
    intents = discord.Intents.default()
    intents.members = False
    intents.presences = False
    intents.message_content = False
    return intents


def split_list(value: Any) -> Any:
    """A LIST option typed into one Discord string: items separated by ``|`` or ``;``."""
    if not isinstance(value, str):
        return value
    parts = [p.strip() for chunk in value.split(";") for p in chunk.split("|")]
    return tuple(p for p in parts if p)


def has_content(reply: Reply) -> bool:
    return bool(
        reply.text.strip()
        or reply.title
        or reply.fields
        or reply.quote
        or reply.image
        or reply.buttons
        or reply.select
        or reply.footer
    )


def has_role(user: discord.Member, wanted: str) -> bool:
    """Whether a member has a role, named (any case) or given by id."""
    folded = wanted.casefold()
    return any(role.name.casefold() == folded or str(role.id) == wanted for role in user.roles)


# Seconds between gateway identifies of one rate-limit bucket (Discord's rule).
IDENTIFY_SPACING = 5.0


class FilmclubTree(app_commands.CommandTree["FilmclubClient"]):
    async def on_error(
        self,
        interaction: discord.Interaction[FilmclubClient],
        error: app_commands.AppCommandError,
        /,
    ) -> None:
        if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
            log.warning("Discord sent an out-of-date command: %s", error)
            message = OUT_OF_DATE
        else:
            log.error("Discord command failed", exc_info=error)
            message = TROUBLE
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True)
            else:
                await interaction.response.send_message(message, ephemeral=True)
        except Exception:
            log.warning("could not tell the member about the failure", exc_info=True)


class FilmclubClient(discord.AutoShardedClient):
    """The discord.py client; it hands everything to its :class:`DiscordAdapter`."""

    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        super().__init__(
            intents=default_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,
            **options,
        )
        self.adapter = adapter
        self.tree = FilmclubTree(self)

    async def setup_hook(self) -> None:
        await self.adapter.setup(self)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        await self.adapter.before_identify(shard_id)

    async def on_ready(self) -> None:
        log.info("Discord ready as %s in %d guilds", self.user, len(self.guilds))
        self.adapter.ready.set()

    async def on_component_action(
        self, interaction: discord.Interaction[Any], action_id: str, values: tuple[str, ...]
    ) -> None:
        await self.adapter.handle_action(interaction, action_id, values)


class DiscordAdapter:
    """Runs filmclub on Discord. ``run`` logs in and returns when the client closes."""

    platform: str = "discord"

    def __init__(
        self,
        dispatcher: Dispatcher,
        settings: Settings,
        *,
        guild_ready_timeout: float | None = None,
        defer_after: float = DEFER_AFTER,
        announce_wait: float = ANNOUNCE_WAIT,
        sync_commands: bool = True,
        identify_spacing: float = IDENTIFY_SPACING,
    ) -> None:
        guild_id = settings.discord_guild_id.strip()
        if guild_id and not guild_id.isdigit():
            raise ValueError(f"DISCORD_GUILD_ID must be a numeric server id, not {guild_id!r}")
        self.dispatcher = dispatcher
        # Poll messages already noted, so a click on one writes nothing more.
        self.poll_notes = poll_posts.PostNotes()
        self.settings = settings
        self.guild_id = int(guild_id) if guild_id else None
        self.guild_ready_timeout = guild_ready_timeout
        self.defer_after = defer_after
        self.announce_wait = announce_wait
        # With shards split over processes, the one running shard 0 syncs the commands.
        self.sync_commands = sync_commands and (
            not settings.discord_shard_ids or 0 in settings.discord_shard_ids
        )
        self.identify_spacing = identify_spacing
        self.identified_at: list[tuple[int | None, float]] = []
        self.ready = asyncio.Event()
        self.client: FilmclubClient | None = None
        self.synced: list[app_commands.AppCommand] = []
        self._stopping = False
        self.admission = Admission(target=DISCORD_TARGET)
        self.intake = IntakeLag()
        self.guard = IntakeGuard(
            self.admission,
            self.intake,
            {path: c for path, c in dispatcher.commands.leaves() if c.slow},
            TOO_LATE,
        )

    # -- lifecycle -----------------------------------------------------------

    def make_client(self) -> FilmclubClient:
        options: dict[str, Any] = {}
        if self.guild_ready_timeout is not None:
            options["guild_ready_timeout"] = self.guild_ready_timeout
        if self.settings.discord_shard_count:
            options["shard_count"] = self.settings.discord_shard_count
        if self.settings.discord_shard_ids:
            options["shard_ids"] = list(self.settings.discord_shard_ids)
        return FilmclubClient(self, **options)

    async def before_identify(self, shard_id: int | None) -> None:
        """Wait for this bucket's turn to identify, across every process on the database.

        Discord allows one identify per rate-limit bucket every five seconds for a
        token; processes that split the shards claim turns in the shared store.
        """
        store = self.dispatcher.services.store
        while True:
            wait = await store.write(gateway.claim_identify, 0, time.time(), self.identify_spacing)
            if wait <= 0:
                self.identified_at.append((shard_id, time.monotonic()))
                return
            await asyncio.sleep(wait)

    async def run(self) -> None:
        if not self.settings.discord_token:
            raise ValueError("DISCORD_TOKEN is not set")
        if self._stopping:
            return
        self.ready.clear()
        client = self.client = self.make_client()
        outbox = self.dispatcher.services.outbox
        outbox.register(self)
        try:
            async with client:
                if not self._stopping:
                    await client.start(self.settings.discord_token)
        finally:
            outbox.unregister(self)
            self.ready.clear()
            await self.guard.close()

    async def stop(self) -> None:
        self._stopping = True
        if self.client is not None and not self.client.is_closed():
            await self.client.close()

    async def setup(self, client: FilmclubClient) -> None:
        """Declare the commands and the component handler, then sync the commands."""
        # Overload is judged on the raw gateway payload, before discord.py parses it
        # (the client's parser table is what its gateway connection dispatches through).
        self.guard.headers["User-Agent"] = client.http.user_agent
        self.guard.install(client._connection.parsers)
        client.add_dynamic_items(ActionItem)
        for command in build_app_commands(
            self.dispatcher.commands, self.run_command, self.complete
        ):
            client.tree.add_command(command)
        for menu in self.context_menus():
            client.tree.add_command(menu)
        if self.sync_commands:
            await self.sync(client)

    async def sync(self, client: FilmclubClient) -> None:
        try:
            if self.guild_id is not None:
                guild = discord.Object(id=self.guild_id)
                client.tree.copy_global_to(guild=guild)
                self.synced = await client.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(self.synced), self.guild_id)
            else:
                self.synced = await client.tree.sync()
                log.info("synced %d global commands", len(self.synced))
        except discord.HTTPException:
            log.exception("could not sync the slash commands; the previous ones stay in place")

    def context_menus(self) -> list[app_commands.ContextMenu]:
        """Message menus: "Add to watchlist" and "Rate this film" on any message that
        names a film or links to it (IMDb, Letterboxd, TMDB, Wikipedia)."""

        async def add_to_watchlist(
            interaction: discord.Interaction[Any], message: discord.Message
        ) -> None:
            await self.message_action(interaction, message, "watchlist add")

        async def rate_this_film(
            interaction: discord.Interaction[Any], message: discord.Message
        ) -> None:
            await self.message_action(interaction, message, "rate")

        return [
            app_commands.ContextMenu(name=WATCHLIST_MENU, callback=add_to_watchlist),
            app_commands.ContextMenu(name=RATE_MENU, callback=rate_this_film),
        ]

    async def message_action(
        self, interaction: discord.Interaction[Any], message: discord.Message, path: str
    ) -> None:
        command = self.dispatcher.commands.resolve(path)
        assert command is not None
        parts = [message.content or ""]
        parts += [e.title or "" for e in message.embeds] + [e.url or "" for e in message.embeds]
        try:
            mention = await film_mention(self.dispatcher.services, "\n".join(p for p in parts if p))
        except UserError as exc:
            await self.send_response(interaction, error_reply(exc.message))
            return
        options: dict[str, Any] = {"title": mention.query()}
        score = command.option("score")
        if score is not None:
            # The score is asked for in a form, the film already filled in.
            await interaction.response.send_modal(
                TextForm(self, path, command, options, score.name, score.help, score.max_length)
            )
            return
        await self.run_request(interaction, path, command, options)

    # -- who and where -------------------------------------------------------

    @staticmethod
    def club_key(interaction: discord.Interaction[Any]) -> str:
        if interaction.guild_id is not None:
            return f"discord:{interaction.guild_id}"
        return f"discord:dm:{interaction.user.id}"

    @staticmethod
    def member(interaction: discord.Interaction[Any]) -> Member:
        user = interaction.user
        return Member(id=str(user.id), name=user.display_name)

    async def is_admin(self, interaction: discord.Interaction[Any]) -> bool:
        """Server managers and administrators, members with the admin role (DISCORD_ADMIN_ROLE
        or the club's own, set with ``/club admins``), and anyone in a DM."""
        if interaction.guild_id is None:
            return True
        perms = interaction.permissions
        if perms.administrator or perms.manage_guild:
            return True
        user = interaction.user
        if not isinstance(user, discord.Member):
            return False
        services = self.dispatcher.services
        club_role = await services.club_settings.admin_role(
            services.store, self.club_key(interaction)
        )
        wanted = [r.strip() for r in (self.settings.discord_admin_role, club_role or "")]
        return any(has_role(user, role) for role in wanted if role)

    @staticmethod
    def club_name(interaction: discord.Interaction[Any]) -> str:
        guild = interaction.guild
        return guild.name if guild is not None and guild.name else ""

    # -- commands ------------------------------------------------------------

    async def request(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        command: Command,
        options: dict[str, Any],
    ) -> Request:
        values: dict[str, Any] = {}
        for name, value in options.items():
            option = command.option(name)
            if option is not None and option.kind is OptionKind.LIST:
                value = split_list(value)
            values[name] = value
        return Request(
            club=self.club_key(interaction),
            channel=str(interaction.channel_id or ""),
            member=self.member(interaction),
            command=path,
            options=values,
            # Asked only where the answer depends on it (the admin role is a lookup).
            is_admin=(command.admin_only or command.checks_admin)
            and await self.is_admin(interaction),
            club_name=self.club_name(interaction),
            request_id=f"discord:{interaction.id}",
        )

    async def run_command(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        command: Command,
        options: dict[str, Any],
    ) -> None:
        form = command.option(command.form_option) if command.form_option else None
        if form is not None and not str(options.get(form.name) or "").strip():
            await interaction.response.send_modal(
                TextForm(self, path, command, options, form.name, form.help, form.max_length)
            )
            return
        await self.run_request(interaction, path, command, options)

    async def run_request(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        command: Command,
        options: dict[str, Any],
    ) -> None:
        """Run a command unless it came too late or the bot is too busy for it."""
        lag = self.intake.of(interaction.created_at.timestamp())
        if lag > TOO_LATE:
            # Discord stops taking an answer 3 s after the interaction was created:
            # answering now would only spend time the fresh ones need.
            self.admission.stats.expired += 1
            log.debug("/%s reached the bot %.1f s late; not answered", path, lag)
            return
        ticket = self.admission.admit(heavy=command.is_slow(options), lag=lag)
        if ticket is None:
            try:
                await interaction.response.send_message(BUSY, ephemeral=True)
            except discord.HTTPException as exc:
                log.info("could not say busy to /%s: %s", path, _http_error(exc))
            return
        try:
            await self._run_admitted(interaction, path, command, options)
        finally:
            self.admission.done(ticket)

    async def _run_admitted(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        command: Command,
        options: dict[str, Any],
    ) -> None:
        """Dispatch a command and answer it, deferring first when it is slow."""
        request = await self.request(interaction, path, command, options)
        if command.is_slow(options):
            await interaction.response.defer(thinking=True)
            reply = await self.dispatcher.dispatch(request)
            await self._delivered(interaction, path, reply, self.send_deferred(interaction, reply))
            return
        reply_or_none = await self._within(self.dispatcher.dispatch(request))
        if isinstance(reply_or_none, asyncio.Task):
            try:
                await interaction.response.defer(thinking=True)
            except discord.HTTPException as exc:
                # The work goes on: what it did is reported in the channel.
                log.warning("could not defer /%s: %s", path, _http_error(exc))
                reply = await reply_or_none
                await self._rescue(interaction, f"`/{path}`", reply, exc)
                return
            reply = await reply_or_none
            await self._delivered(interaction, path, reply, self.send_deferred(interaction, reply))
            return
        await self._delivered(
            interaction, path, reply_or_none, self.send_response(interaction, reply_or_none)
        )

    async def _delivered(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        reply: Reply,
        sending: Awaitable[None],
    ) -> None:
        """Await the reply's delivery; when Discord refuses it, tell the member another way."""
        try:
            await sending
        except discord.HTTPException as exc:
            log.warning("could not answer /%s: %s", path, _http_error(exc))
            await self._rescue(interaction, f"`/{path}`", reply, exc)

    async def _rescue(
        self,
        interaction: discord.Interaction[Any],
        what: str,
        reply: Reply,
        failure: discord.HTTPException,
    ) -> None:
        """The command ran but its answer was refused (rate limited, the interaction
        expired or unknown): say so through a follow-up while the interaction lasts,
        else in the channel, mentioning the member. Errors wrote nothing and are
        only logged."""
        if reply.error:
            return
        mention = interaction.user.mention
        if reply.ephemeral:
            note = f"{mention} {what} was done, but Discord did not deliver my answer to you."
            messages = [Outgoing(content=note)]
        else:
            messages = render(reply)
            first = messages[0]
            prefix = f"{mention} {what}:"
            content = clip(f"{prefix} {first.content or ''}".strip(), MAX_CONTENT)
            messages[0] = replace(first, content=content)
        if interaction.response.is_done() and not _token_gone(failure):
            try:
                sent = await self._follow_up(interaction, messages, ephemeral=reply.ephemeral)
                await self._note_poll(interaction, reply, sent[0].id)
                return
            except discord.HTTPException as exc:
                log.info("the follow-up for %s failed too: %s", what, _http_error(exc))
        channel = self._channel_of(interaction)
        if channel is None:
            log.warning("no channel to tell %s about %s", interaction.user.id, what)
            return
        mentions = discord.AllowedMentions(users=[interaction.user], roles=False, everyone=False)
        try:
            posted = [
                await channel.send(
                    **send_kwargs(message, build_view(message.rows)), allowed_mentions=mentions
                )
                for message in messages
            ]
        except discord.HTTPException as exc:
            log.warning("could not tell %s about %s: %s", interaction.user.id, what, exc)
            return
        await self._note_poll(interaction, reply, posted[0].id)

    def _channel_of(self, interaction: discord.Interaction[Any]) -> Any:
        client = self.client
        if client is None or interaction.channel_id is None:
            return None
        return client.get_partial_messageable(interaction.channel_id, guild_id=interaction.guild_id)

    async def _within(self, work: Awaitable[T]) -> T | asyncio.Task[T]:
        """The result if it comes within ``defer_after`` seconds, else the still running task."""
        task: asyncio.Task[T] = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if task in done:
            return task.result()
        return task

    async def send_response(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        messages = render(reply)
        first = messages[0]
        view = build_view(first.rows)
        # Only a public poll needs the message Discord made (to edit it later).
        wants_message = reply.poll is not None and not first.ephemeral
        if wants_message or not await send_first(self.guard, interaction, first, view):
            sent = await interaction.response.send_message(
                **send_kwargs(first, view), ephemeral=first.ephemeral
            )
            if not first.ephemeral and sent is not None and sent.message_id is not None:
                await self._note_poll(interaction, reply, sent.message_id)
        await self._follow_up(interaction, messages[1:])

    async def _note_poll(
        self, interaction: discord.Interaction[Any], reply: Reply, message_id: int
    ) -> None:
        """A poll message went out in the channel: remember it, to edit it when the
        poll's films change."""
        if reply.poll is None or reply.ephemeral or interaction.channel_id is None:
            return
        await self.poll_notes.note(
            self.dispatcher.services,
            self.club_key(interaction),
            reply.poll,
            str(interaction.channel_id),
            str(message_id),
        )

    async def send_deferred(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """Answer a deferred command: the first follow-up replaces the "thinking" message.
        An ephemeral answer (an error) cannot replace a public placeholder, so the
        placeholder is deleted and the answer sent privately."""
        messages = render(reply)
        if messages[0].ephemeral:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                log.debug("could not delete the deferred placeholder", exc_info=True)
        sent = await self._follow_up(interaction, messages)
        if sent and not messages[0].ephemeral:
            await self._note_poll(interaction, reply, sent[0].id)

    async def _follow_up(
        self,
        interaction: discord.Interaction[Any],
        messages: list[Outgoing],
        *,
        ephemeral: bool = False,
    ) -> list[discord.WebhookMessage]:
        sent: list[discord.WebhookMessage] = []
        for message in messages:
            sent.append(
                await interaction.followup.send(
                    **send_kwargs(message, build_view(message.rows)),
                    ephemeral=ephemeral or message.ephemeral,
                    wait=True,
                )
            )
        return sent

    async def complete(
        self, interaction: discord.Interaction[Any], option: Option, current: str
    ) -> list[str]:
        try:
            return await asyncio.wait_for(
                self.dispatcher.complete(self.club_key(interaction), option.kind, current),
                AUTOCOMPLETE_TIMEOUT,
            )
        except TimeoutError:
            log.warning("autocomplete for %s took too long", option.kind.value)
            return []

    # -- buttons and menus ---------------------------------------------------

    async def handle_action(
        self, interaction: discord.Interaction[Any], action_id: str, values: tuple[str, ...]
    ) -> None:
        action = ActionRequest(
            club=self.club_key(interaction),
            channel=str(interaction.channel_id or ""),
            member=self.member(interaction),
            action_id=action_id,
            values=values,
            is_admin=await self.is_admin(interaction),
        )
        outcome: ActionResult | None = None
        try:
            pending = await self._within(self.dispatcher.act(action))
            deferred = isinstance(pending, asyncio.Task)
            if isinstance(pending, asyncio.Task):
                try:
                    await interaction.response.defer()
                finally:
                    outcome = await pending
            else:
                outcome = pending
            await self.answer_action(interaction, outcome, deferred=deferred)
        except discord.HTTPException as exc:
            if outcome is None:
                log.exception("handling the click on %s failed", action_id)
                await self._tell_failure(interaction)
                return
            log.warning("could not answer the click on %s: %s", action_id, _http_error(exc))
            await self._rescue(interaction, "your choice", outcome.reply, exc)
        except Exception:
            log.exception("handling the click on %s failed", action_id)
            await self._tell_failure(interaction)

    async def answer_action(
        self, interaction: discord.Interaction[Any], result: ActionResult, *, deferred: bool
    ) -> None:
        private = render(result.reply.with_(ephemeral=True)) if has_content(result.reply) else []
        if result.refresh is not None:
            refreshed = render(result.refresh, single=True)[0]
            edit: dict[str, Any] = {
                "content": refreshed.content,
                "embeds": refreshed.embeds,
                "attachments": refreshed.files(),
                "view": build_view(refreshed.rows),
            }
            if deferred:
                await interaction.edit_original_response(**edit)
            else:
                await interaction.response.edit_message(**edit)
            if interaction.message is not None and not interaction.message.flags.ephemeral:
                # A poll message posted before it could be noted is known from its clicks.
                await self._note_poll(interaction, result.refresh, interaction.message.id)
            await self._follow_up(interaction, private, ephemeral=True)
        elif private and not deferred:
            first = private[0]
            await interaction.response.send_message(
                **send_kwargs(first, build_view(first.rows)), ephemeral=True
            )
            await self._follow_up(interaction, private[1:], ephemeral=True)
        elif private:
            await self._follow_up(interaction, private, ephemeral=True)
        elif not deferred:
            await interaction.response.defer()

    async def _tell_failure(self, interaction: discord.Interaction[Any]) -> None:
        reply = error_reply(TROUBLE)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(reply.text, ephemeral=True)
            else:
                await interaction.response.send_message(reply.text, ephemeral=True)
        except Exception:
            log.warning("could not tell the member about the failure", exc_info=True)

    # -- announcements -------------------------------------------------------

    async def announce(self, announcement: Announcement) -> None:
        """Post a reply the core sends unasked (a poll opening or closing) to its channel."""
        client = self.client
        if client is None or client.is_closed():
            raise RuntimeError("Discord is not running")
        if not client.is_ready():
            try:
                await asyncio.wait_for(self.ready.wait(), self.announce_wait)
            except TimeoutError:
                raise RuntimeError("Discord did not connect in time") from None
        channel_id = int(announcement.channel)
        channel: Any = client.get_channel(channel_id)
        if channel is None:
            channel = await client.fetch_channel(channel_id)
        if announcement.discussion is not None:
            await self._discuss(channel, announcement)
            return
        if not isinstance(channel, discord.abc.Messageable):
            raise RuntimeError(f"channel {channel_id} cannot receive messages")
        if announcement.replaces is not None:
            await self._replace(channel, announcement)
            return
        guild = getattr(channel, "guild", None)
        event_id: str | None = None
        if announcement.event is not None and isinstance(guild, discord.Guild):
            event_id = await self._scheduled_event(guild, announcement)
        if announcement.cancel_event is not None and isinstance(guild, discord.Guild):
            # The event may have been made after the cancellation was promised.
            cancel = announcement.cancel_event
            if not cancel and announcement.screening is not None:
                cancel = await posted_event(self.dispatcher.services, announcement.screening) or ""
            if cancel:
                await self._cancel_event(guild, cancel)
        if announcement.cancel_event is not None and announcement.screening is not None:
            await self._cross_out(channel, announcement)
        first: discord.Message | None = None
        for message in render(announcement.reply.with_(ephemeral=False)):
            sent = await channel.send(**send_kwargs(message, build_view(message.rows)))
            first = first or sent
        if announcement.screening is not None and announcement.cancel_event is None:
            await record_post(
                self.dispatcher.services,
                announcement,
                str(first.id) if first is not None else None,
                event_id,
            )
        if announcement.reply.poll is not None and first is not None:
            await poll_posts.record_post(
                self.dispatcher.services,
                announcement.club,
                announcement.reply.poll,
                announcement.channel,
                str(first.id),
            )

    async def _replace(self, channel: Any, announcement: Announcement) -> None:
        """Edit a message already posted (a poll whose films changed) to show the reply.
        A message deleted meanwhile is forgotten; other failures are retried."""
        assert announcement.replaces is not None
        if not hasattr(channel, "get_partial_message"):
            return
        reply = await poll_posts.current_message(self.dispatcher.services, announcement)
        edited = render(reply.with_(ephemeral=False), single=True)[0]
        try:
            await channel.get_partial_message(int(announcement.replaces)).edit(
                content=edited.content, embeds=edited.embeds, view=build_view(edited.rows)
            )
        except (discord.NotFound, discord.Forbidden) as exc:
            log.info("could not edit message %s: %s", announcement.replaces, _http_error(exc))
            if isinstance(exc, discord.NotFound):
                await poll_posts.forget_post(self.dispatcher.services, announcement)

    # -- screenings ----------------------------------------------------------

    async def _scheduled_event(
        self, guild: discord.Guild, announcement: Announcement
    ) -> str | None:
        """A Guild Scheduled Event for a screening, once (a retried post finds the first).
        Without the Create Events permission the message is still posted."""
        event = announcement.event
        assert event is not None and announcement.screening is not None
        services = self.dispatcher.services
        made = await posted_event(services, announcement.screening)
        if made:
            return made
        options: dict[str, Any] = {
            "name": event.name,
            "description": event.description,
            "start_time": event.starts_at,
            "privacy_level": discord.PrivacyLevel.guild_only,
        }
        place = guild.get_channel(int(event.voice_channel)) if event.voice_channel else None
        if isinstance(place, discord.StageChannel):
            options.update(entity_type=discord.EntityType.stage_instance, channel=place)
        elif isinstance(place, discord.VoiceChannel):
            options.update(entity_type=discord.EntityType.voice, channel=place)
        else:
            where = f"#{place.name}" if place is not None else event.location
            options.update(
                entity_type=discord.EntityType.external,
                location=where[:100],
                end_time=event.ends_at,
            )
        if event.cover_url:
            cover = await self._cover(event.cover_url)
            if cover is not None:
                options["image"] = cover
        try:
            created = await guild.create_scheduled_event(**options)
        except discord.HTTPException as exc:
            log.warning(
                "could not create the screening's event in %s (%s); needs Create Events",
                guild.id,
                exc.text or exc.status,
            )
            return None
        await record_post(services, announcement, None, str(created.id))
        return str(created.id)

    async def _cover(self, url: str) -> bytes | None:
        """The poster's bytes for an event's cover; None (no cover) when it cannot be had."""
        try:
            async with image_fetcher_for(self.settings) as fetcher:
                page = await fetcher.fetch(url)
        except UserError as exc:
            log.info("no cover image for the event: %s", exc.message)
            return None
        return page.body

    async def _cross_out(self, channel: Any, announcement: Announcement) -> None:
        """The cancelled screening's own message says so, its buttons gone."""
        assert announcement.screening is not None
        message_id = await posted_message(self.dispatcher.services, announcement.screening)
        if not message_id or not hasattr(channel, "get_partial_message"):
            return
        edited = render(announcement.reply.with_(ephemeral=False), single=True)[0]
        try:
            await channel.get_partial_message(int(message_id)).edit(
                content=edited.content, embeds=edited.embeds, view=None
            )
        except discord.HTTPException as exc:
            log.info("could not mark the screening message %s cancelled: %s", message_id, exc)

    async def _cancel_event(self, guild: discord.Guild, event_id: str) -> None:
        try:
            event = await guild.fetch_scheduled_event(int(event_id))
            await event.cancel()
        except (discord.HTTPException, ValueError) as exc:
            log.warning("could not cancel the screening's event %s: %s", event_id, exc)

    async def _thread_on(
        self, channel: discord.TextChannel, message_id: int, title: str
    ) -> discord.Thread:
        """A thread on a message; the one it already has when it has one (a second
        discussion of the same screening goes on there)."""
        try:
            return await channel.get_partial_message(message_id).create_thread(name=title)
        except discord.HTTPException as exc:
            if exc.code != THREAD_EXISTS:
                raise
        assert self.client is not None
        existing = await self.client.fetch_channel(message_id)
        if not isinstance(existing, discord.Thread):
            raise RuntimeError(f"message {message_id} has no thread to post in")
        return existing

    async def _discuss(self, channel: Any, announcement: Announcement) -> None:
        """Open a discussion: a thread on the screening's message, a post in a forum,
        else a new thread in the channel; seeded with its replies."""
        discussion = announcement.discussion
        assert discussion is not None
        outgoing = [m for reply in discussion.replies for m in render(reply)]
        if isinstance(channel, discord.ForumChannel):
            head, outgoing = outgoing[0], outgoing[1:]
            made = await channel.create_thread(
                name=discussion.title, **send_kwargs(head, build_view(head.rows))
            )
            thread: discord.Thread = made.thread
        elif isinstance(channel, discord.TextChannel):
            if discussion.anchor:
                thread = await self._thread_on(channel, int(discussion.anchor), discussion.title)
            else:
                thread = await channel.create_thread(
                    name=discussion.title, type=discord.ChannelType.public_thread
                )
        else:
            raise RuntimeError(f"channel {announcement.channel} cannot hold threads")
        await record_thread(self.dispatcher.services, announcement, str(thread.id))
        for message in outgoing:
            await thread.send(**send_kwargs(message, build_view(message.rows)))


class TextForm(discord.ui.Modal):
    """A form with one paragraph field, for a command's long text left out (a review)."""

    def __init__(
        self,
        adapter: DiscordAdapter,
        path: str,
        command: Command,
        options: dict[str, Any],
        field: str,
        hint: str,
        max_length: int | None,
    ) -> None:
        super().__init__(title=f"/{path}"[:45], timeout=900)
        self.adapter, self.path, self.command, self.options = adapter, path, command, options
        self.field = field
        self.text: discord.ui.TextInput[TextForm] = discord.ui.TextInput(
            label=field.replace("_", " ").capitalize()[:45],
            style=discord.TextStyle.paragraph
            if (max_length or 4000) > SHORT_FIELD
            else discord.TextStyle.short,
            placeholder=hint[:100] or None,
            max_length=min(max_length or 4000, 4000),
            required=True,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        options = {**self.options, self.field: self.text.value}
        await self.adapter.run_request(interaction, self.path, self.command, options)
