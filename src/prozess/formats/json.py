"""The JSON report, contract ``prozess.report/v2`` (see docs/bericht-json.md).

Fields are only ever added, never removed or renamed.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..report import FileReport, ProcessReport, Report
from .jsontext import compact

SCHEMA = "prozess.report/v2"


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "prozess", "version": report.tool_version},
        "files": [_file(f) for f in report.files],
        "findings": [f.to_dict() for f in report.findings],
        "summary": report.summary(),
    }


def _dump(value: Any) -> str:
    # Compact on purpose: indentation costs time and a third more bytes. Pipe to jq for reading.
    return compact(value)


def stream(report: Report, context=None) -> Iterator[str]:
    """The report in pieces, one file or finding at a time: large catalogues never sit in memory twice."""
    yield f'{{"schema":{_dump(SCHEMA)},"tool":{_dump({"name": "prozess", "version": report.tool_version})},"files":['
    for index, file in enumerate(report.files):
        yield ("," if index else "") + _dump(_file(file))
    yield '],"findings":['
    for index, finding in enumerate(report.findings):
        yield ("," if index else "") + _dump(finding.to_dict())
    yield f'],"summary":{_dump(report.summary())}}}\n'


def render(report: Report, context=None) -> str:
    return "".join(stream(report, context))


def _file(file: FileReport) -> dict[str, Any]:
    error = None
    if file.error is not None:
        error = {"message": file.error.message, "line": file.error.line, "column": file.error.column}
    definitions = file.definitions
    return {
        "path": file.path,
        "ok": file.ok,
        "error": error,
        "recovered": file.recovered,
        "exporter": definitions.exporter if definitions else None,
        "exporter_version": definitions.exporter_version if definitions else None,
        "embedded": definitions.embedded if definitions else None,
        "service": _service(definitions.service) if definitions and definitions.service else None,
        "procedures": [p.to_dict() for p in file.procedures],
        "processes": [_process(p, definitions) for p in file.processes],
    }


def legal_basis(basis) -> dict[str, Any]:
    return {"name": basis.name, "citations": list(basis.citations), "law": basis.law, "paragraph": basis.paragraph,
            "absaetze": list(basis.absaetze), "kind": basis.kind, "uri": basis.uri}


def _service(service) -> dict[str, Any]:
    return {
        "key": service.key, "name": service.name, "version": service.version, "status": service.status,
        "valid_from": service.valid_from, "valid_to": service.valid_to, "source": service.source,
        "identified_by": "xprozess", "legal_bases": [legal_basis(b) for b in service.legal_bases],
    }


def _process(report: ProcessReport, definitions=None) -> dict[str, Any]:
    process = report.process
    lanes = {lane.id: lane.name for lane in process.lanes}
    extra = report.steps
    steps = []
    for index, node in enumerate(process.nodes):
        step: dict[str, Any] = {
            "id": node.id,
            "name": node.name,
            "type": node.type,
            "lane": (lanes.get(node.lane) or node.lane) if node.lane else None,
            "lane_id": node.lane,
            "parent": node.parent,
            "line": node.line,
        }
        if index < len(extra):
            step.update(extra[index])
        group = definitions.activity_group(node.id) if definitions is not None else None
        if group is not None:
            step["fim"] = {
                "activity_group": group.id, "name": group.name, "reference_type": group.reference_type,
                "semantics": list(group.semantics), "transmission": list(group.transmission),
                "legal_bases": [legal_basis(b) for b in group.legal_bases],
            }
        steps.append(step)
    result: dict[str, Any] = {
        "id": process.id,
        "name": process.name,
        "participant": process.participant_name or process.participant,
        "participant_id": process.participant,
        "line": process.line,
        "lanes": [
            {"id": lane.id, "name": lane.name, "parent": lane.parent, "line": lane.line}
            for lane in process.lanes
        ],
        "steps": steps,
    }
    result.update(report.facts)
    return result
