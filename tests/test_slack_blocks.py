"""Block Kit rendering, modals and the manifest, without a network."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import blocks as bk
from adapters.slack import modals
from adapters.slack.manifest import (
    MANIFEST_PATH,
    checked_in_manifest,
    manifest,
    manifest_yaml,
    slash_commands,
    to_yaml,
)
from bot.commands.spec import Command, Option, OptionKind
from bot.messages import (
    Button,
    ButtonStyle,
    Field,
    Image,
    Quote,
    Reply,
    Select,
    SelectOption,
    error_reply,
)
from tests.slack_fake import assert_block_kit_limits, make_commands


def texts(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# --- text ---------------------------------------------------------------------------------


def test_markdown_becomes_mrkdwn_with_escaping() -> None:
    out = bk.to_mrkdwn("**Her** is *tender* & <odd> — see [the review](https://x.org/a?b=1)")
    assert out == "*Her* is _tender_ &amp; &lt;odd&gt; — see <https://x.org/a?b=1|the review>"


def test_code_spans_are_kept_verbatim() -> None:
    assert bk.to_mrkdwn("use `/rate **x**` now") == "use `/rate **x**` now"


def test_split_text_respects_limit_and_words() -> None:
    text = " ".join(f"word{i}" for i in range(3000))
    chunks = bk.split_text(text, 3000)
    assert len(chunks) > 1
    assert all(len(c) <= 3000 for c in chunks)
    assert " ".join(chunks).split() == text.split()


def test_split_text_never_cuts_a_link() -> None:
    link = "<https://example.org/some/long/path|a link with several words>"
    text = ("x " * 1480) + link + (" y" * 2000)
    for chunk in bk.split_text(text, 3000):
        assert chunk.count("<") == chunk.count(">")


def test_split_text_reopens_code_blocks() -> None:
    text = "```" + "\n".join(f"line {i}" for i in range(1000)) + "```"
    chunks = bk.split_text(text, 3000)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= 3000
        assert chunk.count("```") % 2 == 0


def test_unbreakable_text_is_hard_cut() -> None:
    chunks = bk.split_text("z" * 7000, 3000)
    assert "".join(chunks) == "z" * 7000
    assert all(len(c) <= 3000 for c in chunks)


# --- replies ---------------------------------------------------------------------------------


def test_full_reply_layout() -> None:
    reply = Reply(
        title="Her",
        text="A film.",
        fields=(Field("Year", "2013"), Field("Director", "Spike Jonze")),
        quote=Quote("Tender & strange.", "Dana", "Her", "The Reel", "https://e.org/r"),
        buttons=(Button("Vote", "poll:vote:1:0", ButtonStyle.PRIMARY), Button("No", "x:1")),
        footer="Sources: corpus",
    )
    [message] = bk.render(reply)
    types = [b["type"] for b in message.blocks]
    assert types == ["header", "section", "section", "rich_text", "context", "actions", "context"]
    header, text, fields, quote, credit, actions, footer = message.blocks
    assert header["text"] == {"type": "plain_text", "text": "Her", "emoji": True}
    assert text["text"]["text"] == "A film."
    assert [f["text"] for f in fields["fields"]] == ["*Year*\n2013", "*Director*\nSpike Jonze"]
    assert quote["elements"][0]["type"] == "rich_text_quote"
    assert quote["elements"][0]["elements"][0]["text"] == "Tender & strange."
    assert credit["elements"][0]["text"] == "— Dana, The Reel, on Her · <https://e.org/r|The Reel>"
    assert actions["elements"][0]["style"] == "primary"
    assert "style" not in actions["elements"][1]
    assert actions["elements"][0]["action_id"] == "poll:vote:1:0"
    assert footer["elements"][0]["text"] == "Sources: corpus"
    assert message.text == "Her — A film."
    assert_block_kit_limits(message.blocks)


def test_error_reply_is_marked() -> None:
    [message] = bk.render(error_reply("No film called `Hre`."))
    assert message.blocks[0]["text"]["text"] == ":warning: No film called `Hre`."


def test_empty_reply_renders_nothing() -> None:
    assert bk.render(Reply()) == []
    assert bk.render(Reply(image=Image("a.png", b"x"))) == []


def test_oversized_reply_is_split_within_every_limit() -> None:
    reply = Reply(
        title="T" * 400,
        text=("Lorem ipsum dolor sit amet. " * 120 + "\n\n") * 25,
        fields=tuple(Field(f"F{i}", "v" * (2600 if i % 5 == 0 else 30)) for i in range(45)),
        quote=Quote("q " * 4000, "A", "Her"),
        buttons=tuple(Button(f"Button {i} " + "b" * 100, f"poll:vote:9:{i}") for i in range(80)),
        select=Select(
            "poll:rank:9", "P" * 300, tuple(SelectOption("o" * 90, str(i)) for i in range(30))
        ),
        footer="f " * 2000,
    )
    messages = bk.render(reply)
    assert len(messages) >= 2
    for message in messages:
        assert_block_kit_limits(message.blocks)
        assert len(message.text) <= bk.FALLBACK_TEXT
    every = [b for m in messages for b in m.blocks]
    buttons = [e for b in every if b["type"] == "actions" for e in b["elements"]]
    assert [e["action_id"] for e in buttons if e["type"] == "button"] == [
        f"poll:vote:9:{i}" for i in range(80)
    ]
    fields = [f for b in every if b["type"] == "section" for f in b.get("fields", [])]
    long_sections = [
        b for b in every if b["type"] == "section" and "*F0*" in b.get("text", {}).get("text", "")
    ]
    assert len(fields) == 36 and long_sections
    assert every[0]["type"] == "header" and every[0]["text"]["text"].endswith("…")
    assert every[1]["text"]["text"].startswith("*TTTT")
    assert messages[-1].blocks[-1]["type"] == "context"
    assert [b["type"] for b in messages[-1].blocks][-2:] == ["actions", "context"]


def test_select_with_many_options_uses_groups() -> None:
    options = tuple(SelectOption(f"Film {i}", str(i)) for i in range(250))
    [message] = bk.render(Reply(select=Select("poll:rank:2", "Rank", options, max_values=3)))
    [element] = message.blocks[0]["elements"]
    assert element["type"] == "multi_static_select"
    assert element["max_selected_items"] == 3
    assert [len(g["options"]) for g in element["option_groups"]] == [100, 100, 50]
    assert element["option_groups"][2]["label"]["text"] == "201–250"
    assert_block_kit_limits(message.blocks)


def test_single_select_is_static() -> None:
    select = Select("poll:one:3", "Pick", (SelectOption("A", "a"), SelectOption("B", "b")))
    [message] = bk.render(Reply(select=select))
    element = message.blocks[0]["elements"][0]
    assert element["type"] == "static_select"
    assert "max_selected_items" not in element


def test_render_one_keeps_buttons_when_shortening() -> None:
    reply = Reply(
        title="Poll",
        text="\n\n".join("p" * 2900 for _ in range(70)),
        buttons=tuple(Button(f"B{i}", f"poll:vote:1:{i}") for i in range(30)),
        footer="Closes Friday",
    )
    message = bk.render_one(reply)
    assert_block_kit_limits(message.blocks)
    assert len(message.blocks) == 50
    kinds = [b["type"] for b in message.blocks]
    assert kinds[-3:] == ["actions", "actions", "context"]
    assert bk.SHORTENED in texts(message.blocks)
    ids = [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == [f"poll:vote:1:{i}" for i in range(30)]


def test_inline_false_field_gets_its_own_section() -> None:
    [message] = bk.render(Reply(fields=(Field("A", "1"), Field("Plot", "long", inline=False))))
    assert [("fields" in b, "text" in b) for b in message.blocks] == [(True, False), (False, True)]


# --- modals ----------------------------------------------------------------------------------


def test_rate_modal_from_the_declaration() -> None:
    rate = make_commands().resolve("rate")
    assert rate is not None and modals.wants_modal(rate)
    ctx = modals.ModalContext("rate", "C1", "https://hooks.example/r", "club")
    view = modals.build_modal(rate, ctx)
    assert view["callback_id"] == modals.CALLBACK_ID
    assert len(view["title"]["text"]) <= 24
    title, score, comment = view["blocks"]
    assert title["block_id"] == "title" and not title["optional"]
    assert title["element"]["type"] == "external_select"
    assert title["element"]["action_id"] == "filmclub-suggest:title"
    assert score["element"]["type"] == "plain_text_input"
    assert comment["optional"] and comment["element"]["multiline"]
    assert modals.ModalContext.load(view["private_metadata"]) == ctx


def test_modal_submission_and_errors() -> None:
    commands = make_commands()
    rate = commands.resolve("rate")
    assert rate is not None
    values = {
        "title": {
            "filmclub-suggest:title": {
                "type": "external_select",
                "selected_option": {"value": "Her"},
            }
        },
        "score": {"value": {"type": "plain_text_input", "value": "9"}},
        "comment": {"value": {"type": "plain_text_input", "value": None}},
    }
    assert modals.read_submission(rate, values) == {"title": "Her", "score": "9"}
    assert modals.modal_errors(rate, "`score` must be from 0 to 10, not `11`.") == {
        "score": "score must be from 0 to 10, not 11."
    }
    assert modals.modal_errors(rate, "No film matches.") == {"title": "No film matches."}
    submitted = {"title": "Her", "score": "11/10"}
    assert list(modals.modal_errors(rate, "`11/10` is not a score.", submitted)) == ["score"]
    start = commands.resolve("poll start")
    assert start is not None
    got = modals.read_submission(
        start, {"films": {"value": {"type": "plain_text_input", "value": "Her\nUp | Heat"}}}
    )
    assert got == {"films": ("Her", "Up", "Heat")}


def test_choice_boolean_integer_inputs() -> None:
    cmd = Command(
        "x",
        "x",
        (
            Option("mode", "mode", OptionKind.CHOICE, required=True, choices=("a", "b")),
            Option("anon", "stay anonymous", OptionKind.BOOLEAN),
            Option("n", "a number", OptionKind.INTEGER),
        ),
    )
    view = modals.build_modal(cmd, modals.ModalContext("x", "C"))
    kinds = [b["element"]["type"] for b in view["blocks"]]
    assert kinds == ["static_select", "checkboxes", "number_input"]
    values = {
        "mode": {"value": {"type": "static_select", "selected_option": {"value": "b"}}},
        "anon": {"value": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
        "n": {"value": {"type": "number_input", "value": "4"}},
    }
    assert modals.read_submission(cmd, values) == {"mode": "b", "anon": True, "n": "4"}


def test_suggestions_offer_what_was_typed() -> None:
    options = modals.suggestion_options(["Lost in Translation"], "lost in")
    assert [o["value"] for o in options] == ["Lost in Translation", "lost in"]
    many = modals.suggestion_options([f"Film {i}" for i in range(300)], "")
    assert len(many) == 100


# --- manifest --------------------------------------------------------------------------------


def parse_yaml(text: str) -> Any:
    """Parse the block-style YAML subset the generator emits (mappings, lists, scalars)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]

    def scalar(raw: str) -> Any:
        raw = raw.split("  # ", 1)[0].strip()
        if raw.startswith('"'):
            return json.loads(raw)
        if raw in ("true", "false"):
            return raw == "true"
        if raw == "[]":
            return []
        if raw == "{}":
            return {}
        return raw

    def block(i: int, indent: int) -> tuple[Any, int]:
        is_list = lines[i].strip().startswith("- ")
        result: Any = [] if is_list else {}
        while i < len(lines):
            line = lines[i]
            depth = len(line) - len(line.lstrip())
            if depth < indent:
                break
            content = line.strip()
            if is_list:
                item = content[2:].split("  # ", 1)[0]
                if ": " in item or item.endswith(":"):
                    lines[i] = " " * (indent + 2) + item
                    value, i = block(i, indent + 2)
                    result.append(value)
                else:
                    result.append(scalar(item))
                    i += 1
                continue
            key, _, rest = content.partition(":")
            rest = rest.strip()
            if rest:
                result[key] = scalar(rest)
                i += 1
            else:
                result[key], i = block(i + 1, indent + 2)
        return result, i

    return block(0, 0)[0]


def test_manifest_matches_the_declarations() -> None:
    commands = make_commands()
    data = manifest(commands, name="filmclub", request_url=None)
    entries = {e["command"]: e for e in data["features"]["slash_commands"]}
    assert set(entries) == {"/film", "/scores", "/rate", "/purge", "/big", "/poll", "/filmclub"}
    assert "/help" not in entries  # reachable as /filmclub help
    assert entries["/rate"]["usage_hint"] == "<title> <score> [comment]"
    assert entries["/poll"]["usage_hint"] == "start | rank"
    assert entries["/filmclub"]["usage_hint"].startswith("help | film | scores")
    assert all("url" not in e and e["should_escape"] is False for e in entries.values())
    assert data["oauth_config"]["scopes"]["bot"] == [
        "commands",
        "chat:write",
        "files:write",
        "users:read",
    ]
    assert data["settings"]["socket_mode_enabled"] is True
    assert data["settings"]["interactivity"] == {"is_enabled": True}
    assert slash_commands(commands)["/filmclub"] == ""


def test_http_manifest_and_admin_group_scope() -> None:
    url = "https://films.example.org/slack/events"
    data = manifest(make_commands(), name="filmclub", request_url=url, admin_group=True)
    assert data["settings"]["socket_mode_enabled"] is False
    assert data["settings"]["interactivity"] == {
        "is_enabled": True,
        "request_url": url,
        "message_menu_options_url": url,
    }
    assert all(e["url"] == url for e in data["features"]["slash_commands"])
    assert data["oauth_config"]["scopes"]["bot"][-1] == "usergroups:read"


@pytest.mark.parametrize("request_url", [None, "https://films.example.org/slack/events"])
def test_manifest_yaml_round_trips(request_url: str | None) -> None:
    commands = make_commands()
    text = manifest_yaml(commands, name="filmclub", request_url=request_url, admin_group=True)
    assert parse_yaml(text) == manifest(
        commands, name="filmclub", request_url=request_url, admin_group=True
    )
    assert "- chat:write  # post announcements" in text


def test_yaml_quotes_what_needs_quoting() -> None:
    data = {"a": "yes", "b": "x: y", "c": "#tag", "d": "[x]", "e": "plain words", "f": "é"}
    text = to_yaml(data)
    assert parse_yaml(text) == data
    assert "e: plain words" in text


def test_checked_in_manifest_is_current() -> None:
    from bot.commands import COMMANDS

    expected = checked_in_manifest(COMMANDS)
    assert MANIFEST_PATH.read_text(encoding="utf-8") == expected, (
        "adapters/slack/manifest.yml is stale: run `python -m adapters.slack`"
    )
