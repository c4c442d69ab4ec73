"""Output formats. Each one renders a finished :class:`~prozess.report.Report`; none analyses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..findings import Severity
from ..report import Report
from . import github, gitlab, json, junit, markdown, sarif, text


@dataclass(frozen=True, slots=True)
class RenderContext:
    fail_on: Severity | None = Severity.ERROR  # None: never fail
    root: str | None = None  # repository root; SARIF and GitHub paths are relative to it
    docs_url: str | None = None  # base URL of the documentation site, for help links
    include_suppressed: bool = False  # SARIF: also results that are suppressed or unchanged in the baseline
    min_level: Severity | None = None  # SARIF/GitLab: only results at or above this severity
    automation_id: str = "prozess/"  # SARIF runAutomationDetails.id; one per --shard


# formats that can also be written piece by piece
STREAMS = {"json": json.stream}

FORMATS: dict[str, Callable[[Report, RenderContext], str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
    "gitlab": gitlab.render,
}
