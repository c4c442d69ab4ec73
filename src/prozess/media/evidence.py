"""Context evidence: what a model says about a step's medium outside the step's own name.

Real exports rarely write "ausdrucken" into the step. They say it through

- text annotations attached to the step ("SB arbeitet am Ausdruck") or to the
  pool, lane or process ("ab dem Ausdruck läuft alles über die Papierakte"),
- the names of pools and lanes ("Scanstelle", "Fachverfahren OK.JUS"),
- data objects and stores the step reads or writes ("Papierakte"),
- message flows: what a step sends, and what arrives from another pool,
- the process engine the model is configured for (Camunda, Zeebe, …).

This module reads those facts once per file into :class:`FileContext`; the
decision which evidence wins is in ``media.py``. Annotation sentences that ask
or defer ("Scannen? → klären", "TODO") say nothing and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..bpmn.model import Definitions, Node, Process
from .roles import PoolRole, role_of

# an annotation sentence that asks or defers states no fact about the medium
_UNCERTAIN = re.compile(r"\?|\btodo\b|\btbd\b|\bkl(ä|ae)ren\b|offene frage|\bgeplant\b|\bggf\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[!?;])\s+|\n+|\s+[-–]>?\s+|\s*->\s*")
# alternatives: "per E-Mail oder Brief", "teils online, teils per Post", "Upload/Post"
_ALTERNATIVE = re.compile(r"\b(oder|bzw|teils|alternativ|wahlweise|entweder|or|either)\b|\w\s*/\s*(?!in\b|innen\b|r\b)\w", re.IGNORECASE)


def certain_text(text: str) -> str:
    """The sentences of an annotation that state a fact (questions and to-dos dropped)."""
    if not text:
        return ""
    return "; ".join(s.strip() for s in _SENTENCE.split(text) if s.strip() and not _UNCERTAIN.search(s))


def names_alternatives(text: str) -> bool:
    return bool(_ALTERNATIVE.search(text))


@dataclass(frozen=True, slots=True)
class Message:
    """A message flow as seen from one of its ends."""

    name: str
    other: str  # the node or pool at the other end
    other_process: str | None  # the process of that node (None: a black-box pool)


@dataclass(frozen=True, slots=True)
class Default:
    """A medium the surroundings suggest for every step inside (lane, pool, their annotations)."""

    text: str  # what it says
    label: str  # how the evidence names it, e.g. "Lane „Scanstelle“"
    source: str  # lane | pool


class FileContext:
    """Per-file index of the context evidence (built once, shared by all processes of the file)."""

    def __init__(self, definitions: Definitions, roles: dict[str, str] | None = None):
        self.definitions = definitions
        self.role_overrides = roles or {}
        self.own_cache: dict[int, tuple] = {}  # id(process) -> own evidence (media.py), reused across rounds
        self._roles: dict[int, PoolRole] = {}
        self.process_of: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for process in definitions.processes:
            for node in process.nodes:
                self.process_of[node.id] = process.id
                if node.name:
                    self.names[node.id] = node.name
        self.pools = {p.id: p for p in definitions.participants}
        self.pool_of_process = {p.process_ref: p for p in definitions.participants if p.process_ref}
        self.messages_in: dict[str, list[Message]] = {}
        self.messages_out: dict[str, list[Message]] = {}
        for flow in definitions.message_flows:
            self.messages_in.setdefault(flow.target, []).append(
                Message(flow.name, flow.source, self.process_of.get(flow.source))
            )
            self.messages_out.setdefault(flow.source, []).append(
                Message(flow.name, flow.target, self.process_of.get(flow.target))
            )

    @property
    def crosses_processes(self) -> bool:
        """Whether a message flow links steps of two processes (media then travel between them)."""
        return any(
            m.other_process is not None and m.other_process != self.process_of.get(target)
            for target, messages in self.messages_in.items()
            for m in messages
        )

    def annotations(self, element_id: str) -> list[str]:
        certain = (certain_text(a.text) for a in self.definitions.annotations_of(element_id))
        return [text for text in certain if text]

    def defaults(self, process: Process, node: Node) -> list[Default]:
        """Lane (innermost first), then pool and process: names and attached annotations."""
        found: list[Default] = []
        lanes = {lane.id: lane for lane in process.lanes}
        lane = lanes.get(node.lane) if node.lane else None
        while lane is not None:
            for text in self.annotations(lane.id):
                found.append(Default(text, f"Textanmerkung an der Lane „{lane.name or lane.id}“", "lane"))
            if lane.name:
                found.append(Default(lane.name, f"Lane „{lane.name}“", "lane"))
            lane = lanes.get(lane.parent) if lane.parent else None
        pool = self.pool_of_process.get(process.id)
        for element, label in ((pool.id if pool else None, "Pool"), (process.id, "Prozess")):
            if element:
                for text in self.annotations(element):
                    found.append(Default(text, f"Textanmerkung am {label}", "pool"))
        if pool is not None and pool.name:
            found.append(Default(pool.name, f"Pool „{pool.name}“", "pool"))
        return found

    def role(self, process: Process) -> PoolRole:
        found = self._roles.get(id(process))
        if found is None:
            found = self._roles[id(process)] = role_of(
                process, self.definitions, self.pool_of_process.get(process.id), self.role_overrides
            )
        return found

    def node_name(self, node_id: str) -> str:
        """The name of a step of any process of the file (its id when unnamed)."""
        return self.names.get(node_id, node_id)

    def pool_name(self, element: str) -> str:
        pool = self.pools.get(element)
        return pool.name if pool else ""


@dataclass(frozen=True, slots=True)
class DataUse:
    name: str
    direction: str  # input | output


def data_uses(process: Process, definitions: Definitions) -> dict[str, list[DataUse]]:
    """The named data objects and stores each step reads (input) or writes (output)."""
    items = {d.id: d for d in process.data}
    items.update({d.id: d for d in definitions.data_stores})
    names: dict[str, str] = {}
    for item in process.data:
        name = item.name or (items[item.ref].name if item.ref in items else "")
        if name:
            names[item.id] = name
    for store in definitions.data_stores:
        if store.name:
            names[store.id] = store.name
    uses: dict[str, list[DataUse]] = {}
    for assoc in process.data_associations:
        for item in assoc.items:
            if item in names:
                uses.setdefault(assoc.node, []).append(DataUse(names[item], assoc.direction))
    # data drawn with a plain association (no data association): read as input
    for assoc in definitions.associations:
        for node, item in ((assoc.source, assoc.target), (assoc.target, assoc.source)):
            if item in names and item in items and node not in items:
                if not any(u.name == names[item] for u in uses.get(node, ())):
                    uses.setdefault(node, []).append(DataUse(names[item], "input"))
    return uses
