"""JSON text for the reports: orjson where it is installed (a dependency; about three times faster on
large reports), else the standard library with the same bytes (UTF-8 text, no ASCII escapes)."""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - an environment that has no wheel for it
    orjson = None


def compact(value: Any) -> str:
    """No spaces: ``{"a":1,"b":[2]}``."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
        except TypeError:  # an integer beyond 64 bits and the like: the standard library knows them
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def indented(value: Any) -> str:
    """Two spaces per level, as ``json.dumps(value, indent=2)`` writes it."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)
