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


class StorageError(Exception):
    """The database could not do what was asked (disk full, read-only, I/O error, locked).

    ``message`` is fit to show a member ("Couldn't save: the database is out of
    space."); ``cause`` is the short reason alone ("the database is out of space").
    """

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause


class StoreClosedError(StorageError, RuntimeError):
    """The store is closed or closing: the bot is shutting down."""

    def __init__(self, action: str = "save") -> None:
        cause = "the bot is shutting down"
        super().__init__(f"Couldn't {action}: {cause}. Please try again in a moment.", cause)


class StoreOpenError(StorageError):
    """The database file cannot be opened; ``path`` names it."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"cannot open the database {path}: {cause}", cause)
        self.path = path
