"""Settings from a ``.env`` file: read by python-dotenv's rules, the environment winning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings, read_env_file


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('A="a b" # note', "a b"),
        ("A='a # b' # note", "a # b"),
        ("A=plain # note", "plain"),
        ("A=plain#not-a-comment", "plain#not-a-comment"),
        ('A="say \\"hi\\""', 'say "hi"'),
        ('export A="exported"', "exported"),
        ("A = spaced ", "spaced"),
        ('A="line one\\nline two"', "line one\nline two"),
        ("A=''", ""),
        ("A='$HOME stays'", "$HOME stays"),
    ],
)
def test_env_file_values_are_read_as_dotenv_reads_them(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = tmp_path / ".env"
    path.write_text(f"# a comment line\n\n{line}\nB=2\n", encoding="utf-8")
    values = read_env_file(path)
    assert values["A"] == expected
    assert values["B"] == "2"


def test_settings_take_quoted_values_and_the_environment_wins(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        'DISCORD_ADMIN_ROLE="Club Admin" # role name\n'
        "FILMCLUB_DB='data/my club.db'\n"
        "FILMCLUB_POLL_SIZE=4  # films per poll\n"
        "FILMCLUB_TIMEZONE=Europe/Paris\n",
        encoding="utf-8",
    )
    settings = Settings.from_env({"FILMCLUB_TIMEZONE": "Asia/Tokyo"}, env_file=str(path))
    assert settings.discord_admin_role == "Club Admin"
    assert settings.db_path == "data/my club.db"
    assert settings.poll_size == 4
    assert settings.timezone == "Asia/Tokyo"


def test_a_missing_env_file_gives_no_settings(tmp_path: Path) -> None:
    assert read_env_file(tmp_path / "absent.env") == {}
    # Read from the environment, the catalog is on unless switched off; a Settings
    # built in code keeps it off.
    settings = Settings.from_env({}, env_file=str(tmp_path / "absent.env"))
    assert settings == replace(Settings(), catalog=True)
