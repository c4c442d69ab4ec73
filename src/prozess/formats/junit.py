"""JUnit XML for GitLab and Jenkins test reports.

A test suite per file and a test case per procedure (the pools linked by
message flows, see procedures.py): the case fails when the procedure has
findings at or above the fail level (all of them listed in the failure text);
an unreadable file is one errored case. Suppressed findings and
findings already in the baseline do not fail a case; they are listed in the
case's output.
"""

from __future__ import annotations

from lxml import etree

from ..report import Report, procedure_index


def _line(finding) -> str:
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    name = f" „{finding.element_name}“" if finding.element_name else ""
    mark = " [unterdrückt]" if finding.suppressed is not None else " [Baseline]" if finding.baseline == "unchanged" else ""
    return f"{where}: {finding.severity.label} {finding.rule} [{finding.element or '-'}]{name} {finding.message}{mark}"


def render(report: Report, context) -> str:
    procedures = procedure_index(report)
    by_process: dict[tuple[str, str | None], list] = {}
    for finding in report.findings:
        owner = procedures.get((finding.file, finding.process or ""))
        by_process.setdefault((finding.file, owner.id if owner else finding.process), []).append(finding)
    suites = etree.Element("testsuites", name="prozess")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file in report.files:
        suite = etree.SubElement(suites, "testsuite", name=file.path)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if file.error is not None and file.definitions is None:
            case = etree.SubElement(suite, "testcase", classname=file.path, name="Datei lesen")
            error = etree.SubElement(case, "error", message=file.error.message, type="load")
            error.text = f"{file.path}:{file.error.line or '?'}: {file.error.message}"
            counts["tests"] += 1
            counts["errors"] += 1
        cases = [(p.id, p.name) for p in file.procedures] or [(p.process.id, p.process.display_name) for p in file.processes]
        if any(f.process is None for f in report.findings if f.file == file.path):
            cases.insert(0, (None, "Datei"))
        for process_id, name in cases:
            findings = by_process.get((file.path, process_id), [])
            case = etree.SubElement(
                suite, "testcase", classname=file.path, name=f"{name} ({process_id})" if process_id else name
            )
            counts["tests"] += 1
            failing = [
                f for f in findings
                if f.active and context.fail_on is not None and f.severity >= context.fail_on
            ]
            if failing:
                counts["failures"] += 1
                failure = etree.SubElement(
                    case, "failure", type=failing[0].rule,
                    message=f"{len(failing)} Befund(e) ab Stufe {context.fail_on.label}",
                )
                failure.text = "\n".join(_line(f) for f in failing)
            others = [f for f in findings if f not in failing]
            if others:
                etree.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
