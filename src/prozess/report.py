"""The result of one run: files, processes, findings, summary, exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .bpmn.loader import LoadError
from .bpmn.model import Definitions, Process
from .findings import Finding, RuleInfo, Severity
from .pickling import fast_pickle

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
INTERNAL_ERROR = "internal/error"  # a defect in prozess itself, reported at the process it hit


@dataclass(frozen=True, slots=True)
class ProcessReport:
    process: Process
    steps: tuple[Mapping[str, Any], ...] = ()  # per-step facts added by analyses (medium, evidence)
    facts: Mapping[str, Any] = field(default_factory=dict)  # process-level facts
    media: Any = None  # prozess.media.inference.ProcessMedia, for renderers that need more than the facts
    readiness: Any = None  # prozess.readiness.Readiness


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    error: LoadError | None
    recovered: bool = False
    definitions: Definitions | None = None
    processes: tuple[ProcessReport, ...] = ()
    procedures: tuple[Any, ...] = ()  # prozess.procedures.Procedure: the pools linked by message flows

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def missing(self) -> bool:
        """The input is not there (a usage error), as opposed to a model that cannot be read."""
        return self.error is not None and self.definitions is None and self.error.message in _MISSING


_MISSING = ("no such file or directory", "is a directory without BPMN files",
            "a symbolic link that leads nowhere or to itself (a loop)")


@dataclass(frozen=True, slots=True)
class Report:
    tool_version: str
    files: tuple[FileReport, ...]
    findings: tuple[Finding, ...]
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)  # every rule that could fire in this run
    fixed: tuple[dict, ...] = ()  # baseline entries no finding matches any more

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings that are neither suppressed nor already in the baseline."""
        return tuple(f for f in self.findings if f.active)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.active)

    @property
    def unreadable(self) -> tuple[FileReport, ...]:
        return tuple(f for f in self.files if not f.ok)

    @property
    def process_count(self) -> int:
        return sum(len(f.processes) for f in self.files)

    @property
    def procedure_count(self) -> int:
        return sum(len(f.procedures) for f in self.files)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "processes": self.process_count,
            "procedures": self.procedure_count,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "unreadable_files": len(self.unreadable),
            "suppressed": sum(1 for f in self.findings if f.suppressed is not None),
            "baseline_unchanged": sum(1 for f in self.findings if f.baseline == "unchanged"),
            "baseline_fixed": len(self.fixed),
        }

    def exit_code(self, fail_on: Severity | None) -> int:
        """2 if a named input does not exist or prozess itself failed; 1 if a finding reaches ``fail_on``
        (a model that cannot be read counts as an error-level finding); else 0."""
        if any(f.missing for f in self.files) or any(f.rule == INTERNAL_ERROR for f in self.findings):
            return EXIT_INPUT
        if fail_on is not None and (
            any(f.severity >= fail_on for f in self.active) or (self.unreadable and fail_on <= Severity.ERROR)
        ):
            return EXIT_FINDINGS
        return EXIT_OK


def procedure_index(report: Report) -> dict[tuple[str, str], Any]:
    """(file, process id) → the procedure that process belongs to (prozess.procedures.Procedure)."""
    index: dict[tuple[str, str], Any] = {}
    for file in report.files:
        for procedure in file.procedures:
            for pool in procedure.pools:
                if pool.process:
                    index[(file.path, pool.process)] = procedure
    return index


fast_pickle(ProcessReport, FileReport)
