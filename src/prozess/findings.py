"""Findings: what every analysis produces and every output format renders."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Mapping, Protocol

from .pickling import fast_pickle


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


class Detail(Protocol):
    """The typed facts of a finding; ``to_dict`` gives the keys the JSON report adds to the finding."""

    def to_dict(self) -> dict[str, Any]: ...


# media findings that are hints about the model, not media breaks: consumers that count
# breaks count kind "media_break" only (report schema prozess.report/v2)
HINT_RULES = frozenset({"media/unknown-medium", "media/invalid-annotation"})


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable id, "model/…", "media/…", "legal/…", "load/…"
    severity: Severity
    message: str  # one German sentence; location is carried separately
    file: str
    line: int | None = None
    process: str | None = None
    element: str | None = None
    element_name: str | None = None
    detail: Detail | None = None  # typed facts of the kind: verdict.LegalVerdict, breaks.MediaBreak, …
    suppressed: str | None = None  # the reason given in a `prozess: ignore` directive
    baseline: str | None = None  # "new" or "unchanged" when a baseline was given
    fingerprint: str = ""  # stable identity for baselines and SARIF (see baseline.py)

    @property
    def data(self) -> Mapping[str, Any]:
        """The details as the JSON report writes them (a fresh dict; code reads ``detail``)."""
        return self.detail.to_dict() if self.detail is not None else {}

    @property
    def active(self) -> bool:
        """Counts for the exit code and is shown: neither suppressed nor already in the baseline."""
        return self.suppressed is None and self.baseline != "unchanged"

    @property
    def kind(self) -> str:
        if self.rule in HINT_RULES:
            return "media_hint"
        prefix = self.rule.split("/", 1)[0]
        return {
            "media": "media_break", "legal": "legal", "load": "load", "suppression": "suppression",
            "internal": "internal",
        }.get(prefix, "model")

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.rule, self.element or "")

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "process": self.process,
            "element": self.element,
            "element_name": self.element_name,
        }
        for key, value in self.data.items():
            result.setdefault(key, value)
        if self.fingerprint:
            result["fingerprint"] = self.fingerprint
        if self.suppressed is not None:
            result["suppressed"] = {"kind": "inSource", "reason": self.suppressed}
        if self.baseline is not None:
            result["baseline"] = self.baseline
        return result


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Documentation of a built-in rule (model checks, media-break patterns)."""

    id: str
    title: str  # German, short
    severity: Severity
    summary: str  # German: what it detects, one sentence
    doc: str  # path of the documentation page below docs/, e.g. "regeln/model.md#unreachable"


fast_pickle(Finding)
