"""GitLab Code Quality (CodeClimate JSON): the findings in the merge-request widget.

    prozess check -f gitlab -o gl-code-quality-report.json     # artifacts: reports: codequality

One issue per active finding (neither suppressed nor already in the baseline), with the same
fingerprint as baselines and SARIF, so GitLab follows a finding across commits; the path is
relative to the repository root. Severities: error → major (legal hard blockers: critical),
warning → minor, info → info.
"""

from __future__ import annotations

import hashlib

from ..findings import Severity
from ..legal.verdict import LegalVerdict, Verdict
from ..report import Report
from .jsontext import indented
from .paths import relative
from .sarif import selected

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, context) -> str:
    issues = []
    for finding in selected(report, context):
        if not finding.active:
            continue
        severity = _SEVERITY[finding.severity]
        legal = finding.detail if isinstance(finding.detail, LegalVerdict) else None
        if legal is not None and legal.verdict in (Verdict.HARD, Verdict.UNLAWFUL_PAPER) and finding.severity is Severity.ERROR:
            severity = "critical"
        element = f" [{finding.element_name or finding.element}]" if finding.element else ""
        issues.append({
            "description": f"{finding.message}{element}",
            "check_name": finding.rule,
            "fingerprint": finding.fingerprint,
            "severity": severity,
            "location": {"path": relative(finding.file), "lines": {"begin": finding.line or 1}},
        })
    for file in report.files:
        if file.error is not None:
            issues.append({
                "description": f"Datei nicht lesbar: {file.error.message}",
                "check_name": "load/error",
                "fingerprint": hashlib.sha256(f"load/error|{file.path}".encode()).hexdigest()[:16],
                "severity": "blocker",
                "location": {"path": relative(file.path), "lines": {"begin": file.error.line or 1}},
            })
    return indented(issues) + "\n"
