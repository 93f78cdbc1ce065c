"""Errors a member can fix: they become a short error reply, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a request that cannot be met; the message is shown to the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownTitle(UserError):
    """No film or option goes by the words given."""


class AmbiguousTitle(UserError):
    """The words given name several films or options; the message lists them."""
