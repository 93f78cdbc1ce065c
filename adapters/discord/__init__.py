"""Filmclub on Discord: slash commands generated from the core's declarations,
embeds, persistent buttons and menus, and channel announcements."""

from adapters.discord.adapter import DiscordAdapter

__all__ = ["DiscordAdapter"]
