"""Modals built from a command's options (``/rate`` with no arguments).

Each option becomes one input block whose ``block_id`` is the option name.
Film, topic and poll options are menus with external options, loaded through
``block_suggestion`` requests; the rest are text, number, menu or checkbox
inputs. The submission is read back into an options mapping for
:class:`~bot.messages.Request`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.blocks import PLACEHOLDER_TEXT, SELECT_OPTIONS, clip, option_object, plain
from bot.commands.spec import Command, Option, OptionKind

CALLBACK_ID = "filmclub:modal"
SUGGEST_PREFIX = "filmclub-suggest:"
INPUT_ACTION = "value"

TITLE_TEXT = 24
LABEL_TEXT = 2000
HINT_TEXT = 2000
INPUT_MAX = 3000
MAX_INPUTS = 99
METADATA_TEXT = 3000
ERROR_TEXT = 300
YES = "yes"

_PLACEHOLDERS = {
    OptionKind.FILM: "Start typing a title",
    OptionKind.TOPIC: "acting, music, story…",
    OptionKind.POLL: "Choose a poll",
    OptionKind.SCORE: "8, 8.5/10, 4/5, 85% or ★★★★",
    OptionKind.DURATION: "2d, 36h, 90m or until fri 18:00",
    OptionKind.LIST: "One per line",
    OptionKind.URL: "https://…",
}


@dataclass(frozen=True)
class ModalContext:
    """What the submission needs from the slash command that opened the modal."""

    path: str
    channel: str
    response_url: str = ""
    team_domain: str = ""

    def dump(self) -> str:
        data = {"p": self.path, "c": self.channel, "r": self.response_url, "d": self.team_domain}
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > METADATA_TEXT:
            data["r"] = ""
            text = json.dumps(data, separators=(",", ":"))
        return text

    @classmethod
    def load(cls, text: str) -> ModalContext | None:
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("p"), str):
            return None
        return cls(
            path=data["p"],
            channel=str(data.get("c") or ""),
            response_url=str(data.get("r") or ""),
            team_domain=str(data.get("d") or ""),
        )


def form_prefill(cmd: Command, options: Mapping[str, Any]) -> dict[str, Any] | None:
    """The options typed so far when the command's form option was left out (a form then
    asks for it), else None."""
    if not cmd.form_option or str(options.get(cmd.form_option) or "").strip():
        return None
    return {k: v for k, v in options.items() if isinstance(v, str)}


def wants_modal(cmd: Command) -> bool:
    """A leaf command given no arguments opens a modal when it needs some."""
    return (
        cmd.handler is not None
        and not cmd.subcommands
        and any(o.required or o.needed for o in cmd.options)
    )


def _label(opt: Option) -> str:
    return opt.name.replace("_", " ").capitalize()


def _element(opt: Option) -> dict[str, Any]:
    placeholder = _PLACEHOLDERS.get(opt.kind, "")
    if opt.autocomplete:
        element: dict[str, Any] = {
            "type": "external_select",
            "action_id": f"{SUGGEST_PREFIX}{opt.name}",
            "min_query_length": 0,
        }
    elif opt.kind is OptionKind.CHOICE and 0 < len(opt.choices) <= SELECT_OPTIONS:
        element = {
            "type": "static_select",
            "action_id": INPUT_ACTION,
            "options": [option_object(c, c) for c in opt.choices],
        }
        placeholder = "Choose one"
    elif opt.kind is OptionKind.BOOLEAN:
        return {
            "type": "checkboxes",
            "action_id": INPUT_ACTION,
            "options": [option_object(clip(opt.help, 75) or "Yes", YES)],
        }
    elif opt.kind is OptionKind.INTEGER:
        element = {"type": "number_input", "action_id": INPUT_ACTION, "is_decimal_allowed": False}
    elif opt.kind is OptionKind.ATTACHMENT:
        return {"type": "file_input", "action_id": INPUT_ACTION, "max_files": 1}
    else:
        element = {"type": "plain_text_input", "action_id": INPUT_ACTION}
        limit = min(opt.max_length or 200, INPUT_MAX)
        element["max_length"] = limit
        if opt.greedy or opt.kind is OptionKind.LIST or limit > 200:
            element["multiline"] = True
    if placeholder:
        element["placeholder"] = plain(placeholder, PLACEHOLDER_TEXT)
    return element


def _input(opt: Option, initial: Any = None) -> dict[str, Any]:
    element = _element(opt)
    if isinstance(initial, str) and initial.strip():
        if element["type"] in ("external_select", "static_select"):
            element["initial_option"] = option_object(initial, initial)
        elif element["type"] == "plain_text_input":
            element["initial_value"] = initial[: element.get("max_length", INPUT_MAX)]
    block: dict[str, Any] = {
        "type": "input",
        "block_id": opt.name,
        "optional": not opt.required,
        "label": plain(_label(opt), LABEL_TEXT),
        "element": element,
    }
    if opt.help:
        block["hint"] = plain(opt.help, HINT_TEXT)
    return block


def build_modal(
    cmd: Command, ctx: ModalContext, initial: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The view for ``views.open``; ``initial`` fills in options already typed."""
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(f"/{ctx.path}", TITLE_TEXT),
        "submit": plain("Send", TITLE_TEXT),
        "close": plain("Cancel", TITLE_TEXT),
        "private_metadata": ctx.dump(),
        "blocks": [_input(opt, (initial or {}).get(opt.name)) for opt in cmd.options[:MAX_INPUTS]],
    }


def _list_items(text: str) -> tuple[str, ...]:
    parts = re.split(r"[\n|;]", text)
    return tuple(p.strip() for p in parts if p.strip())


def read_submission(cmd: Command, values: Mapping[str, Any]) -> dict[str, Any]:
    """The options of a submitted modal, keyed by option name (empty inputs left out)."""
    options: dict[str, Any] = {}
    for opt in cmd.options:
        state = values.get(opt.name)
        if not isinstance(state, Mapping):
            continue
        for element in state.values():
            if not isinstance(element, Mapping):
                continue
            value = _element_value(opt, element)
            if value is not None:
                options[opt.name] = value
    return options


def _element_value(opt: Option, element: Mapping[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("external_select", "static_select"):
        selected = element.get("selected_option")
        return selected.get("value") if isinstance(selected, Mapping) else None
    if kind == "checkboxes":
        chosen = element.get("selected_options") or []
        return any(isinstance(c, Mapping) and c.get("value") == YES for c in chosen)
    if kind == "file_input":
        # The uploaded file's description; the app turns it into a download.
        files = [f for f in element.get("files") or [] if isinstance(f, Mapping)]
        return files[0] if files else None
    raw = element.get("value")
    if not isinstance(raw, str) or not raw.strip():
        return None
    if opt.kind is OptionKind.LIST:
        return _list_items(raw)
    return raw


def error_block(cmd: Command, message: str, submitted: Mapping[str, Any] | None = None) -> str:
    """The input block an error message is about: the option it names in
    backticks, else the option whose submitted value it quotes, else the first
    required option."""
    inputs = cmd.options[:MAX_INPUTS]
    quoted: list[str] = [str(q).strip() for q in re.findall(r"`([^`]+)`", message)]
    names = {o.name for o in inputs}
    for word in quoted:
        if word in names:
            return word
    for opt in inputs:
        value = (submitted or {}).get(opt.name)
        if isinstance(value, str) and value.strip().lower() in {q.lower() for q in quoted}:
            return opt.name
    for opt in inputs:
        if opt.required:
            return opt.name
    return inputs[0].name if inputs else ""


def modal_errors(
    cmd: Command, message: str, submitted: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The ``errors`` of a ``response_action: errors`` answer."""
    block = error_block(cmd, message, submitted)
    return {block: clip(message.replace("`", ""), ERROR_TEXT)} if block else {}


def suggestion_options(suggestions: list[str], typed: str) -> list[dict[str, Any]]:
    """Options for an external menu; what was typed is offered too, so a title the
    store does not list can still be sent (the core matches it loosely)."""
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    typed = typed.strip()
    items = [*suggestions, typed] if typed else list(suggestions)
    for item in items:
        value = item[:150]
        if not value or value.lower() in seen:
            continue
        seen.add(value.lower())
        out.append(option_object(item, value))
        if len(out) >= SELECT_OPTIONS:
            break
    return out


def suggested_option(cmd: Command, action_id: str) -> Option | None:
    if not action_id.startswith(SUGGEST_PREFIX):
        return None
    return cmd.option(action_id[len(SUGGEST_PREFIX) :])
