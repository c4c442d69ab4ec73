"""The Python API for library users: read, load, analyse and check BPMN models; load rule bases.

Everything here is also available as ``prozess.<name>`` (see ``prozess/__init__.py``)::

    import prozess

    analysis = prozess.analyse("processes/wohngeld.bpmn")
    for p in analysis.processes:
        print(p.process.display_name, p.readiness.label)

Bad input never raises from ``read``, ``analyse`` and ``check`` (the error is part of the
result, as for the command line); ``load`` and ``load_rules`` raise a ``prozess.ProzessError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from .bpmn.loader import LoadResult, load_file
from .bpmn.model import Definitions
from .check import Options, analyse as _analyse_result, check_paths
from .errors import BpmnError, RuleBaseError
from .findings import Finding
from .legal.rules import RuleBase, default_rule_dir, load_rulebase
from .report import FileReport, ProcessReport, Report

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Analysis:
    """One analysed file: its report (processes with media and readiness, procedures) and its findings."""

    file: FileReport
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """The file was read (cleanly or by recovery) and analysed."""
        return self.file.definitions is not None

    @property
    def processes(self) -> tuple[ProcessReport, ...]:
        return self.file.processes

    @property
    def procedures(self) -> tuple:
        """prozess.procedures.Procedure: pools linked by message flows, each with identity and readiness."""
        return self.file.procedures


def read(path: PathLike) -> LoadResult:
    """Read one BPMN (or FIM/XProzess) file. Never raises for bad input: see ``result.error``."""
    return load_file(path, str(path))


def load(path: PathLike) -> Definitions:
    """Read one BPMN file; raises ``prozess.BpmnError`` (message, path, line, column) if it cannot."""
    result = read(path)
    if result.definitions is None or result.error is not None:
        error = result.error
        raise BpmnError(error.message if error else "cannot be read", str(path),
                        error.line if error else None, error.column if error else None)
    return result.definitions


def load_rules(*directories: PathLike, shipped: bool = True) -> RuleBase:
    """The shipped rule base with further layers (a folder or a YAML file each), in order.

    Raises ``prozess.RuleBaseError`` with every located problem if a layer has errors.
    """
    layers = ([default_rule_dir()] if shipped else []) + [Path(d) for d in directories]
    base = load_rulebase(layers)
    if not base.ok:
        raise RuleBaseError(p for p in base.problems if p.severity == "error")
    return base


def analyse(
    model: PathLike | LoadResult,
    *,
    jurisdiction: str | None = None,
    on: date | None = None,
    rules: RuleBase | None = None,
    legal: bool = True,
) -> Analysis:
    """Analyse one file (a path or a ``read`` result): media, breaks, legal findings, readiness, procedures."""
    result = model if isinstance(model, LoadResult) else read(model)
    options = Options(jurisdiction=jurisdiction, on=on, rulebase=rules, legal=legal)
    file_report, findings = _analyse_result(result, options)
    return Analysis(file_report, tuple(findings))


def check(paths: Iterable[PathLike], options: Options | None = None) -> Report:
    """What CI runs: every BPMN file named or found below ``paths``; one ``Report``.

    ``report.exit_code(prozess.Severity.WARNING)`` gives the command line's exit code.
    """
    return check_paths(list(paths), options or Options())
