"""Errors a member can fix: they become a short error reply, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a request that cannot be met; the message is shown to the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
