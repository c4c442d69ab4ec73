"""The medium of every step — digital, paper, in person or unknown — with its evidence.

Evidence, strongest first (the first that speaks decides):

1. an explicit annotation: an extension property ``medium`` (Camunda, Zeebe,
   Signavio, any vendor) or a line ``Medium: Papier`` in the documentation or in
   a text annotation attached to the step;
2. the step's name: conversion words (print, scan; re-keying from paper:
   "Daten aus Vordruck erfassen"), unambiguous lexicon terms ("per Post",
   "FV"), a channel that is neither (a phone call) or several alternatives
   ("per E-Mail oder Brief"), which leave the medium open;
3. text annotations attached to the step;
4. BPMN semantics: service, script and business-rule tasks run in software;
5. data objects and stores the step reads or writes, and the names of the
   messages it sends;
6. weaker lexicon terms in the name and annotations, the documentation;
7. a process configured for an engine (Camunda, Zeebe, …): its steps run in
   the engine or its task list;
8. the surroundings: lane, pool and their annotations set a default.

A manual task alone says nothing about the medium (it may be worked at a
screen); an event decides only by strong evidence and is never a conversion
("Rechnung erfasst" states a result). A step that hands a result outside
without naming the way ("Bescheid versenden") has an unknown medium rather than
the one of its predecessor. Timers are transparent: they have no medium and
pass on the one that reaches them.

What the step works on arrives along the flow, or — for a step that receives a
message — from the other pool: the message's name ("Brief", "Postfach") or the
medium of the step that sent it. A step without evidence works on what
arrives, when all incoming paths agree; otherwise its medium is unknown.

Propagation is a fixpoint over a three-level lattice (nothing yet → one medium
→ unknown), bounded per node, so it terminates on any graph, loops included.
Media travel between the processes of one file along message flows; that is a
second fixpoint over the processes (:func:`infer_file`), at most a few rounds.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from ..bpmn.graph import edges, roots
from ..bpmn.model import Definitions, Node, Process
from ..bpmn.xprozess import OPEN_TRANSMISSION
from ..frozen import fast_init
from ..pickling import fast_pickle
from .evidence import Default, FileContext, data_uses, names_alternatives
from .lexicon import MEDIA, Lexicon, Match, words
from .roles import Role


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

    @property
    def known(self) -> bool:
        return self is not Medium.UNKNOWN


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
# vendor attributes naming the IT system a step is worked in, or the channel it uses
_SYSTEM_PROPERTIES = frozenset({"itsystem", "itsysteme", "fachverfahren", "anwendung", "software", "applikation"})
_CHANNEL_PROPERTIES = frozenset({"kanal", "channel", "versandweg", "eingangskanal", "ausgangskanal",
                                 "uebermittlungsart", "übermittlungsart", "zustellweg", "eingabe"})
_PLACEHOLDER_VALUE = re.compile(r"^\$\{.*\}$|^#\{.*\}$|^\{\{.*\}\}$")
_DIGITAL_TYPES = {"serviceTask": "Servicetask", "scriptTask": "Skripttask", "businessRuleTask": "Geschäftsregeltask"}
_ENGINE_NAMES = {"camunda": "Camunda", "zeebe": "Camunda 8 (Zeebe)", "activiti": "Activiti", "flowable": "Flowable"}
_RECEIVING_EVENTS = ("startEvent", "intermediateCatchEvent", "boundaryEvent")
# sources whose medium is the step's own (a break can begin there)
OWN_SOURCES = frozenset(
    {"explicit", "name", "annotation", "bpmn", "data", "message", "documentation", "engine", "lane", "pool"}
)


@dataclass(frozen=True, slots=True)
class StepMedium:
    """What the analysis knows about one step."""

    node: str
    medium: Medium  # after propagation
    evidence: tuple[str, ...]  # short German reasons, shown to users
    # explicit | name | annotation | bpmn | data | message | documentation | engine | lane | pool
    # | arrival (received from another pool) | timer | propagated | none
    source: str
    conversion: str | None = None  # print | scan | rekey
    in_medium: Medium | None = None  # medium of the arriving work item (None: nothing arrives)
    origin: str | None = None  # the upstream step whose evidence set ``in_medium``
    output: bool = False  # the step hands a result to someone outside
    input: bool = False  # the step receives something from outside
    feeds_output: bool = False  # a print step whose result goes straight out (print → send)
    gap_medium: Medium | None = None  # last known medium upstream, across steps of unknown medium
    gap_origin: str | None = None  # the step that had it
    gap: tuple[str, ...] = ()  # the steps of unknown medium in between
    printout: bool = False  # a print step that names the printout ("Ausdruck z.d.A."), not the act
    case_medium: Medium | None = None  # right after an output: the medium of the case file before it
    original: bool = False  # the name speaks of the paper original ("Papieroriginal aufbewahren")

    @property
    def evidenced(self) -> bool:
        return self.source in OWN_SOURCES


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
    role: Role = Role.UNKNOWN  # of the pool (roles.py)
    role_reason: str = ""


@dataclass(slots=True)
class _Own:
    medium: Medium
    evidence: list[str]
    source: str
    conversion: str | None = None
    weak: bool = False  # decides only where the arriving medium is unknown
    printout: bool = False
    original: bool = False  # the name speaks of the paper original
    transparent: bool = False  # a call, a choice of ways, a result going out on an unnamed way: the case passes
    unnamed_way: bool = False  # a result goes outside and the model does not say how


def _explicit(
    node: Node, definitions: Definitions, invalid: list[InvalidAnnotation], lexicon: Lexicon | None = None
) -> _Own | None:
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
        if _PLACEHOLDER_VALUE.match(value.strip()):
            continue  # a template's "Medium: ${medium}" is not filled in yet
        medium = _VALUES.get(value.strip().casefold())
        if medium is None and lexicon is not None:  # free text of a modeller's attribute: "Online-Formular"
            reading = _read(lexicon.match(value), value, strong_only=False)
            if reading is not None and reading.kind == "medium":
                medium = reading.medium
        if medium is None:
            invalid.append(InvalidAnnotation(node.id, value))
            continue
        return _Own(medium, [reason], "explicit")
    return None


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a text says about the medium."""

    medium: Medium
    found: tuple[str, ...]
    kind: str  # medium | neutral | alternatives


def _read(matches: list[Match], text: str, strong_only: bool) -> _Reading | None:
    media: dict[Medium, list[str]] = {}
    strong: set[Medium] = set()
    for m in matches:
        if m.term.category in MEDIA:
            if m.term.strong:
                strong.add(Medium(m.term.category))
            if m.term.strong or not strong_only:
                media.setdefault(Medium(m.term.category), []).append(m.describe())
    if Medium.DIGITAL in strong and len(strong) > 1 and names_alternatives(text):
        # "per E-Mail oder Brief", "teils online, teils per Post": the model leaves the way open
        return _Reading(Medium.UNKNOWN, tuple(d for found in media.values() for d in found), "alternatives")
    if len(media) == 1:
        (medium, found), = media.items()
        return _Reading(medium, tuple(found), "medium")
    if Medium.DIGITAL in media and len(media) > 1 and not strong_only:
        # "online mit eID unterschreiben": a digital qualifier beats weak analogue words
        if not strong - {Medium.DIGITAL}:
            return _Reading(Medium.DIGITAL, tuple(media[Medium.DIGITAL]), "medium")
    if Medium.IN_PERSON in media and Medium.PAPER in media and Medium.DIGITAL not in media:
        return _Reading(Medium.IN_PERSON, tuple(media[Medium.IN_PERSON]), "medium")  # "persönlich unterschreiben"
    if not media:
        neutral = [m.describe() for m in matches if m.term.category == "neutral"]
        if neutral:
            return _Reading(Medium.UNKNOWN, tuple(neutral), "neutral")
    return None


def _said(reading: _Reading, where: str) -> str:
    found = ", ".join(reading.found)
    if reading.kind == "neutral":
        return f"{where} enthält {found}: weder digital noch Papier noch vor Ort"
    if reading.kind == "alternatives":
        return f"{where} nennt mehrere Wege ({found}): Medium offen"
    return f"{where} enthält {found}"


# a step about the paper original itself (kept, stored, destroyed after the scan)
_ORIGINAL_KEYS = frozenset({"original", "papier"})
# the printout as a thing, not the act of printing: "Ausdruck + Bescheidkopie z.d.A."
_PRINTOUT_NOUNS = frozenset({"ausdruck", "ausdrucke", "ausdrucks", "printout", "printouts"})
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


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# An English step name begins with its verb: "Post PIN in Letter to Defendant" sends a letter. The
# German noun at the start of a name ("Post öffnen", "Post verteilen") is never followed by "letter".
_POSTS_A_LETTER = re.compile(r"\W*post\b.*\bletters?\b", re.IGNORECASE | re.DOTALL)


class _Context:
    """Evidence for the steps of one process."""

    def __init__(self, process: Process, definitions: Definitions, lexicon: Lexicon, file: FileContext):
        self.process = process
        self.definitions = definitions
        self.lexicon = lexicon
        self.file = file
        self.data = data_uses(process, definitions)
        self.engine = process.engine
        self._defaults: dict[str | None, _Own | None] = {}

    def receives(self, node: Node) -> bool:
        """Whether the step takes something in from outside (a message, a receive task, its wording)."""
        group = self.definitions.activity_group(node.id)
        return (
            (group is not None and "empfängt Daten" in group.semantics)
            or node.type == "receiveTask"
            or (node.name and any(m.term.category == "input" for m in self.lexicon.match(node.name)))
            or bool(self.file.messages_in.get(node.id))
            or (node.type in _RECEIVING_EVENTS and "message" in node.event_definitions)
        )

    def outputs(self, node: Node, name_matches: list[Match]) -> bool:
        group = self.definitions.activity_group(node.id)
        if group is not None and "stellt Daten bereit" in group.semantics:
            return True  # FIM: the activity group provides data to someone
        return (
            node.type == "sendTask"
            or bool(self.file.messages_out.get(node.id))
            or (node.type in ("endEvent", "intermediateThrowEvent") and "message" in node.event_definitions)
            or (not node.is_event and any(m.term.category == "output" for m in name_matches))
            or (not node.is_event and bool(_POSTS_A_LETTER.match(node.name)))
        )

    def arrival(self, node: Node, remote: dict[str, Medium]) -> tuple[Medium, str] | None:
        """What arrives at a receiving step from outside, and how the evidence says it."""
        messages = self.file.messages_in.get(node.id, ())
        if not messages:
            if node.type == "receiveTask" or (node.type in _RECEIVING_EVENTS[1:] and "message" in node.event_definitions):
                if self.engine:
                    return Medium.DIGITAL, f"Nachricht an den ausführbaren Prozess ({_ENGINE_NAMES[self.engine]})"
                return Medium.UNKNOWN, "Eingang von außen; der Weg ist nicht angegeben"
            return None
        result: Medium | None = None
        reasons = []
        for message in messages:
            reading = _read(self.lexicon.match(message.name), message.name, strong_only=False) if message.name else None
            if reading is not None:
                medium, reason = reading.medium, _said(reading, f"Eingang über Nachricht „{_quote(message.name)}“,")
            elif message.other in remote:
                medium = remote[message.other]
                sender = self.file.node_name(message.other)
                reason = f"Eingang von „{_quote(sender)}“ (anderer Pool): {medium.german}"
            elif message.other in self.file.pools:
                pool = self.file.pool_name(message.other)
                reading = _read(self.lexicon.match(pool), pool, strong_only=True) if pool else None
                medium = reading.medium if reading else Medium.UNKNOWN
                reason = f"Eingang vom Pool „{_quote(pool or message.other)}“: {medium.german}"
            else:
                medium, reason = Medium.UNKNOWN, "Eingang über eine Nachricht ohne Angabe des Wegs"
            result = _join(result, medium)
            reasons.append(reason)
        return result or Medium.UNKNOWN, "; ".join(reasons)

    def own(self, node: Node, invalid: list[InvalidAnnotation]) -> tuple[_Own | None, bool]:
        """The step's own evidence, and whether it hands a result outside."""
        if node.is_gateway:
            return _explicit(node, self.definitions, invalid, self.lexicon), False
        name_matches = self.lexicon.match(node.name)
        output = self.outputs(node, name_matches)
        explicit = _explicit(node, self.definitions, invalid, self.lexicon)
        if explicit is not None:
            return explicit, output
        if node.is_event and "timer" in node.event_definitions:
            return _Own(Medium.UNKNOWN, ["Zeitereignis: ohne Medium, übernimmt das ankommende"], "timer"), output
        decided = self._decide(node, name_matches, output)
        if decided is not None and decided.medium is Medium.PAPER:
            decided.original = any(m.term.key in _ORIGINAL_KEYS for m in name_matches)
        return decided, output

    def _decide(self, node: Node, name_matches: list[Match], output: bool) -> _Own | None:
        event = node.is_event
        conversion = None if event else _conversion(name_matches)
        if conversion in _CONVERTS:
            target, verb = _CONVERTS[conversion]
            printout = conversion == "print" and all(
                "".join(words(m.found)) in _PRINTOUT_NOUNS for m in name_matches if m.term.category == "print"
            )
            return _Own(
                target, [f"Name enthält {_terms_of(name_matches, conversion)}: {verb}"], "name", conversion,
                printout=printout,
            )
        reading = _read(name_matches, node.name, strong_only=True)
        if conversion == "rekey" and reading is not None and reading.medium is Medium.PAPER:
            # "Daten aus Vordruck in FiWeb erfassen": the paper is the source, the system the target
            said = ", ".join((_terms_of(name_matches, "rekey"), *reading.found))
            return _Own(Medium.DIGITAL, [f"Name enthält {said}: Eingabe vom Papier in ein IT-System"], "name", "rekey")
        if reading is not None:
            said = _said(reading, "Name")
            if conversion == "rekey" and reading.kind == "medium":
                said += f", {_terms_of(name_matches, 'rekey')} (Eingabe)"
            return _Own(reading.medium, [said], "name", conversion, transparent=reading.kind != "medium")
        notes = self.file.annotations(node.id)
        for note in notes:
            matches = self.lexicon.match(note)
            reading = _read(matches, note, strong_only=True) or _printout(matches)
            if reading is not None:
                return _Own(reading.medium, [_said(reading, f"Textanmerkung „{_quote(note)}“")], "annotation", conversion,
                            transparent=reading.kind != "medium")
        found = self._properties(node, conversion)
        if found is not None:
            return found
        if node.type in _DIGITAL_TYPES:
            return _Own(Medium.DIGITAL, [f"{_DIGITAL_TYPES[node.type]}: läuft in Software"], "bpmn", conversion)
        found = self._data(node, conversion)
        if found is not None:
            return found
        for message in self.file.messages_out.get(node.id, ()):
            if message.name:
                reading = _read(self.lexicon.match(message.name), message.name, strong_only=False)
                if reading is not None:
                    return _Own(reading.medium, [_said(reading, f"Nachricht „{_quote(message.name)}“")], "message", conversion)
        if not event:
            reading = _read(name_matches, node.name, strong_only=False)
            if reading is not None and reading.kind == "medium":
                return _Own(reading.medium, [_said(reading, "Name")], "name", conversion, weak=True)
            for note in notes:
                reading = _read(self.lexicon.match(note), note, strong_only=False)
                if reading is not None and reading.kind == "medium":
                    return _Own(
                        reading.medium, [_said(reading, f"Textanmerkung „{_quote(note)}“")], "annotation", conversion,
                        weak=True,
                    )
        if node.documentation:
            doc_matches = self.lexicon.match(node.documentation)
            doc_conversion = None if event else _conversion(doc_matches)
            if doc_conversion in _CONVERTS:
                said = _terms_of(doc_matches, doc_conversion)
                return _Own(
                    _CONVERTS[doc_conversion][0], [f"Dokumentation enthält {said}"], "documentation", doc_conversion,
                    weak=True,
                )
            reading = _read(doc_matches, node.documentation, strong_only=event)
            if reading is not None and reading.kind == "medium":
                return _Own(reading.medium, [_said(reading, "Dokumentation")], "documentation", conversion, weak=True)
        if conversion == "rekey":
            said = _terms_of(name_matches, "rekey")
            return _Own(
                Medium.DIGITAL, [f"Name enthält {said}: Eingabe in ein IT-System"], "name", "rekey", weak=True
            )
        engine = self._engine(node, output)
        if engine is not None:
            return engine
        default = self._default(node)
        if output and node.type != "endEvent":
            if default is not None:
                return _Own(default.medium, default.evidence, default.source)
            group = self.definitions.activity_group(node.id)
            if group is not None and group.transmission:
                said = ("im Stammprozess offen (Code 99)" if set(group.transmission) == {OPEN_TRANSMISSION}
                        else f"Code {', '.join(sorted(set(group.transmission)))} (Codeliste nicht ausgewertet)")
                return _Own(Medium.UNKNOWN, [f"FIM-Aktivitätengruppe stellt Daten bereit; Übermittlungsart {said}"], "name",
                            transparent=True)
            # "Bescheid versenden": the way out is not stated; do not assume the one of the case file
            return _Own(Medium.UNKNOWN, ["Ergebnis geht nach außen, der Weg ist nicht angegeben"], "name", transparent=True,
                        unnamed_way=True)
        return default

    def _properties(self, node: Node, conversion: str | None) -> _Own | None:
        """Vendor attributes: an IT system named for the step (Signavio's meta-itsystem, a property
        fachverfahren) or a channel (Kanal, Versandweg) whose value says the way."""
        for prop in node.extensions.properties:
            key = prop.name.rsplit(":", 1)[-1].casefold().removeprefix("meta-").replace("_", "").replace("-", "")
            value = prop.value.strip()
            if not value or _PLACEHOLDER_VALUE.match(value) or value in ("[]", "{}"):
                continue
            if key in _SYSTEM_PROPERTIES:
                return _Own(Medium.DIGITAL, [f"Eigenschaft {prop.name} = {_quote(value, 40)}: IT-System des Schritts"],
                            "explicit", conversion)
            if key in _CHANNEL_PROPERTIES:
                reading = _read(self.lexicon.match(value), value, strong_only=False) or _printout(self.lexicon.match(value))
                if reading is not None:
                    return _Own(reading.medium, [_said(reading, f"Eigenschaft {prop.name} = „{_quote(value, 40)}“,")],
                                "explicit", conversion)
        return None

    def _data(self, node: Node, conversion: str | None) -> _Own | None:
        for use in self.data.get(node.id, ()):
            matches = self.lexicon.match(use.name)
            reading = _read(matches, use.name, strong_only=False) or _printout(matches)
            if reading is None:
                continue
            label = "Liest" if use.direction == "input" else "Schreibt"
            if conversion == "rekey" and use.direction == "input" and reading.medium.analogue:
                return _Own(
                    Medium.DIGITAL,
                    [f"{label} „{_quote(use.name)}“ ({reading.medium.german}) und {_terms_of(self.lexicon.match(node.name), 'rekey')}: "
                     "Eingabe vom Papier in ein IT-System"],
                    "data", "rekey",
                )
            return _Own(reading.medium, [_said(reading, f"{label} „{_quote(use.name)}“,")], "data", conversion)
        return None

    def _engine(self, node: Node, output: bool) -> _Own | None:
        if not self.engine and node.type == "userTask" and not output:
            # BPMN 2.0: a user task is performed "with the assistance of a software application"
            return _Own(Medium.DIGITAL, ["Benutzeraufgabe: wird mit einer Anwendung bearbeitet"], "bpmn", weak=True)
        if not self.engine or node.type == "manualTask":
            return None
        if output and node.type in ("userTask", "task") and not node.is_event:
            return None  # a person hands the result out: the way is theirs to choose
        engine = _ENGINE_NAMES[self.engine]
        if node.type == "userTask":
            return _Own(Medium.DIGITAL, [f"Benutzeraufgabe im ausführbaren Prozess ({engine}): Aufgabenliste"], "engine", weak=True)
        return _Own(Medium.DIGITAL, [f"Ausführbarer Prozess ({engine}): läuft in der Process Engine"], "engine", weak=True)

    def _default(self, node: Node) -> _Own | None:
        key = node.lane
        if key not in self._defaults:
            self._defaults[key] = self._read_defaults(self.file.defaults(self.process, node))
        return self._defaults[key]

    def _read_defaults(self, defaults: list[Default]) -> _Own | None:
        for default in defaults:
            matches = self.lexicon.match(default.text)
            reading = _read(matches, default.text, strong_only=True)
            if reading is None:
                conversion = _conversion(matches)
                if conversion in ("print", "scan"):
                    # "Scanstelle": work there ends up digital; "Druckstraße": on paper
                    medium = _CONVERTS[conversion][0]
                    reading = _Reading(medium, (_terms_of(matches, conversion),), "medium")
            if reading is not None and reading.kind == "medium":
                shown = default.label if default.label.endswith("“") else f"{default.label} „{_quote(default.text)}“"
                return _Own(reading.medium, [f"{_said(reading, shown)} (Vorgabe für die Schritte darin)"], default.source, weak=True)
        return None


def _printout(matches: list[Match]) -> _Reading | None:
    """In a note or a data name, a print word means the thing is on paper ("Laufmappe (Ausdruck E-Mail)")."""
    printed = [m.describe() for m in matches if m.term.category == "print"]
    return _Reading(Medium.PAPER, tuple(printed), "medium") if printed else None


_MAX_UPDATES = 6  # per node; bounds the fixpoint on graphs where media disagree around loops


def _propagate(nodes, preds, succs, fixed: dict[str, Medium], arrivals: dict[str, Medium]):
    """Carry media along the flow until nothing changes.

    Steps with evidence keep their medium; a step that receives from outside works
    on what arrives; every other step on what its incoming paths agree on.
    """
    value: dict[str, Medium | None] = {n: fixed.get(n, arrivals.get(n)) for n in nodes}
    updates = dict.fromkeys(nodes, 0)
    queue = deque(nodes)
    queued = set(nodes)
    while queue:
        current = queue.popleft()
        queued.discard(current)
        if current in fixed or current in arrivals:
            new = value[current]
        else:
            new = None
            for pred in preds[current]:
                new = _join(new, value[pred])
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
    if a.analogue and b.analogue:
        return Medium.PAPER  # after a visit or a letter the case goes on in the (paper) file
    return Medium.UNKNOWN


def _flow(process: Process, definitions: Definitions, nodes: dict[str, Node]):
    """Predecessors and successors along which media travel (sub-processes left by their ends)."""
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
    return adjacency, children, preds, succs


_GAP_LIMIT = 200  # steps looked at per backward search


def _across_gap(start: str, preds, value, arrivals, origin, nodes) -> tuple[Medium, str | None, tuple[str, ...]] | None:
    """The last known medium upstream of ``start``, across steps of unknown medium.

    Only when every path back meets the same medium. A step that waits for something
    from outside ("Ausweis vom Hersteller eingetroffen") is a gap too: the case goes on.
    """
    seen: set[str] = set()
    gap: list[str] = []
    found: Medium | None = None
    where: str | None = None
    queue = deque(preds[start])
    while queue and len(seen) < _GAP_LIMIT:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        medium = value.get(current)
        if medium is not None and medium.known:
            if found is not None and medium != found:
                return None
            found, where = medium, where or origin.get(current, current)
            continue
        if not preds[current]:
            return None  # a start without evidence: nothing known comes before
        if not nodes[current].is_gateway:
            gap.append(current)
        queue.extend(preds[current])
    if found is None or queue:
        return None
    return found, where, tuple(reversed(gap))


def infer(
    process: Process,
    definitions: Definitions,
    lexicon: Lexicon,
    file: FileContext | None = None,
    remote: dict[str, Medium] | None = None,
) -> ProcessMedia:
    """Media of one process. ``remote``: media of steps in the other processes of the file.

    Each step's own evidence first, then what arrives by message; the media spread along the
    flows from the evidenced steps (weak evidence only where nothing else reaches); then each
    step is assembled with where its medium came from.
    """
    file = file or FileContext(definitions)
    context = _Context(process, definitions, lexicon, file)
    nodes = process.node_map
    first, output, invalid = _own_evidence(process, context, file)
    own = dict(first)
    arrival_of, receiving = _arrivals(process, context, remote or {})
    adjacency, children, preds, succs = _flow(process, definitions, nodes)
    _named_ways_in(process, nodes, own, lexicon)
    _printouts_sent(nodes, preds, own)
    # A step with evidence of its own that receives something into a running case ("Führungszeugnis
    # per Post eingegangen" in a digital case) is compared with that case; so is one whose sender is
    # unknown. What arrives decides where the case begins, and for steps that say nothing themselves.
    for n in list(arrival_of):
        if own[n] is not None and own[n].source != "timer" and not own[n].weak and (
            preds[n] or not arrival_of[n][0].known
        ):
            del arrival_of[n]
    arrivals = {n: a[0] for n, a in arrival_of.items()}
    timers = {n for n, o in own.items() if o is not None and o.source == "timer"}
    # steps of unknown medium that only communicate (a phone call, "per E-Mail oder Brief", a result
    # going out on an unnamed way) do not change the case: its medium passes them, as it passes timers
    passing = timers | {n for n, o in own.items() if o is not None and o.transparent}
    value = _spread(nodes, preds, succs, own, passing, arrivals)
    origin = _origins(nodes, succs, own, passing, arrivals, value)
    prints = {n for n in nodes if own[n] is not None and own[n].conversion == "print"}
    case_of = _case_files(nodes, preds, own, output, prints, value)
    flows = _Flows(preds, succs, value, arrivals, origin, nodes)
    steps: dict[str, StepMedium] = {}
    for node in process.nodes:
        node_id = node.id
        incoming, came_from = _incoming(node_id, flows)
        mine = own[node_id]
        if mine is not None and node_id not in timers:
            steps[node_id] = _evidenced_step(node_id, mine, incoming, came_from, flows, output, receiving, prints,
                                             case_of)
        else:
            steps[node_id] = _inferred_step(node_id, own, arrival_of, timers, incoming, came_from, flows, output,
                                            receiving)
    intake_node, intake = _intake(process, adjacency, steps)
    activities = [n for n in process.nodes if n.is_activity and not children.get(n.id)]
    counts = {m.value: 0 for m in Medium}
    for node in activities:
        counts[steps[node.id].medium.value] += 1
    digital_intake = None if intake is Medium.UNKNOWN else intake is Medium.DIGITAL
    mailbox = bool(digital_intake) and any(converts_digital_work(steps[n]) for n in prints)
    return ProcessMedia(
        steps, intake, intake_node, digital_intake, mailbox, counts, tuple(invalid), file.role(process).role,
        file.role(process).reason,
    )


@dataclass(frozen=True, slots=True)
class _Flows:
    """The spread media of one process and the graph they spread on."""

    preds: dict[str, list[str]]
    succs: dict[str, list[str]]
    value: dict[str, Medium | None]  # the medium each step works in
    arrivals: dict[str, Medium]  # what arrives by message where it decides
    origin: dict[str, str]  # the evidenced step a spread medium comes from
    nodes: dict[str, Node]


def _own_evidence(process: Process, context: _Context, file: FileContext):
    """Each step's own evidence and whether it hands a result outside (cached per process: it does not
    depend on the other processes of the file)."""
    cached = file.own_cache.get(id(process))
    if cached is None:
        invalid: list[InvalidAnnotation] = []
        first: dict[str, _Own | None] = {}
        output: dict[str, bool] = {}
        for node in process.nodes:
            first[node.id], output[node.id] = context.own(node, invalid)
        cached = file.own_cache[id(process)] = (first, output, tuple(invalid))
    return cached[0], cached[1], list(cached[2])


def _arrivals(process: Process, context: _Context, remote: dict[str, Medium]):
    """What arrives by message at each receiving step (medium, evidence), and which steps receive."""
    arrival_of: dict[str, tuple[Medium, str]] = {}
    receiving: dict[str, bool] = {}
    for node in process.nodes:
        if receiving.setdefault(node.id, context.receives(node)):
            arrived = context.arrival(node, remote)
            if arrived is not None:
                arrival_of[node.id] = arrived
    return arrival_of, receiving


def _named_ways_in(process: Process, nodes, own: dict, lexicon: Lexicon) -> None:
    """A step without evidence reached only by flows that name the way ("per Post", "online")."""
    flows_into: dict[str, list] = {}
    for flow in process.flows:
        flows_into.setdefault(flow.target, []).append(flow)
    for node_id, incoming_flows in flows_into.items():
        mine = own.get(node_id)
        if node_id not in nodes or nodes[node_id].is_gateway or (mine is not None and not mine.weak):
            continue
        readings = [(_read(lexicon.match(f.name), f.name, strong_only=True), f.name) for f in incoming_flows]
        media = {r.medium for r, _ in readings if r is not None and r.kind == "medium"}
        if len(media) == 1 and all(r is not None and r.kind == "medium" for r, _ in readings):
            reading, name = readings[0]
            own[node_id] = _Own(reading.medium, [_said(reading, f"Eingehender Weg „{_quote(name)}“")], "name")


def _printouts_sent(nodes, preds, own: dict) -> None:
    """A result going out without its way, right after a print, sends the printout."""
    for node_id, mine in list(own.items()):
        if mine is not None and mine.unnamed_way:
            printed = _printed_before(node_id, preds, own, nodes)
            if printed is not None:
                shown = nodes[printed].name or printed
                own[node_id] = _Own(Medium.PAPER, [f"Versendet den Ausdruck von „{shown}“"], "name")


def _spread(nodes, preds, succs, own: dict, passing: set[str], arrivals) -> dict[str, Medium | None]:
    """The medium of every step: strong evidence spread along the flows; weak evidence (a weak word,
    the documentation, the engine, the lane) decides only where that found no medium. Re-keying words
    ("erfassen", "eingeben") say more when the work arrives analogue: the step is where the data enters
    a system. A weak hint that was not needed is dropped from ``own``."""
    strong = {n: o.medium for n, o in own.items() if o is not None and not o.weak and n not in passing}
    value = _propagate(nodes, preds, succs, strong, arrivals)
    weak_used = {
        n for n, o in own.items()
        if o is not None and o.weak and (
            value[n] in (None, Medium.UNKNOWN)
            or (o.conversion == "rekey" and o.medium is Medium.DIGITAL and value[n] in (Medium.PAPER, Medium.IN_PERSON))
        )
    }
    if weak_used:
        fixed = strong | {n: own[n].medium for n in weak_used}
        value = _propagate(nodes, preds, succs, fixed, arrivals)
    for n in nodes:
        if own[n] is not None and own[n].weak and n not in weak_used:
            own[n] = None  # the arriving medium is known: the weak hint is not needed
    return value


def _origins(nodes, succs, own: dict, passing: set[str], arrivals, value) -> dict[str, str]:
    """The evidenced step a propagated medium comes from (breadth-first, linear)."""
    origin: dict[str, str] = {n: n for n in nodes if (own[n] is not None and n not in passing) or n in arrivals}
    spread = deque(origin)
    while spread:
        current = spread.popleft()
        for succ in succs[current]:
            if succ not in origin and value[succ] is not None and value[succ].known and value[succ] == value[current]:
                origin[succ] = origin[current]
                spread.append(succ)
    return origin


def _case_files(nodes, preds, own: dict, output: dict[str, bool], prints: set[str], value) -> dict[str, Medium | None]:
    """After a result went out ("Bescheid per Post versenden"), the office goes on with its case file:
    the next step may work in the medium of what was sent or in the one of the file before it."""

    def before(node_id: str) -> Medium | None:
        joined = None
        for pred in preds[node_id]:
            joined = _join(joined, before(pred) if pred in prints and output.get(node_id) else value[pred])
        return joined

    case_of: dict[str, Medium | None] = {}
    for node_id in nodes:
        outs = [p for p in preds[node_id] if output.get(p) and own[p] is not None]
        if outs:
            case = None
            for pred in outs:
                case = _join(case, before(pred))
            case_of[node_id] = case
    return case_of


def _incoming(node_id: str, flows: _Flows) -> tuple[Medium | None, str | None]:
    """The medium that reaches a step, and the evidenced step it comes from."""
    preds = flows.preds[node_id]
    if node_id in flows.arrivals and not preds:
        return flows.arrivals[node_id], node_id  # the case begins with what arrives
    incoming = None  # what arrives joins a running case: compared with the case
    for pred in preds:
        incoming = _join(incoming, flows.value[pred])
    came_from = None
    if incoming is not None and incoming.known:
        came_from = next((flows.origin[p] for p in preds if flows.value[p] == incoming and p in flows.origin), None)
    return incoming, came_from


def _evidenced_step(node_id: str, mine: _Own, incoming, came_from, flows: _Flows, output, receiving, prints,
                    case_of) -> StepMedium:
    """A step with evidence of its own, and what reached it (across steps of unknown medium, too)."""
    preds, arrivals = flows.preds[node_id], flows.arrivals
    gap_medium = gap_origin = None
    gap: tuple[str, ...] = ()
    if mine.medium.known and preds and node_id not in arrivals and (incoming is None or not incoming.known):
        bridged = _across_gap(node_id, flows.preds, flows.value, arrivals, flows.origin, flows.nodes)
        if bridged is not None:
            gap_medium, gap_origin, gap = bridged
    return StepMedium(
        node_id, mine.medium, tuple(mine.evidence), mine.source, mine.conversion,
        incoming if (preds or node_id in arrivals) else None, came_from, output[node_id], receiving[node_id],
        node_id in prints and _feeds_output(node_id, flows.succs, output, flows.nodes),
        gap_medium, gap_origin, gap, mine.printout, case_of.get(node_id), mine.original,
    )


def _inferred_step(node_id: str, own, arrival_of, timers, incoming, came_from, flows: _Flows, output,
                   receiving) -> StepMedium:
    """A step without evidence of its own: a timer, what arrives, or the medium spread to it."""
    preds, arrivals, nodes = flows.preds[node_id], flows.arrivals, flows.nodes
    if node_id in timers:
        final, evidence, source = Medium.UNKNOWN, tuple(own[node_id].evidence), "timer"
    elif node_id in arrivals:
        final, evidence, source = arrivals[node_id], (arrival_of[node_id][1],), "arrival"
    else:
        final = flows.value[node_id] or Medium.UNKNOWN
        if not final.known:
            evidence = ("kein Hinweis auf das Medium",) if not preds else (
                "eingehende Wege haben verschiedene oder unbekannte Medien",
            )
            source = "none"
        else:
            shown = nodes[came_from].name or came_from if came_from in nodes else "?"
            evidence = (f"übernommen von „{shown}“",)
            source = "propagated"
    return StepMedium(
        node_id, final, evidence, source, None,
        incoming if (preds or node_id in arrivals) else None, came_from, output[node_id], receiving[node_id],
    )


def _printed_before(node_id: str, preds, own, nodes) -> str | None:
    """The print step right before ``node_id`` (past gateways), when every path comes from one."""
    found = None
    queue = list(preds[node_id])
    seen: set[str] = set()
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        if nodes[current].is_gateway:
            queue.extend(preds[current])
            continue
        mine = own.get(current)
        if mine is None or mine.conversion != "print":
            return None
        found = current
    return found


def converts_digital_work(step: StepMedium) -> bool:
    """The step converts digital work that stays in the back office (not a letter or a copy going out).

    What arrives is the medium along the flow, or across steps of unknown medium when the flow does not say.
    """
    arriving = step.in_medium if step.in_medium is not None and step.in_medium.known else step.gap_medium
    return arriving is Medium.DIGITAL and not step.output and not step.feeds_output


def _feeds_output(node_id: str, succs, output: dict[str, bool], nodes: dict[str, Node]) -> bool:
    """Whether a print goes straight out: the next step (past gateways) hands a result outside."""
    seen: set[str] = set()
    queue = deque(succs[node_id])
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        if output.get(current):
            return True
        if nodes[current].is_gateway:
            queue.extend(succs[current])
    return False


def _intake(process: Process, adjacency, steps: dict[str, StepMedium]) -> tuple[str | None, Medium]:
    """How the request arrives: the first step with evidence, in flow order from the start.

    What arrives from another pool (the applicant's online form, a letter) counts as evidence.
    """
    seen: set[str] = set()
    queue = deque(n.id for n in roots(process) if n.parent is None and not n.triggered_by_event)
    while queue:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        step = steps[current]
        if step.source == "arrival":
            return current, step.medium
        if step.evidenced and not (step.output and not step.input):
            return current, step.medium  # a letter going out is never the intake
        queue.extend(t for t, kind in adjacency[current] if kind == "sequence")
    return None, Medium.UNKNOWN


_ROUNDS = 4  # message flows between processes: media settle after a few rounds


def infer_file(
    definitions: Definitions, lexicon: Lexicon, roles: dict[str, str] | None = None
) -> list[ProcessMedia | Exception]:
    """Media of every process of a file (in file order), carried between them along message flows.

    A process whose analysis fails gets the exception in place of its media; the
    others are unaffected. ``roles``: pool roles set in the project configuration.
    """
    file = FileContext(definitions, roles)
    results: list[ProcessMedia | Exception] = []
    remote: dict[str, Medium] = {}
    for process in definitions.processes:
        try:
            results.append(infer(process, definitions, lexicon, file))
        except Exception as exc:  # noqa: BLE001 - reported by the caller as an internal error
            results.append(exc)
    if not file.crosses_processes:
        return results
    # only processes that receive from another one can change in later rounds, and only
    # when what their senders have changes (a sender of unknown medium changes nothing)
    senders: dict[int, list[str]] = {}
    for index, process in enumerate(definitions.processes):
        others = [
            m.other for n in process.nodes for m in file.messages_in.get(n.id, ())
            if m.other_process not in (None, process.id)
        ]
        if others:
            senders[index] = others
    seen: dict[int, tuple] = {index: tuple(Medium.UNKNOWN for _ in others) for index, others in senders.items()}
    for _ in range(_ROUNDS - 1):
        remote = {
            node: step.medium
            for media in results if isinstance(media, ProcessMedia)
            for node, step in media.steps.items()
        }
        changed = False
        for index, others in senders.items():
            now = tuple(remote.get(o, Medium.UNKNOWN) for o in others)
            if now == seen[index]:
                continue
            seen[index] = now
            changed = True
            try:
                results[index] = infer(definitions.processes[index], definitions, lexicon, file, remote)
            except Exception as exc:  # noqa: BLE001
                results[index] = exc
        if not changed:
            break
    return results


fast_pickle(StepMedium, InvalidAnnotation, ProcessMedia)  # parallel checks that keep the models (the site) send them back
fast_init(StepMedium)  # one per step
