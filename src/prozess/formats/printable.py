"""Make text from models safe to print on a terminal or in a CI log.

Names come from files people download or receive. XML 1.0 already forbids
most C0 control characters, but allows C1 controls (U+0080–U+009F, of which
U+009B starts an escape sequence on some terminals) and bidirectional
overrides that can make a log line read differently from what it contains.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_NAME = 200


def printable(text: str | None, limit: int = MAX_NAME) -> str:
    """Replace control and bidi characters with U+FFFD, fold line breaks, cut to ``limit``."""
    if not text:
        return ""
    text = _UNSAFE.sub("\ufffd", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"
