"""The medium of every step — digital, paper, in person or unknown — with its evidence.

Evidence, strongest first:

1. an explicit annotation: an extension property ``medium`` (Camunda, Zeebe,
   Signavio, any vendor) or a line ``Medium: Papier`` in the documentation or in
   a text annotation attached to the step;
2. conversion words in the name (print, scan) and unambiguous lexicon terms in
   the name ("per Post", "Fachverfahren");
3. BPMN semantics: service, script and business-rule tasks run in software;
   manual tasks do not; data objects and stores the step reads or writes;
   message flows the step sends or receives;
4. weaker lexicon terms, the documentation, user tasks (worked in a task list);
5. propagation: a step without evidence works on the medium its work item
   arrives on, when all incoming paths agree; otherwise the medium is unknown.

Propagation is a monotone fixpoint over a three-level lattice (nothing yet →
one medium → unknown), so it terminates on any graph, loops included, after
at most two updates per node.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from .graph import edges, roots
from .lexicon import Lexicon, Match
from .model import Definitions, Node, Process


class Medium(str, Enum):
    DIGITAL = "digital"
    PAPER = "paper"
    IN_PERSON = "in_person"
    UNKNOWN = "unknown"

    @property
    def german(self) -> str:
        return GERMAN[self]

    @property
    def analogue(self) -> bool:
        return self in (Medium.PAPER, Medium.IN_PERSON)


GERMAN = {
    Medium.DIGITAL: "digital",
    Medium.PAPER: "Papier",
    Medium.IN_PERSON: "vor Ort",
    Medium.UNKNOWN: "unbekannt",
}

_VALUES = {
    "digital": Medium.DIGITAL, "elektronisch": Medium.DIGITAL, "electronic": Medium.DIGITAL,
    "online": Medium.DIGITAL,
    "papier": Medium.PAPER, "paper": Medium.PAPER, "analog": Medium.PAPER, "schriftlich": Medium.PAPER,
    "vor ort": Medium.IN_PERSON, "vorort": Medium.IN_PERSON, "persoenlich": Medium.IN_PERSON,
    "persönlich": Medium.IN_PERSON, "in person": Medium.IN_PERSON, "in_person": Medium.IN_PERSON,
    "in-person": Medium.IN_PERSON, "praesenz": Medium.IN_PERSON, "präsenz": Medium.IN_PERSON,
    "unbekannt": Medium.UNKNOWN, "unknown": Medium.UNKNOWN,
}
_ANNOTATION = re.compile(r"^\s*(?:medium|medien)\s*[:=]\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_DIGITAL_TYPES = {"serviceTask": "Servicetask", "scriptTask": "Skripttask", "businessRuleTask": "Geschäftsregeltask"}


@dataclass(frozen=True, slots=True)
class StepMedium:
    """What the analysis knows about one step."""

    node: str
    medium: Medium  # after propagation
    evidence: tuple[str, ...]  # short German reasons, shown to users
    source: str  # explicit | name | bpmn | data | message | documentation | propagated | none
    conversion: str | None = None  # print | scan | rekey
    in_medium: Medium | None = None  # medium of the arriving work item (None: nothing arrives)
    origin: str | None = None  # the upstream step whose evidence set ``in_medium``
    output: bool = False  # the step hands a result to someone outside
    input: bool = False  # the step receives something from outside
    feeds_output: bool = False  # a print step whose result goes straight out (print → send)

    @property
    def evidenced(self) -> bool:
        return self.source not in ("propagated", "none")


@dataclass(frozen=True, slots=True)
class InvalidAnnotation:
    node: str
    value: str


@dataclass(frozen=True, slots=True)
class ProcessMedia:
    steps: dict[str, StepMedium]
    intake: Medium
    intake_node: str | None
    digital_intake: bool | None  # None: the intake medium is unknown
    digital_mailbox: bool
    counts: dict[str, int]
    invalid_annotations: tuple[InvalidAnnotation, ...] = field(default=())


@dataclass(slots=True)
class _Own:
    medium: Medium
    evidence: list[str]
    source: str
    conversion: str | None = None
    weak: bool = False  # decides only where the arriving medium is unknown


def _explicit(node: Node, definitions: Definitions, invalid: list[InvalidAnnotation]) -> _Own | None:
    candidates: list[tuple[str, str]] = []
    prop = node.extensions.get("medium")
    if prop:
        candidates.append((prop, f"Eigenschaft medium = {prop}"))
    for match in _ANNOTATION.finditer(node.documentation):
        candidates.append((match["value"], f"Dokumentation: „Medium: {match['value']}“"))
    for note in definitions.annotations_of(node.id):
        for match in _ANNOTATION.finditer(note.text):
            candidates.append((match["value"], f"Textanmerkung: „Medium: {match['value']}“"))
    for value, reason in candidates:
        medium = _VALUES.get(value.strip().casefold())
        if medium is None:
            invalid.append(InvalidAnnotation(node.id, value))
            continue
        return _Own(medium, [reason], "explicit")
    return None


def _classify(matches: list[Match], strong_only: bool) -> tuple[Medium | None, list[str]]:
    media: dict[Medium, list[str]] = {}
    for m in matches:
        if m.term.category in ("paper", "in_person", "digital") and (m.term.strong or not strong_only):
            media.setdefault(Medium(m.term.category), []).append(m.describe())
    if len(media) == 1:
        (medium, found), = media.items()
        return medium, found
    if Medium.DIGITAL in media and len(media) > 1 and not strong_only:
        # "online mit eID unterschreiben": a digital qualifier beats weak analogue words
        strong_analogue = [m for m in matches if m.term.strong and m.term.category in ("paper", "in_person")]
        if not strong_analogue:
            return Medium.DIGITAL, media[Medium.DIGITAL]
    if Medium.IN_PERSON in media and Medium.PAPER in media and Medium.DIGITAL not in media:
        return Medium.IN_PERSON, media[Medium.IN_PERSON]  # "persönlich unterschreiben"
    return None, []


# what a conversion step produces, and how the evidence names it
_CONVERTS = {"print": (Medium.PAPER, "Ausdruck (digital → Papier)"), "scan": (Medium.DIGITAL, "Scan (Papier → digital)")}


def _terms_of(matches: list[Match], category: str) -> str:
    return ", ".join(m.describe() for m in matches if m.term.category == category)


def _conversion(matches: list[Match]) -> str | None:
    kinds = {m.term.category for m in matches}
    for kind in ("print", "scan", "rekey"):
        if kind in kinds:
            return kind
    return None


class _Context:
    def __init__(self, process: Process, definitions: Definitions, lexicon: Lexicon):
        self.process = process
        self.definitions = definitions
        self.lexicon = lexicon
        items = {d.id: d for d in process.data}
        items.update({d.id: d for d in definitions.data_stores})
        self.data_names: dict[str, str] = {}
        for item in process.data:
            name = item.name or (items[item.ref].name if item.ref in items else "")
            if name:
                self.data_names[item.id] = name
        for store in definitions.data_stores:
            if store.name:
                self.data_names[store.id] = store.name
        self.data_of: dict[str, list[str]] = {}
        for assoc in process.data_associations:
            for item in assoc.items:
                if item in self.data_names:
                    self.data_of.setdefault(assoc.node, []).append(self.data_names[item])
        self.messages_in: dict[str, list[str]] = {}
        self.messages_out: dict[str, list[str]] = {}
        for flow in definitions.message_flows:
            self.messages_in.setdefault(flow.target, []).append(flow.name)
            self.messages_out.setdefault(flow.source, []).append(flow.name)

    def receives(self, node: Node) -> bool:
        """Whether the step takes something in from outside (a message or a receive task)."""
        return (
            node.type == "receiveTask"
            or bool(self.messages_in.get(node.id))
            or (node.type in ("startEvent", "intermediateCatchEvent") and "message" in node.event_definitions)
        )

    def own(self, node: Node, invalid: list[InvalidAnnotation]) -> tuple[_Own | None, bool]:
        """The step's own evidence, and whether it hands a result outside."""
        name_matches = self.lexicon.match(node.name) if not node.is_gateway else []
        output = (
            node.type == "sendTask"
            or bool(self.messages_out.get(node.id))
            or (node.type in ("endEvent", "intermediateThrowEvent") and "message" in node.event_definitions)
            or any(m.term.category == "output" for m in name_matches)
        )
        explicit = _explicit(node, self.definitions, invalid)
        if explicit is not None or node.is_gateway:
            return explicit, output
        conversion = _conversion(name_matches)
        medium, found = _classify(name_matches, strong_only=True)
        if conversion in _CONVERTS:
            target, verb = _CONVERTS[conversion]
            words = _terms_of(name_matches, conversion)
            return _Own(target, [f"Name enthält {words}: {verb}"], "name", conversion), output
        if medium is not None:
            return _Own(medium, [f"Name enthält {', '.join(found)}"], "name", conversion), output
        if node.type in _DIGITAL_TYPES:
            return _Own(Medium.DIGITAL, [f"{_DIGITAL_TYPES[node.type]}: läuft in Software"], "bpmn", conversion), output
        if node.type == "manualTask":
            weak, found = _classify(name_matches, strong_only=False)
            if weak is Medium.IN_PERSON:
                return _Own(weak, [f"Manuelle Aufgabe; Name enthält {', '.join(found)}"], "bpmn"), output
            return _Own(Medium.PAPER, ["Manuelle Aufgabe: ohne IT-Unterstützung"], "bpmn"), output
        for names, label, source in (
            (self.data_of.get(node.id, ()), "Daten", "data"),
            (self.messages_in.get(node.id, []) + self.messages_out.get(node.id, []), "Nachricht", "message"),
        ):
            for text in names:
                medium, found = _classify(self.lexicon.match(text), strong_only=False)
                if medium is not None:
                    return _Own(medium, [f"{label} „{text}“ enthält {', '.join(found)}"], source, conversion), output
        medium, found = _classify(name_matches, strong_only=False)
        if medium is not None:
            return _Own(medium, [f"Name enthält {', '.join(found)}"], "name", conversion, weak=True), output
        if node.documentation:
            doc_matches = self.lexicon.match(node.documentation)
            doc_conversion = _conversion(doc_matches)
            if doc_conversion in _CONVERTS:
                words = _terms_of(doc_matches, doc_conversion)
                return _Own(
                    _CONVERTS[doc_conversion][0], [f"Dokumentation enthält {words}"], "documentation", doc_conversion,
                    weak=True,
                ), output
            medium, found = _classify(doc_matches, strong_only=False)
            if medium is not None:
                return _Own(
                    medium, [f"Dokumentation enthält {', '.join(found)}"], "documentation", conversion, weak=True
                ), output
        if conversion == "rekey":
            words = _terms_of(name_matches, "rekey")
            return _Own(
                Medium.DIGITAL, [f"Name enthält {words}: Eingabe in ein IT-System"], "name", "rekey", weak=True
            ), output
        if node.type == "userTask":
            return _Own(
                Medium.DIGITAL, ["Benutzeraufgabe: wird in einer Aufgabenliste bearbeitet"], "bpmn", weak=True
            ), output
        return None, output


_MAX_UPDATES = 6  # per node; output steps make the system non-monotone, this bounds it


def _propagate(nodes, preds, succs, fixed: dict[str, Medium], output: dict[str, bool], prints: set[str]):
    """Carry media along the flow until nothing changes.

    Steps with evidence keep their medium, except output steps: a letter sent out
    does not turn the case file into paper, so what flows on past an output step
    is the medium that arrived there (before any print step right in front of it).
    """
    value: dict[str, Medium | None] = {n: fixed.get(n) for n in nodes}
    updates = dict.fromkeys(nodes, 0)

    def carried(pred: str, into_output: bool) -> Medium | None:
        if into_output and pred in prints:
            before = None
            for p in preds[pred]:
                before = _join(before, value[p])
            return before if before is not None else value[pred]
        return value[pred]

    queue = deque(nodes)
    queued = set(nodes)
    while queue:
        current = queue.popleft()
        queued.discard(current)
        passes = output.get(current, False) and current in fixed
        if current in fixed and not passes:
            continue
        joined: Medium | None = None
        for pred in preds[current]:
            joined = _join(joined, carried(pred, passes))
        new = (joined if joined is not None else fixed[current]) if passes else joined
        if new != value[current]:
            updates[current] += 1
            value[current] = new if updates[current] < _MAX_UPDATES else Medium.UNKNOWN
            if updates[current] > _MAX_UPDATES:
                continue
            for succ in succs[current]:
                if succ not in queued:
                    queued.add(succ)
                    queue.append(succ)
    return value


def _join(a: Medium | None, b: Medium | None) -> Medium | None:
    if a is None:
        return b
    if b is None or a == b:
        return a
    return Medium.UNKNOWN


def infer(process: Process, definitions: Definitions, lexicon: Lexicon) -> ProcessMedia:
    context = _Context(process, definitions, lexicon)
    invalid: list[InvalidAnnotation] = []
    nodes = {n.id: n for n in process.nodes}
    own: dict[str, _Own | None] = {}
    output: dict[str, bool] = {}
    for node in process.nodes:
        own[node.id], output[node.id] = context.own(node, invalid)

    adjacency = edges(process, definitions)
    children: dict[str, list[str]] = {}
    for node in process.nodes:
        if node.parent in nodes:
            children.setdefault(node.parent, []).append(node.id)
    exits: dict[str, list[str]] = {}
    for parent, inner in children.items():
        inner_set = set(inner)
        exits[parent] = [
            i for i in inner
            if nodes[i].type != "boundaryEvent"
            and not nodes[i].triggered_by_event
            and not any(kind == "sequence" and t in inner_set for t, kind in adjacency[i])
            and nodes[i].parent == parent
        ]
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    for source, successors in adjacency.items():
        for target, kind in successors:
            if kind == "sequence" and exits.get(source):
                preds[target].extend(exits[source])  # leave a sub-process with the medium of its end
            else:
                preds[target].append(source)
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for target, sources in preds.items():
        for source in sources:
            succs[source].append(target)

    prints = {n for n in nodes if own[n] is not None and own[n].conversion == "print"}
    strong = {n: o.medium for n, o in own.items() if o is not None and not o.weak}
    value = _propagate(nodes, preds, succs, strong, output, prints)
    # weak evidence ("unterschreiben", a user task, the documentation) decides only where
    # propagation found no medium; a second pass carries those decisions on
    # re-keying words ("erfassen", "eingeben") say more when the work arrives analogue:
    # then the step is where the data enters a system
    weak_used = {
        n for n, o in own.items()
        if o is not None and o.weak and (
            value[n] in (None, Medium.UNKNOWN)
            or (o.conversion == "rekey" and o.medium is Medium.DIGITAL and value[n] in (Medium.PAPER, Medium.IN_PERSON))
        )
    }
    if weak_used:
        fixed = strong | {n: own[n].medium for n in weak_used}
        value = _propagate(nodes, preds, succs, fixed, output, prints)
    for n in nodes:
        if own[n] is not None and own[n].weak and n not in weak_used:
            own[n] = None  # the arriving medium is known: the weak hint is not needed

    # origin: the evidenced step a propagated medium comes from (breadth-first, linear)
    origin: dict[str, str] = {n: n for n in nodes if own[n] is not None}
    spread = deque(origin)
    while spread:
        current = spread.popleft()
        for succ in succs[current]:
            if succ not in origin and value[succ] is not Medium.UNKNOWN and value[succ] == value[current]:
                origin[succ] = origin[current]
                spread.append(succ)
    steps: dict[str, StepMedium] = {}
    for node in process.nodes:
        node_id = node.id
        incoming: Medium | None = None
        for pred in preds[node_id]:
            incoming = _join(incoming, value[pred])
        came_from = None
        if incoming is not None and incoming is not Medium.UNKNOWN:
            came_from = next((origin[p] for p in preds[node_id] if value[p] == incoming and p in origin), None)
        mine = own[node_id]
        if mine is not None:
            steps[node_id] = StepMedium(
                node_id, mine.medium, tuple(mine.evidence), mine.source, mine.conversion,
                incoming if preds[node_id] else None, came_from, output[node_id],
                context.receives(nodes[node_id]),
                node_id in prints and any(output[s] for s in succs[node_id]),
            )
            continue
        final = value[node_id] or Medium.UNKNOWN
        if final is Medium.UNKNOWN:
            evidence = ("kein Hinweis auf das Medium",) if not preds[node_id] else (
                "eingehende Wege haben verschiedene oder unbekannte Medien",
            )
            source = "none"
        else:
            shown = nodes[came_from].name or came_from if came_from in nodes else "?"
            evidence = (f"übernommen von „{shown}“",)
            source = "propagated"
        steps[node_id] = StepMedium(
            node_id, final, evidence, source, None,
            incoming if preds[node_id] else None, came_from, output[node_id], context.receives(nodes[node_id]),
        )
    intake_node, intake = _intake(process, adjacency, steps)
    activities = [n for n in process.nodes if n.is_activity and not children.get(n.id)]
    counts = {m.value: 0 for m in Medium}
    for node in activities:
        counts[steps[node.id].medium.value] += 1
    digital_intake = None if intake is Medium.UNKNOWN else intake is Medium.DIGITAL
    mailbox = bool(digital_intake) and any(
        steps[n.id].medium.analogue for n in process.nodes if n.id != intake_node
    )
    return ProcessMedia(steps, intake, intake_node, digital_intake, mailbox, counts, tuple(invalid))


def _intake(process: Process, adjacency, steps: dict[str, StepMedium]) -> tuple[str | None, Medium]:
    """How the request arrives: the first step with its own evidence, in flow order from the start."""
    seen: set[str] = set()
    queue = deque(n.id for n in roots(process) if n.parent is None and not n.triggered_by_event)
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        step = steps[current]
        if step.evidenced:
            return current, step.medium
        queue.extend(t for t, kind in adjacency[current] if kind == "sequence")
    return None, Medium.UNKNOWN
