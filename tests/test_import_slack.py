"""/import on Slack: a modal with a file input, the file downloaded with the bot token."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.slack.manifest import manifest_yaml
from bot.app import App
from bot.commands import COMMANDS
from tests.slack_fake import FakeSlack, running, view_submission_payload

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


async def test_import_an_uploaded_file_through_the_slack_modal(
    tmp_path: Path, fake: FakeSlack, loaded_app: App
) -> None:
    async with running(tmp_path, fake, dispatcher=loaded_app.dispatcher) as h:
        await h.slash("/import", "")
        view = {**(await h.fake.api("views.open")).data["view"], "id": "V0001"}
        [block] = view["blocks"]
        assert block["element"]["type"] == "file_input"
        data = (EXPORTS / "imdb-ratings.csv").read_bytes()
        upload = h.fake.private_file("ratings.csv", data)
        status, body = await h.interact(view_submission_payload(view, {"file": ("file", upload)}))
        assert (status, body) == (200, "")
        done = (await h.fake.response(where=lambda r: r.name == "r1")).data
        assert "IMDb ratings: 4 rows read — 1 imported" in json.dumps(done, ensure_ascii=False)
    manifest = manifest_yaml(COMMANDS, name="filmclub", request_url=None, admin_group=False)
    assert "files:read" in manifest
