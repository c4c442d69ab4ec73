"""Suppressions: a line in an element's documentation silences one rule there.

    prozess: ignore legal/LB-BUND-VWVFG-3A-SCHRIFTFORM — Fachrecht schließt § 3a VwVfG aus (Az. 12-3)

On a step it covers that step, on a process (its documentation) the whole
process. Several ids may be separated by commas; ``legal/`` may be left out.
A reason after a dash (—, – or --) is required: without one the directive is
not applied and reported. Directives naming an unknown rule and directives
that silence nothing are reported too. Suppressed findings are kept (marked,
with the reason) and never fail a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from .findings import Finding, RuleInfo, Severity
from .model import Definitions

DIRECTIVE = re.compile(
    r"^\s*prozess\s*:\s*ignore\s+(?P<ids>[\w/.-]+(?:\s*,\s*[\w/.-]+)*)\s*(?:(?:—|–|--)\s*(?P<reason>\S.*?))?\s*$",
    re.IGNORECASE | re.MULTILINE,
)

RULES = {
    info.id: info
    for info in (
        RuleInfo("suppression/missing-reason", "Unterdrückung ohne Begründung", Severity.WARNING,
                 "Eine Zeile „prozess: ignore …“ nennt keinen Grund und wird deshalb nicht angewandt.",
                 "ci.md#suppression-missing-reason"),
        RuleInfo("suppression/unknown-rule", "Unterdrückung einer unbekannten Regel", Severity.WARNING,
                 "Eine Zeile „prozess: ignore …“ nennt eine Regel, die es nicht gibt.",
                 "ci.md#suppression-unknown-rule"),
        RuleInfo("suppression/unused", "Unterdrückung ohne Wirkung", Severity.INFO,
                 "Eine Zeile „prozess: ignore …“ unterdrückt keinen Befund (mehr) und kann entfernt werden.",
                 "ci.md#suppression-unused"),
    )
}


@dataclass(frozen=True, slots=True)
class Directive:
    rules: tuple[str, ...]
    reason: str | None
    process: str
    element: str | None  # None: the whole process
    element_name: str | None
    line: int | None


def directives(definitions: Definitions) -> list[Directive]:
    found = []
    for process in definitions.processes:
        holders = [(None, process.name or None, process.documentation, process.line)]
        holders += [(n.id, n.name or None, n.documentation, n.line) for n in process.nodes if n.documentation]
        for element, name, text, line in holders:
            for match in DIRECTIVE.finditer(text or ""):
                ids = tuple(_normal(i) for i in match["ids"].split(","))
                found.append(Directive(ids, match["reason"], process.id, element, name, line))
    return found


def _normal(rule_id: str) -> str:
    rule_id = rule_id.strip()
    return f"legal/{rule_id}" if rule_id.startswith("LB-") else rule_id


def apply(
    findings: Iterable[Finding], definitions: Definitions, known_rules: set[str]
) -> list[Finding]:
    """Mark suppressed findings and add findings about the directives themselves."""
    findings = list(findings)
    marks = directives(definitions)
    if not marks:
        return findings
    path = definitions.path
    used: set[int] = set()
    extra: list[Finding] = []
    valid: list[tuple[int, Directive]] = []
    for index, d in enumerate(marks):
        shown = d.element or d.process
        if not d.reason:
            extra.append(Finding(
                "suppression/missing-reason", Severity.WARNING,
                f"„prozess: ignore {', '.join(d.rules)}“ ohne Begründung wird nicht angewandt; "
                "schreiben Sie den Grund nach einem Gedankenstrich: „— Grund“.",
                path, d.line, d.process, shown, d.element_name,
            ))
            continue
        unknown = [r for r in d.rules if r not in known_rules]
        for rule in unknown:
            extra.append(Finding(
                "suppression/unknown-rule", Severity.WARNING,
                f"„prozess: ignore {rule}“: eine Regel {rule} gibt es nicht.",
                path, d.line, d.process, shown, d.element_name,
            ))
        valid.append((index, d))
    result = []
    for finding in findings:
        for index, d in valid:
            if finding.process == d.process and finding.rule in d.rules and (
                d.element is None or finding.element == d.element
            ):
                finding = replace(finding, suppressed=d.reason)
                used.add(index)
                break
        result.append(finding)
    for index, d in valid:
        if index not in used and any(r in known_rules for r in d.rules):
            extra.append(Finding(
                "suppression/unused", Severity.INFO,
                f"„prozess: ignore {', '.join(d.rules)}“ unterdrückt keinen Befund und kann entfernt werden.",
                path, d.line, d.process, d.element or d.process, d.element_name,
            ))
    return result + extra
