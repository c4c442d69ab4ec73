"""Suppressions: a line in an element's documentation silences one rule there.

    prozess: ignore legal/LB-BUND-VWVFG-3A-SCHRIFTFORM — Fachrecht schließt § 3a VwVfG aus (Az. 12-3)

On a step it covers that step, on a process (its documentation) the whole
process. Several ids may be separated by commas; ``legal/`` may be left out.
A reason is required, after a dash (—, –, -- or a single - between spaces), a
colon, or in parentheses: without one the directive is not applied and reported.
A line that begins "prozess: ignore" but cannot be read is reported too, and
directives in rich-text documentation (HTML, as some modellers store it) count. Directives naming an unknown rule and directives
that silence nothing are reported too. Suppressed findings are kept (marked,
with the reason) and never fail a run.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Iterable

from .bpmn.model import Definitions
from .findings import Finding
from .registry import of_kind

DIRECTIVE = re.compile(
    r"^\s*prozess\s*:\s*ignore\s+(?P<ids>[\w/.]+(?:-[\w/.]+)*(?:\s*,\s*[\w/.]+(?:-[\w/.]+)*)*)\s*"
    r"(?:(?:—|–|--|-(?=\s)|:)\s*(?P<reason>\S.*?)|\((?P<paren>[^)]*\S[^)]*)\))?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ATTEMPT = re.compile(r"^\s*prozess\s*:\s*ignore\b.*$", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"<[^>]*>")

RULES = of_kind("suppression")


@dataclass(frozen=True, slots=True)
class Directive:
    rules: tuple[str, ...]
    reason: str | None
    process: str
    element: str | None  # None: the whole process
    element_name: str | None
    line: int | None
    text: str = ""  # the line as written, for a malformed one
    malformed: bool = False


def _plain(text: str) -> str:
    """Documentation as text: rich-text exports keep it as (escaped) HTML."""
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub("\n", html.unescape(text)))
    return text


def directives(definitions: Definitions) -> list[Directive]:
    found = []
    for process in definitions.processes:
        holders = [(None, process.name or None, process.documentation, process.line)]
        holders += [(n.id, n.name or None, n.documentation, n.line) for n in process.nodes if n.documentation]
        for element, name, text, line in holders:
            if not text or "ignore" not in text.casefold():
                continue
            text = _plain(text)
            for attempt in _ATTEMPT.finditer(text):
                match = DIRECTIVE.fullmatch(attempt.group(0))
                if match is None:
                    found.append(Directive((), None, process.id, element, name, line, attempt.group(0).strip(), True))
                    continue
                ids = tuple(_normal(i) for i in match["ids"].split(","))
                found.append(Directive(ids, match["reason"] or match["paren"], process.id, element, name, line))
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

    def about(d: Directive, rule: str, message: str) -> Finding:
        """A finding about the directive itself, at its line and element (severity from the registry)."""
        return Finding(rule, RULES[rule].severity, message, path, d.line, d.process, d.element or d.process,
                       d.element_name)

    for index, d in enumerate(marks):
        if d.malformed:
            extra.append(about(
                d, "suppression/malformed",
                f"„{d.text[:80]}“ lässt sich nicht lesen und wirkt nicht; Form: "
                "„prozess: ignore REGEL — Grund“ (mehrere Regeln mit Komma).",
            ))
            continue
        if not d.reason:
            extra.append(about(
                d, "suppression/missing-reason",
                f"„prozess: ignore {', '.join(d.rules)}“ ohne Begründung wird nicht angewandt; "
                "schreiben Sie den Grund nach einem Gedankenstrich: „— Grund“.",
            ))
            continue
        for rule in (r for r in d.rules if r not in known_rules):
            extra.append(about(
                d, "suppression/unknown-rule", f"„prozess: ignore {rule}“: eine Regel {rule} gibt es nicht.",
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
            extra.append(about(
                d, "suppression/unused",
                f"„prozess: ignore {', '.join(d.rules)}“ unterdrückt keinen Befund und kann entfernt werden.",
            ))
    return result + extra
