"""SQLite's failures of the disk and the file, in words a member or an admin can act on.

Only faults of the storage itself are translated (out of space, read-only,
I/O errors, a lock held too long, a damaged file); a constraint or SQL error
is a bug and keeps its own exception and traceback.
"""

from __future__ import annotations

import errno
import sqlite3

from bot.errors import StorageError

# SQLite's primary result codes (the low byte of an extended code).
_CAUSES: dict[int, str] = {
    5: "the database stayed locked too long",  # SQLITE_BUSY
    6: "the database stayed locked too long",  # SQLITE_LOCKED
    8: "the database is read-only",  # SQLITE_READONLY
    9: "the bot is shutting down",  # SQLITE_INTERRUPT (only closing interrupts)
    10: "disk I/O error",  # SQLITE_IOERR
    11: "the database file is damaged",  # SQLITE_CORRUPT
    13: "the database is out of space",  # SQLITE_FULL
    14: "the file cannot be opened",  # SQLITE_CANTOPEN
    23: "permission denied",  # SQLITE_AUTH
    26: "the file is not a database",  # SQLITE_NOTADB
}
_OS_CAUSES: dict[int, str] = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.ENOTDIR: "a part of its path is a file, not a folder",
    errno.EEXIST: "a part of its path is a file, not a folder",
    errno.EISDIR: "it is a folder",
}


def storage_cause(exc: BaseException) -> str | None:
    """The short reason for a storage fault, or None when ``exc`` is not one."""
    if isinstance(exc, StorageError):
        return exc.cause
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            return _CAUSES.get(code & 0xFF)
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        return _OS_CAUSES.get(exc.errno, exc.strerror or None)
    return None


def as_storage_error(exc: BaseException, action: str) -> BaseException:
    """``exc`` as a :class:`StorageError` saying what could not be done, if it is a fault."""
    if isinstance(exc, StorageError):
        return exc
    cause = storage_cause(exc)
    if cause is None:
        return exc
    message = f"Couldn't {action}: {cause}."
    if action == "save":
        message += " Nothing was saved; please try again later."
    error = StorageError(message, cause)
    error.__cause__ = exc
    return error
