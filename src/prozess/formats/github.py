"""GitHub Actions workflow commands: one annotation per finding, on the file and line.

    ::error file=processes/wohngeld.bpmn,line=31,title=prozess (media/re-keying)::Medienbruch …

Suppressed findings and findings already in the baseline are left out. Values
are escaped as GitHub requires (``%``, CR, LF; in properties also ``:`` and ``,``).
"""

from __future__ import annotations

from ..findings import Severity
from ..report import Report, procedure_index
from .paths import relative

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, context) -> str:
    lines = []
    for file in report.files:
        if file.error is not None:
            props = f"file={_property(relative(file.path))}"
            if file.error.line:
                props += f",line={file.error.line}"
            lines.append(f"::error {props},title={_property('prozess: Datei nicht lesbar')}::{_data(file.error.message)}")
    procedures = procedure_index(report)
    for finding in report.active:
        props = f"file={_property(relative(finding.file))}"
        if finding.line:
            props += f",line={finding.line}"
        owner = procedures.get((finding.file, finding.process or ""))
        title = f"prozess ({finding.rule})" + (f" – {owner.name}" if owner is not None else "")
        props += f",title={_property(title)}"
        element = f" [{finding.element_name or finding.element}]" if finding.element else ""
        lines.append(f"::{_COMMAND[finding.severity]} {props}::{_data(finding.message + element)}")
    return "\n".join(lines) + ("\n" if lines else "")
