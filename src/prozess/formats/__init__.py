"""Output formats. Each one renders a finished :class:`~prozess.report.Report`; none analyses."""

from __future__ import annotations

from typing import Callable

from ..report import Report
from . import json, text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json.render,
}
