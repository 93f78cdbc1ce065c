"""Text from a member, made safe to store and show: one place for every request.

Text that is not valid Unicode (lone surrogates, from a console reading bad
bytes or from ``\\udcff`` escapes in a platform's JSON) is refused. Invisible
characters that can disguise text (bidi overrides and isolates, zero-width
characters) are removed.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
BROKEN_TEXT = (
    "Your message has characters that are not valid text (a broken encoding), so I can't"
    " read it; nothing was saved. Please type it again."
)


def has_broken_text(value: Any) -> bool:
    """Whether a value (a string, or strings nested in tuples, lists and dicts) has
    lone surrogates."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, (tuple, list)):
        return any(has_broken_text(v) for v in value)
    if isinstance(value, dict):
        return any(has_broken_text(k) or has_broken_text(v) for k, v in value.items())
    return False


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters."""
    return _INVISIBLE.sub("", text)


def mend(text: str) -> str:
    """Names and ids from a platform: broken characters become U+FFFD rather than an error."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)
