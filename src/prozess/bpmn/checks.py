"""Model-quality checks the analysis needs — deliberately few.

General BPMN style is bpmnlint's job. These checks only report what makes
the media-break and legal analysis unreliable: broken references, duplicate
ids, steps nobody can reach, activities without a name.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..registry import of_kind
from .graph import edges, reachable, roots
from .model import Definitions, Process

RULES = of_kind("model")


def check_definitions(definitions: Definitions) -> Iterator[Finding]:
    path = definitions.path
    for element_id, line in definitions.duplicate_ids:
        yield Finding(
            "model/duplicate-id", Severity.ERROR,
            f"Die ID „{element_id}“ ist in der Datei mehrfach vergeben.",
            path, line, element=element_id,
        )
    known = _all_ids(definitions)
    for flow in definitions.message_flows:
        for end in (flow.source, flow.target):
            if end not in known:
                yield Finding(
                    "model/dangling-reference", Severity.ERROR,
                    f"Der Nachrichtenfluss „{flow.name or flow.id}“ verweist auf das unbekannte Element „{end}“.",
                    path, flow.line, element=flow.id, element_name=flow.name or None,
                )
    for process in definitions.processes:
        yield from check_process(process, definitions)


def check_process(process: Process, definitions: Definitions) -> Iterator[Finding]:
    path = definitions.path
    node_ids = {n.id for n in process.nodes}

    def finding(rule: str, message: str, line, element=None, name=None) -> Finding:
        return Finding(rule, RULES[rule].severity, message, path, line, process.id, element, name or None)

    for flow in process.flows:
        for end in (flow.source, flow.target):
            if end not in node_ids:
                yield finding(
                    "model/dangling-reference",
                    f"Der Sequenzfluss „{flow.name or flow.id}“ verweist auf das unbekannte Element „{end}“.",
                    flow.line, flow.id, flow.name,
                )
    for lane in process.lanes:
        for ref in lane.node_ids:
            if ref not in node_ids:
                yield finding(
                    "model/dangling-reference",
                    f"Die Lane „{lane.name or lane.id}“ verweist auf das unbekannte Element „{ref}“.",
                    lane.line, lane.id, lane.name,
                )
    for node in process.nodes:
        if node.attached_to is not None and node.attached_to not in node_ids:
            yield finding(
                "model/dangling-reference",
                f"Das Randereignis „{node.name or node.id}“ hängt an dem unbekannten Element „{node.attached_to}“.",
                node.line, node.id, node.name,
            )
        if node.is_activity and not node.name:
            yield finding(
                "model/unnamed-activity",
                "Die Aktivität hat keinen Namen; ihr Medium und ihre Rechtslage lassen sich nicht bestimmen.",
                node.line, node.id,
            )
    if not process.nodes:
        return
    starts = roots(process)
    if not starts:
        yield finding(
            "model/no-start",
            "Der Prozess hat keinen Start: kein Startereignis und kein Schritt ohne eingehenden Sequenzfluss.",
            process.line, process.id, process.name,
        )
        return
    seen = reachable(edges(process, definitions), (n.id for n in starts))
    for node in process.nodes:
        if node.id not in seen:
            yield finding(
                "model/unreachable",
                "Der Schritt ist von keinem Start des Prozesses aus erreichbar.",
                node.line, node.id, node.name,
            )


def _all_ids(definitions: Definitions) -> set[str]:
    ids: set[str] = set()
    for process in definitions.processes:
        ids.add(process.id)
        ids.update(n.id for n in process.nodes)
        ids.update(d.id for d in process.data)
    for participant in definitions.participants:
        ids.add(participant.id)
    return ids
