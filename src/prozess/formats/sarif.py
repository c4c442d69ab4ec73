"""SARIF 2.1.0 for GitHub and GitLab code scanning.

One run; ``tool.driver.rules`` lists every rule a result refers to (with help
text and, if a documentation URL is configured, a link). Each result carries
the file relative to the repository root (``%SRCROOT%``), the line, the BPMN
element as a logical location (qualified by its procedure), the procedure in the
result's properties, and the fingerprint ``prozess/v1`` used for baselines. Suppressed findings and findings already in the baseline are left out
(GitHub ignores ``suppressions`` and ``baselineState`` and would open them as alerts);
``--sarif-include-suppressed`` keeps them, marked. ``automationDetails.id`` differs per
``--shard``, so the analyses of a matrix do not replace each other.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..findings import RuleInfo, Severity
from ..report import Report, procedure_index
from .jsontext import indented
from .paths import outside, relative

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _name(rule_id: str) -> str:
    """SARIF rule names are identifiers: legal/LB-BUND-X → LbBundX."""
    tail = rule_id.replace("/", "-").replace("_", "-")
    return "".join(part[:1].upper() + part[1:].lower() for part in tail.split("-") if part)


GITHUB_SHOWN = 5_000  # GitHub code scanning shows the top 5,000 results of a run
GITHUB_LIMIT = 25_000  # and rejects a run with more


def selected(report: Report, context) -> list:
    """The findings SARIF (and GitLab) report: by default neither suppressed ones nor those already in
    the baseline (code scanning ignores those properties and would open them as alerts)."""
    findings = [f for f in report.findings if context.include_suppressed or f.active]
    if context.min_level is not None:
        findings = [f for f in findings if f.severity >= context.min_level]
    return findings


def help_uri(info, docs_url: str | None) -> str | None:
    """Where the site built by ``prozess site build`` documents the rule (its handbook is below handbuch/)."""
    if not docs_url:
        return None
    page, _, anchor = info.doc.partition("#")
    return docs_url.rstrip("/") + "/handbuch/" + page.replace(".md", ".html") + (f"#{anchor}" if anchor else "")


def render(report: Report, context) -> str:
    findings = selected(report, context)
    used = sorted({f.rule for f in findings})
    index = {rule: i for i, rule in enumerate(used)}
    rules = []
    for rule_id in used:
        info = report.rules.get(rule_id)
        entry: dict[str, Any] = {"id": rule_id, "name": _name(rule_id)}
        if info is None:
            info = RuleInfo(rule_id, rule_id, Severity.WARNING, f"Regel {rule_id}", "regelwerk/referenz.md")
        entry["shortDescription"] = {"text": info.title}
        entry["fullDescription"] = {"text": info.summary}
        entry["help"] = {"text": f"{info.summary} Dokumentation: {info.doc}",
                         "markdown": f"{info.summary}\n\nDokumentation: `docs/{info.doc}`"}
        entry["defaultConfiguration"] = {"level": _LEVEL[info.severity]}
        entry["properties"] = {"tags": [rule_id.split("/", 1)[0]], "precision": "medium",
                               "problem.severity": {"error": "error", "warning": "warning"}.get(info.severity.label, "recommendation")}
        uri = help_uri(info, context.docs_url)
        if uri:
            entry["helpUri"] = uri
        rules.append(entry)
    owners = procedure_index(report)
    results = [_result(f, index, context, owners.get((f.file, f.process or ""))) for f in findings]
    if len(results) > GITHUB_SHOWN:
        print(
            f"prozess: the SARIF report has {len(results):,} results; GitHub code scanning shows only "
            f"{GITHUB_SHOWN:,} and rejects more than {GITHUB_LIMIT:,} per run (filter with --sarif-level warning)",
            file=sys.stderr,
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{file.path}: {file.error.message}"},
            "locations": [{"physicalLocation": _physical(file.path, file.error.line, context)}],
        }
        for file in report.files
        if file.error is not None
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "prozess",
                "version": report.tool_version,
                "rules": rules,
            }
        },
        "invocations": [
            {"executionSuccessful": not report.unreadable, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "automationDetails": {"id": context.automation_id},
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return indented(document) + "\n"


def _physical(path: str, line: int | None, context) -> dict[str, Any]:
    if outside(path):  # outside the base: an absolute file URI, not one relative to %SRCROOT%
        absolute = Path(path) if os.path.isabs(path) else Path(context.root or os.getcwd()) / path
        artifact = {"uri": Path(os.path.normpath(absolute)).as_uri()}
    else:
        artifact = {"uri": quote(relative(path)), "uriBaseId": "%SRCROOT%"}
    location: dict[str, Any] = {"artifactLocation": artifact}
    if line:
        location["region"] = {"startLine": line}
    return location


def _result(finding, index: dict[str, int], context, procedure=None) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": _physical(finding.file, finding.line, context)}
    if finding.element:
        qualified = f"{finding.process}/{finding.element}" if finding.process else finding.element
        if procedure is not None and procedure.id != finding.process:
            qualified = f"{procedure.id}/{qualified}"
        location["logicalLocations"] = [{"name": finding.element, "fullyQualifiedName": qualified, "kind": "element"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message + (f" ({finding.element_name})" if finding.element_name else "")},
        "locations": [location],
        "partialFingerprints": {"prozess/v1": finding.fingerprint},
    }
    if procedure is not None:
        result["properties"] = {"procedure": procedure.id, "procedureName": procedure.name}
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    if finding.baseline is not None:
        result["baselineState"] = finding.baseline
    return result
