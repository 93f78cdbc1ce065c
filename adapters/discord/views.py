"""Persistent buttons and select menus.

Every component the bot sends carries the core's action id as its Discord
``custom_id`` and is wrapped in :class:`ActionItem`, a :class:`discord.ui.DynamicItem`
whose template matches any id. discord.py rebuilds the item from the clicked
message itself, so clicks keep working after a restart without remembering
which messages hold which views.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, Self, runtime_checkable

import discord

from adapters.discord.render import Row
from bot.messages import Button, ButtonStyle, Select

STYLES: dict[ButtonStyle, discord.ButtonStyle] = {
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.SECONDARY: discord.ButtonStyle.secondary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}


@runtime_checkable
class ActionHost(Protocol):
    """The client that owns the adapter: knows what to do with a click."""

    async def on_component_action(
        self, interaction: discord.Interaction[Any], action_id: str, values: tuple[str, ...]
    ) -> None: ...


BaseItem = discord.ui.Item[discord.ui.View]


class ActionItem(discord.ui.DynamicItem[BaseItem], template=r"(?s).+"):
    """A button or select whose custom id is a core action id."""

    def __init__(self, item: BaseItem, *, row: int | None = None) -> None:
        super().__init__(item, row=row)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(item)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        host = interaction.client
        if not isinstance(host, ActionHost):
            return
        data: Any = interaction.data or {}
        values = tuple(str(v) for v in data.get("values", ()) or ())
        await host.on_component_action(interaction, self.custom_id, values)


def make_button(button: Button, row: int) -> ActionItem:
    item: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        label=button.label,
        custom_id=button.action_id,
        style=STYLES.get(button.style, discord.ButtonStyle.secondary),
    )
    return ActionItem(item, row=row)


def make_select(select: Select, row: int) -> ActionItem:
    item: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=select.action_id,
        placeholder=select.placeholder or None,
        min_values=select.min_values,
        max_values=select.max_values,
        options=[discord.SelectOption(label=o.label, value=o.value) for o in select.options],
    )
    return ActionItem(item, row=row)


def build_view(rows: Sequence[Row]) -> discord.ui.View | None:
    """A view holding the rows, or None when there is nothing to show."""
    if not rows:
        return None
    view = discord.ui.View(timeout=None)
    for index, row in enumerate(rows):
        if isinstance(row, Select):
            view.add_item(make_select(row, index))
        else:
            for button in row:
                view.add_item(make_button(button, index))
    return view
