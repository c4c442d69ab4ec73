"""SARIF 2.1.0 for GitHub and GitLab code scanning.

One run; ``tool.driver.rules`` lists every rule a result refers to (with help
text and, if a documentation URL is configured, a link). Each result carries
the file relative to the repository root (``%SRCROOT%``), the line, the BPMN
element as a logical location (qualified by its procedure), the procedure in the
result's properties, and the fingerprint ``prozess/v1`` used for baselines. Suppressed findings are kept with an in-source suppression and its
justification; with a baseline every result has a ``baselineState``.
"""

from __future__ import annotations

import json as _json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..findings import Severity
from ..report import Report, procedure_index
from .paths import relative

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _name(rule_id: str) -> str:
    """SARIF rule names are identifiers: legal/LB-BUND-X → LbBundX."""
    tail = rule_id.replace("/", "-").replace("_", "-")
    return "".join(part[:1].upper() + part[1:].lower() for part in tail.split("-") if part)


def render(report: Report, context) -> str:
    used = sorted({f.rule for f in report.findings})
    index = {rule: i for i, rule in enumerate(used)}
    rules = []
    for rule_id in used:
        info = report.rules.get(rule_id)
        entry: dict[str, Any] = {"id": rule_id, "name": _name(rule_id)}
        if info is not None:
            entry["shortDescription"] = {"text": info.title}
            entry["fullDescription"] = {"text": info.summary}
            entry["help"] = {"text": f"{info.summary} Dokumentation: {info.doc}"}
            entry["defaultConfiguration"] = {"level": _LEVEL[info.severity]}
            if context.docs_url:
                page, _, anchor = info.doc.partition("#")
                entry["helpUri"] = context.docs_url.rstrip("/") + "/" + page.replace(".md", ".html") + (
                    f"#{anchor}" if anchor else ""
                )
        rules.append(entry)
    owners = procedure_index(report)
    results = [_result(f, index, context, owners.get((f.file, f.process or ""))) for f in report.findings]
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
                "informationUri": "https://pypi.org/project/prozess/",
                "rules": rules,
            }
        },
        "invocations": [
            {"executionSuccessful": not report.unreadable, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return _json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _physical(path: str, line: int | None, context) -> dict[str, Any]:
    if os.path.isabs(path):  # outside the base: an absolute file URI, not one relative to %SRCROOT%
        artifact = {"uri": Path(path).as_uri()}
    else:
        artifact = {"uri": quote(relative(path, context.root)), "uriBaseId": "%SRCROOT%"}
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
