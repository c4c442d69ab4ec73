"""The pipeline: find files, load each, analyse it, collect one :class:`Report`.

Each file is analysed on its own; a broken file never affects the others.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .findings import Finding, Severity
from .loader import MODEL, Limits, LoadError, LoadResult, is_bpmn_candidate, load_file
from .breaks import detect as detect_breaks
from .lexicon import Lexicon, default_lexicon
from .match import Matcher, legal_findings
from .media import ProcessMedia, infer
from .rules import RuleBase, default_rule_dir, load_rulebase
from .model import Definitions, Process
from .quality import check_definitions
from .report import INTERNAL_ERROR, FileReport, ProcessReport, Report

_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Options:
    limits: Limits = Limits()
    lexicon: Lexicon | None = None  # None: the shipped lexicon
    rulebase: RuleBase | None = None  # None: the shipped legal rules
    legal: bool = True
    jurisdiction: str | None = None  # e.g. "DE-NI"; a process may declare its own
    on: date | None = None  # the day the law is applied for; None: today

    @property
    def terms(self) -> Lexicon:
        return self.lexicon or default_lexicon()

    @property
    def rules(self) -> RuleBase:
        return self.rulebase or default_rulebase()

    @property
    def day(self) -> date:
        return self.on or date.today()


_DEFAULT_RULES: list[RuleBase] = []
_MATCHERS: dict[int, Matcher] = {}


def default_rulebase() -> RuleBase:
    if not _DEFAULT_RULES:
        _DEFAULT_RULES.append(load_rulebase([default_rule_dir()], base=default_rule_dir().resolve().parent))
    return _DEFAULT_RULES[0]


def matcher_for(rulebase: RuleBase) -> Matcher:
    key = id(rulebase)
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(rulebase.rules)
    return _MATCHERS[key]


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str]]:
    """Yield (path, display path) for every BPMN file named or found below the given paths.

    Files named explicitly are always taken. In folders, ``.bpmn``/``.bpmn2``/
    ``.bpmn20.xml`` files are taken, and ``.xml`` files only if they declare the
    BPMN 2.0 model namespace near their start. A path that does not exist is
    yielded as is, so the caller reports it as an unreadable input.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and is_bpmn_candidate(p) and _looks_like_bpmn(p)
            )
            found = found or [path]  # reported as "a directory without BPMN files"
        else:
            found = [path]
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                yield item, display_path(item)


def display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _looks_like_bpmn(path: Path) -> bool:
    if not path.name.lower().endswith(".xml") or path.name.lower().endswith(".bpmn20.xml"):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # let the loader report why it cannot be read
    return MODEL.encode() in head


def check_file(path: Path, shown: str, options: Options = Options()) -> tuple[FileReport, list[Finding]]:
    if not path.exists():
        return FileReport(shown, LoadError("no such file or directory")), []
    if path.is_dir():
        return FileReport(shown, LoadError("is a directory without BPMN files")), []
    result = load_file(path, shown, options.limits)
    return analyse(result, options)


def analyse(result: LoadResult, options: Options = Options()) -> tuple[FileReport, list[Finding]]:
    definitions = result.definitions
    if definitions is None:
        return FileReport(result.path, result.error, result.recovered), []
    findings: list[Finding] = []
    if result.recovered and result.error is not None:
        findings.append(
            Finding(
                "load/recovered", Severity.WARNING,
                "Die Datei ist kein wohlgeformtes XML; die Ergebnisse stammen aus einer "
                f"fehlertoleranten Lesung und können unvollständig sein ({result.error.message}).",
                result.path, result.error.line,
            )
        )
    findings.extend(check_definitions(definitions))
    processes = []
    for process in definitions.processes:
        try:
            media = infer(process, definitions, options.terms)
            process_findings = list(detect_breaks(process, definitions, media))
            if options.legal:
                matcher = matcher_for(options.rules)
                process_findings.extend(
                    legal_findings(process, definitions, media, matcher, options.jurisdiction, options.day)
                )
        except Exception as exc:  # noqa: BLE001 - a defect in one analysis must not lose other results
            findings.append(
                Finding(
                    INTERNAL_ERROR, Severity.ERROR,
                    f"Interner Fehler bei der Analyse dieses Prozesses ({type(exc).__name__}: {exc}); "
                    "bitte melden Sie ihn mit der Datei.",
                    result.path, process.line, process.id, process.id, process.name or None,
                )
            )
            processes.append(ProcessReport(process))
            continue
        findings.extend(process_findings)
        processes.append(_process_report(process, media))
    return (
        FileReport(result.path, result.error, result.recovered, definitions, tuple(processes)),
        findings,
    )


def _process_report(process: Process, media: ProcessMedia) -> ProcessReport:
    steps = tuple(
        {
            "medium": media.steps[n.id].medium.value,
            "evidence": list(media.steps[n.id].evidence),
            "medium_source": media.steps[n.id].source,
            "conversion": media.steps[n.id].conversion,
        }
        for n in process.nodes
    )
    facts = {
        "intake_medium": media.intake.value,
        "digital_intake": media.digital_intake,
        "digital_mailbox": media.digital_mailbox,
        "media_counts": media.counts,
    }
    return ProcessReport(process, steps, facts, media)


def check_paths(paths: Iterable[str | os.PathLike[str]], options: Options = Options()) -> Report:
    files: list[FileReport] = []
    findings: list[Finding] = []
    # The model is a large number of small acyclic objects: pausing the cyclic garbage
    # collector while building it saves about a fifth of the run time and no memory.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path, shown in discover(paths):
            file_report, file_findings = check_file(path, shown, options)
            files.append(file_report)
            findings.extend(file_findings)
    finally:
        if collecting:
            gc.enable()
    findings.sort(key=Finding.sort_key)
    return Report(__version__, tuple(files), tuple(findings))
