"""Findings: what every analysis produces and every output format renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from .frozen import fast_init
from .pickling import fast_pickle
from .registry import RuleInfo, Severity, kind_of

__all__ = ["Detail", "Finding", "RuleInfo", "Severity"]


class Detail(Protocol):
    """The typed facts of a finding; ``to_dict`` gives the keys the JSON report adds to the finding."""

    def to_dict(self) -> dict[str, Any]: ...


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
        """model, media_break, media_hint (a hint about the model, no break: consumers that count breaks
        count kind "media_break" only), legal, load, suppression, internal – from the registry."""
        return kind_of(self.rule)

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


fast_pickle(Finding)
fast_init(Finding)
