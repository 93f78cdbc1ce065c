"""The renderer keeps every reply within Discord's limits."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from adapters.discord.render import (
    EMPTY_REPLY,
    MAX_CONTENT,
    Outgoing,
    clip,
    render,
    safe_filename,
    send_kwargs,
    split_text,
)
from adapters.discord.views import ActionItem, build_view
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


def embed_size(embed: discord.Embed) -> int:
    data: dict[str, Any] = embed.to_dict()  # type: ignore[assignment]
    size = len(data.get("title", "")) + len(data.get("description", ""))
    size += sum(len(f["name"]) + len(f["value"]) for f in data.get("fields", []))
    size += len(data.get("footer", {}).get("text", ""))
    return size


def check_limits(message: Outgoing) -> None:
    assert message.content is None or 0 < len(message.content) <= MAX_CONTENT
    assert len(message.embeds) <= 10
    assert sum(embed_size(e) for e in message.embeds) <= 6000
    for embed in message.embeds:
        data: dict[str, Any] = embed.to_dict()  # type: ignore[assignment]
        assert len(data.get("title", "")) <= 256
        assert len(data.get("description", "")) <= 4096
        assert len(data.get("fields", [])) <= 25
        for f in data.get("fields", []):
            assert 0 < len(f["name"]) <= 256
            assert 0 < len(f["value"]) <= 1024
        assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(message.rows) <= 5
    for row in message.rows:
        if isinstance(row, Select):
            assert 1 <= len(row.options) <= 25
            assert 0 <= row.min_values <= row.max_values <= len(row.options)
        else:
            assert 1 <= len(row) <= 5
            assert all(len(b.label) <= 80 for b in row)


def test_split_text_prefers_boundaries() -> None:
    text = "First paragraph here.\n\nSecond one is a bit longer than that."
    assert split_text(text, 40) == [
        "First paragraph here.",
        "Second one is a bit longer than that.",
    ]
    words = "word " * 30
    chunks = split_text(words, 22)
    assert all(len(c) <= 22 for c in chunks)
    assert " ".join(chunks).split() == words.split()
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split_text("   ", 10) == []


def test_clip() -> None:
    assert clip("short", 10) == "short"
    assert clip("a long sentence", 8) == "a long…"
    assert len(clip("y" * 5000, 1024)) == 1024


def test_plain_reply_is_one_embed() -> None:
    (message,) = render(Reply(title="Her (2013)", text="Spike Jonze.", footer="Sources: x"))
    assert message.content is None and not message.ephemeral
    (embed,) = message.embeds
    assert embed.title == "Her (2013)"
    assert embed.description == "Spike Jonze."
    assert embed.footer.text == "Sources: x"


def test_error_is_ephemeral_content() -> None:
    (message,) = render(error_reply("Nope." * 1000))
    assert message.ephemeral
    assert message.embeds == []
    assert message.content is not None and len(message.content) == MAX_CONTENT
    check_limits(message)


def test_ephemeral_flag_carries() -> None:
    assert all(m.ephemeral for m in render(Reply(text="hi", ephemeral=True)))


def test_empty_reply_still_says_something() -> None:
    (message,) = render(Reply())
    assert message.content == EMPTY_REPLY


def test_quote_embed_keeps_attribution_when_trimmed() -> None:
    quote = Quote("Lovely. " * 2000, "Jane Critic", "Her", "The Paper", "https://example.org/r")
    (message,) = render(Reply(quote=quote, footer="Sources: The Paper"))
    (embed,) = message.embeds
    assert embed.description is not None
    assert len(embed.description) <= 4096
    assert embed.description.startswith("“Lovely.")
    assert "— Jane Critic, The Paper, on Her" in embed.description
    assert embed.description.endswith("https://example.org/r")
    check_limits(message)


def test_quote_markdown_is_escaped() -> None:
    quote = Quote("*so* _good_", None, "Her")
    (message,) = render(Reply(quote=quote))
    assert message.embeds[0].description is not None
    assert "\\*so\\*" in message.embeds[0].description


def test_long_text_splits_across_embeds_and_messages() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "words " * 300 for i in range(20))
    reply = Reply(title="T" * 300, text=text, footer="F" * 3000)
    messages = render(reply)
    assert len(messages) > 1
    for message in messages:
        check_limits(message)
    first = messages[0].embeds[0]
    assert first.title is not None and len(first.title) == 256 and first.title.endswith("…")
    descriptions = [e.description or "" for m in messages for e in m.embeds]
    joined = " ".join(descriptions)
    assert joined.split() == text.split()
    assert messages[-1].embeds[-1].footer.text is not None
    assert len(messages[-1].embeds[-1].footer.text) == 2048
    assert all(e.footer.text is None for m in messages for e in m.embeds[:-1])


def test_many_fields_fill_embeds_of_25() -> None:
    fields = tuple(Field(f"N{i}" * 200, "v" * 2000) for i in range(60))
    messages = render(Reply(title="Fields", fields=fields))
    for message in messages:
        check_limits(message)
    rendered = [f for m in messages for e in m.embeds for f in e.fields]
    assert len(rendered) == 60
    assert all(len(f.value or "") == 1024 for f in rendered)
    assert rendered[0].name is not None and rendered[0].name.startswith("N0")


def test_small_fields_pack_25_per_embed() -> None:
    fields = tuple(Field(f"n{i}", "v") for i in range(60))
    (message,) = render(Reply(fields=fields))
    assert [len(e.fields) for e in message.embeds] == [25, 25, 10]


def test_blank_field_parts_become_zero_width() -> None:
    (message,) = render(Reply(fields=(Field("", ""),)))
    field = message.embeds[0].fields[0]
    assert field.name == "\u200b" and field.value == "\u200b"


def test_more_than_ten_embeds_start_a_new_message() -> None:
    fields = tuple(Field(f"n{i}", "v") for i in range(25 * 12))
    messages = render(Reply(fields=fields))
    assert [len(m.embeds) for m in messages] == [10, 2]


def test_single_mode_trims_to_one_message() -> None:
    text = "words " * 5000
    (message,) = render(Reply(title="Poll", text=text, footer="foot"), single=True)
    check_limits(message)
    assert message.embeds[-1].footer.text == "foot"
    assert (message.embeds[-1].description or "").endswith("…")


def test_image_attached_to_last_embed() -> None:
    image = Image("scores: Her (2013).png", b"\x89PNG", "chart")
    (message,) = render(Reply(title="Scores", image=image, footer="src"))
    assert message.image is image
    assert message.filename == "scores_Her_2013_.png"
    assert message.embeds[-1].image.url == "attachment://scores_Her_2013_.png"
    (file,) = message.files()
    assert file.filename == "scores_Her_2013_.png"
    assert file.description == "chart"
    assert file.fp.read() == b"\x89PNG"
    (again,) = message.files()
    assert again.fp.read() == b"\x89PNG"


def test_image_alone_gets_an_embed() -> None:
    (message,) = render(Reply(image=Image("c.png", b"x")))
    assert len(message.embeds) == 1 and message.embeds[0].image.url == "attachment://c.png"


def test_safe_filename() -> None:
    assert safe_filename("chart") == "chart.png"
    assert safe_filename("../../etc/passwd.PNG") == "etc_passwd.PNG"
    assert safe_filename("★★★") == "image.png"


def test_buttons_fill_rows_of_five_and_keep_style() -> None:
    buttons = (
        *(Button(f"Film {i}", f"poll:vote:1:{i}", ButtonStyle.PRIMARY) for i in range(12)),
        Button("Close", "poll:close:1", ButtonStyle.DANGER),
    )
    (message,) = render(Reply(text="Vote", buttons=buttons))
    assert [len(r) for r in message.rows if not isinstance(r, Select)] == [5, 5, 3]
    check_limits(message)
    view = build_view(message.rows)
    assert view is not None and view.timeout is None
    rows = view.to_components()
    assert [len(r["components"]) for r in rows] == [5, 5, 3]
    styles = [c["style"] for r in rows for c in r["components"]]
    assert styles == [1] * 12 + [4]
    ids = [c["custom_id"] for r in rows for c in r["components"]]
    assert ids[0] == "poll:vote:1:0" and ids[-1] == "poll:close:1"
    assert all(isinstance(item, ActionItem) for item in view.children)
    assert view.is_persistent()


def test_too_many_components_overflow_to_another_message() -> None:
    buttons = tuple(Button(f"B{i}", f"a:{i}") for i in range(40))
    select = Select("a:sel", "Pick", tuple(SelectOption(f"o{i}", str(i)) for i in range(3)))
    messages = render(Reply(title="Lots", buttons=buttons, select=select))
    assert len(messages) == 2
    assert messages[0].embeds and not messages[1].embeds
    assert sum(len(m.rows) for m in messages) == 9
    for message in messages:
        check_limits(message)
    (single,) = render(Reply(title="Lots", buttons=buttons, select=select), single=True)
    assert len(single.rows) == 5


def test_components_bad_ids_dropped_and_labels_trimmed() -> None:
    buttons = (
        Button("L" * 200, "ok:1"),
        Button("dup", "ok:1"),
        Button("long id", "x" * 101),
        Button("", "ok:2"),
    )
    (message,) = render(Reply(text="t", buttons=buttons))
    (row,) = message.rows
    assert not isinstance(row, Select)
    assert [b.action_id for b in row] == ["ok:1", "ok:2"]
    assert len(row[0].label) == 80
    assert row[1].label == "…"


def test_select_is_clamped() -> None:
    options = tuple(SelectOption(f"Film {i}" * 30, str(i)) for i in range(40))
    select = Select("poll:rank:3", "P" * 300, options, min_values=0, max_values=99)
    (message,) = render(Reply(text="Rank", select=select))
    (row,) = message.rows
    assert isinstance(row, Select)
    assert len(row.options) == 25
    assert row.max_values == 25 and row.min_values == 0
    assert len(row.placeholder) == 150
    assert all(len(o.label) <= 100 for o in row.options)
    view = build_view(message.rows)
    assert view is not None
    (component,) = view.to_components()[0]["components"]
    assert component["type"] == 3 and component["max_values"] == 25


def test_select_without_usable_options_is_dropped() -> None:
    select = Select("s:1", "Pick", (SelectOption("a", "v" * 101),))
    (message,) = render(Reply(text="t", select=select))
    assert message.rows == []


@pytest.mark.parametrize("ephemeral", [True, False])
def test_send_kwargs(ephemeral: bool) -> None:
    (message,) = render(
        Reply(
            text="t", image=Image("a.png", b"x"), buttons=(Button("b", "b:1"),), ephemeral=ephemeral
        )
    )
    view = build_view(message.rows)
    kwargs = send_kwargs(message, view)
    assert set(kwargs) == {"embeds", "files", "view"}
    assert kwargs["view"] is view
    (plain,) = render(error_reply("bad"))
    assert send_kwargs(plain, None) == {"content": "bad"}
