"""Human-readable output for terminals and CI logs."""

from __future__ import annotations

from ..report import Report
from .printable import printable


def render(report: Report, context=None) -> str:
    lines: list[str] = []
    for file in report.files:
        if file.error is not None:
            where = ""
            if file.error.line is not None:
                where = f":{file.error.line}"
                if file.error.column is not None:
                    where += f":{file.error.column}"
            state = "read with recovery" if file.recovered else "cannot be read"
            lines.append(f"{printable(file.path, 500)}{where}: {state}: {printable(file.error.message, 500)}")
    for finding in report.active:
        file = printable(finding.file, 500)
        where = f"{file}:{finding.line}" if finding.line else file
        element = ""
        if finding.element:
            element = f" [{printable(finding.element, 80)}"
            element += f" „{printable(finding.element_name)}“]" if finding.element_name else "]"
        lines.append(f"{where}: {finding.severity.label} {finding.rule}{element} {printable(finding.message, 2000)}")
    summary = report.summary()
    tail = (
        f"{summary['files']} files, {summary['procedures']} procedures ({summary['processes']} pools): "
        f"{summary['errors']} errors, {summary['warnings']} warnings, {summary['infos']} infos"
    )
    if summary["unreadable_files"]:
        tail += f"; {summary['unreadable_files']} files could not be read"
    if summary["suppressed"]:
        tail += f"; {summary['suppressed']} suppressed"
    if summary["baseline_unchanged"] or summary["baseline_fixed"]:
        tail += f"; baseline: {summary['baseline_unchanged']} unchanged, {summary['baseline_fixed']} fixed"
    lines.append(tail)
    return "\n".join(lines) + "\n"
