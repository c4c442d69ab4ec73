"""The step table shared by `prozess explain` and the site: one row per step, in German."""

from __future__ import annotations

from dataclasses import dataclass

from ..bpmn.model import Node, Process
from ..labels import type_label
from ..media.inference import GERMAN, ProcessMedia


@dataclass(frozen=True, slots=True)
class StepRow:
    node: Node
    name: str  # the step's name, else its id
    type: str  # German BPMN type ("Benutzeraufgabe")
    lane: str  # the lane's name, else its id; "" outside lanes
    medium: str  # German medium; "" when not analysed
    evidence: str  # why, "; "-joined


def step_rows(process: Process, media: ProcessMedia | None, nodes: list[Node] | None = None) -> list[StepRow]:
    """Rows for ``nodes`` (default: every step of ``process`` in model order)."""
    lanes = {lane.id: lane.name or lane.id for lane in process.lanes}
    rows = []
    for node in process.nodes if nodes is None else nodes:
        step = media.steps.get(node.id) if media else None
        rows.append(StepRow(
            node, node.name or node.id, type_label(node.type), lanes.get(node.lane, "") if node.lane else "",
            GERMAN[step.medium] if step else "", "; ".join(step.evidence) if step else "",
        ))
    return rows
