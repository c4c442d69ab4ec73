"""The typed, immutable BPMN model every analysis works on.

The loader (``loader.py``) builds these objects from XML; nothing here knows
about XML, rules or output formats.  All collections are tuples so that a
loaded model can be shared freely between analyses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..frozen import fast_init
from ..pickling import fast_pickle

ACTIVITY_TYPES = frozenset(
    {
        "task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
        "sendTask", "receiveTask", "callActivity", "subProcess", "transaction",
        "adHocSubProcess", "choreographyTask", "subChoreography", "callChoreography",
    }
)
SUBPROCESS_TYPES = frozenset({"subProcess", "transaction", "adHocSubProcess", "subChoreography"})
EVENT_TYPES = frozenset(
    {
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
        "boundaryEvent", "implicitThrowEvent",
    }
)
GATEWAY_TYPES = frozenset(
    {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}
)
FLOW_NODE_TYPES = ACTIVITY_TYPES | EVENT_TYPES | GATEWAY_TYPES


@dataclass(frozen=True, slots=True)
class Property:
    """A name/value pair from an extension element or a vendor attribute."""

    name: str
    value: str
    source: str  # e.g. "camunda:property", "signavio:signavioMetaData", "attribute"


@dataclass(frozen=True, slots=True)
class Extensions:
    properties: tuple[Property, ...] = ()
    raw: str = ""  # the serialised <extensionElements>, untouched

    def get(self, name: str) -> str | None:
        """Value of the first property whose (local) name equals ``name``, case-insensitively."""
        wanted = name.lower()
        for prop in self.properties:
            local = prop.name.rsplit(":", 1)[-1].lower()
            if local == wanted:
                return prop.value
        return None


NO_EXTENSIONS = Extensions()


@dataclass(frozen=True, slots=True)
class Node:
    """A flow node: activity, event or gateway (a "Schritt" on the site)."""

    id: str
    type: str  # BPMN local name, e.g. "userTask"
    name: str
    line: int | None
    documentation: str = ""
    lane: str | None = None  # id of the innermost lane holding the node
    parent: str | None = None  # id of the enclosing sub-process, None at process level
    event_definitions: tuple[str, ...] = ()  # e.g. ("message",) for messageEventDefinition
    attached_to: str | None = None  # host activity of a boundary event
    cancel_activity: bool | None = None
    triggered_by_event: bool = False  # event sub-process
    called_element: str | None = None
    is_for_compensation: bool = False
    incoming: tuple[str, ...] = ()  # sequence flow ids
    outgoing: tuple[str, ...] = ()
    extensions: Extensions = NO_EXTENSIONS

    @property
    def is_activity(self) -> bool:
        return self.type in ACTIVITY_TYPES

    @property
    def is_event(self) -> bool:
        return self.type in EVENT_TYPES

    @property
    def is_gateway(self) -> bool:
        return self.type in GATEWAY_TYPES

    @property
    def is_container(self) -> bool:
        return self.type in SUBPROCESS_TYPES


@dataclass(frozen=True, slots=True)
class SequenceFlow:
    id: str
    source: str
    target: str
    line: int | None
    name: str = ""
    condition: str | None = None
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class MessageFlow:
    id: str
    source: str
    target: str
    line: int | None
    name: str = ""
    message_ref: str | None = None
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    line: int | None
    node_ids: tuple[str, ...] = ()
    parent: str | None = None  # enclosing lane for nested lane sets
    documentation: str = ""


@dataclass(frozen=True, slots=True)
class DataItem:
    """Data objects, their references, data stores and store references."""

    id: str
    type: str  # dataObject | dataObjectReference | dataStore | dataStoreReference | dataInput | dataOutput
    name: str
    line: int | None
    ref: str | None = None  # dataObjectRef / dataStoreRef
    state: str | None = None
    documentation: str = ""
    extensions: Extensions = NO_EXTENSIONS


@dataclass(frozen=True, slots=True)
class DataAssociation:
    id: str
    direction: str  # "input" (data → activity) | "output" (activity → data)
    node: str  # the activity or event owning the association
    items: tuple[str, ...]  # referenced data item ids
    line: int | None


@dataclass(frozen=True, slots=True)
class TextAnnotation:
    id: str
    text: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Association:
    id: str
    source: str
    target: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    name: str
    line: int | None
    process_ref: str | None = None
    documentation: str = ""
    extensions: Extensions = NO_EXTENSIONS


@dataclass(frozen=True, slots=True)
class Collaboration:
    id: str
    name: str
    line: int | None
    participants: tuple[Participant, ...] = ()
    message_flows: tuple[MessageFlow, ...] = ()


@dataclass(frozen=True, slots=True)
class Process:
    id: str
    name: str
    line: int | None
    documentation: str = ""
    is_executable: bool | None = None
    engine: str | None = None  # camunda | zeebe | activiti | flowable: executable and configured for it
    participant: str | None = None  # id of the pool that references this process
    participant_name: str | None = None
    nodes: tuple[Node, ...] = ()  # every flow node, those in sub-processes included
    flows: tuple[SequenceFlow, ...] = ()
    lanes: tuple[Lane, ...] = ()
    data: tuple[DataItem, ...] = ()
    data_associations: tuple[DataAssociation, ...] = ()
    extensions: Extensions = NO_EXTENSIONS
    # lookup tables built on first use; init=False: replace() gives the new process fresh ones
    _cache: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        return self.name or self.participant_name or self.id

    @property
    def node_map(self) -> dict[str, Node]:
        """Every node by id (the last of a duplicated id, as a dict built in model order keeps it)."""
        found = self._cache.get("nodes")
        if found is None:
            found = self._cache["nodes"] = {n.id: n for n in self.nodes}
        return found

    def node(self, node_id: str) -> Node | None:
        return self.node_map.get(node_id)

    def lane(self, lane_id: str | None) -> Lane | None:
        if lane_id is None:
            return None
        lanes = self._cache.get("lanes")
        if lanes is None:
            lanes = self._cache["lanes"] = {lane.id: lane for lane in self.lanes}
        return lanes.get(lane_id)


@dataclass(frozen=True, slots=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Shape:
    id: str
    element: str  # bpmnElement
    bounds: Bounds | None
    label: Bounds | None = None
    is_expanded: bool | None = None
    is_horizontal: bool | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    element: str
    waypoints: tuple[Point, ...]
    label: Bounds | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Diagram:
    id: str
    name: str
    plane_element: str | None
    shapes: tuple[Shape, ...] = ()
    edges: tuple[Edge, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """A legal basis a model names for an element or for the whole procedure (FIM Handlungsgrundlage)."""

    name: str  # as written, e.g. "§ 27 (1) - (4) MuSchG"
    law: str | None = None  # "MuSchG"
    paragraph: str | None = None  # "27", "3a"
    absaetze: tuple[str, ...] = ()  # ("1", "2", "3", "4")
    kind: str | None = None  # code of the Handlungsgrundlagenart, as exported
    uri: str | None = None

    @property
    def citations(self) -> tuple[str, ...]:
        """The norm in the project's citation style, one per Absatz: ("§ 27 Abs. 1 MuSchG", …)."""
        if not self.paragraph or not self.law:
            return (self.name,)
        if not self.absaetze:
            return (f"§ {self.paragraph} {self.law}",)
        return tuple(f"§ {self.paragraph} Abs. {a} {self.law}" for a in self.absaetze)


@dataclass(frozen=True, slots=True)
class ActivityGroup:
    """A FIM activity group (Aktivitätengruppe), joined to the BPMN element with its id."""

    id: str
    element: str  # the BPMN element (sub-process) whose id equals the group's subProzessID
    name: str
    line: int | None
    reference_type: str | None = None  # code of the Referenzaktivitätengruppe, as exported
    semantics: tuple[str, ...] = ()  # what its specific attributes say: "empfängt Daten", "stellt Daten bereit", …
    transmission: tuple[str, ...] = ()  # codes of the Übermittlungsart, as exported
    legal_bases: tuple[LegalBasis, ...] = ()


@dataclass(frozen=True, slots=True)
class Service:
    """Which administrative service a model describes (FIM process class: the LeiKa Leistungsschlüssel)."""

    key: str
    name: str
    line: int | None
    version: str | None = None
    status: str | None = None  # code, as exported
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = ""  # e.g. "XProzess 2.0 (ADONIS NP)"
    legal_bases: tuple[LegalBasis, ...] = ()


@dataclass(frozen=True, slots=True)
class Definitions:
    """One BPMN file."""

    path: str
    id: str
    name: str
    target_namespace: str
    exporter: str | None
    exporter_version: str | None
    line: int | None = None
    processes: tuple[Process, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    data_stores: tuple[DataItem, ...] = ()  # top-level <dataStore>
    annotations: tuple[TextAnnotation, ...] = ()
    associations: tuple[Association, ...] = ()
    diagrams: tuple[Diagram, ...] = ()
    duplicate_ids: tuple[tuple[str, int | None], ...] = ()  # (id, line of the repeat)
    element_count: int = 0  # every element in the file, for limits and statistics
    service: Service | None = None  # from the file's container (XProzess) or None
    activity_groups: tuple[ActivityGroup, ...] = ()
    embedded: str | None = None  # the model was embedded in a container: its member name; lines refer to it
    # lookup tables built on first use; init=False: replace() gives the new model fresh ones
    _cache: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def message_flows(self) -> tuple[MessageFlow, ...]:
        return tuple(mf for c in self.collaborations for mf in c.message_flows)

    @property
    def participants(self) -> tuple[Participant, ...]:
        return tuple(p for c in self.collaborations for p in c.participants)

    def message_names(self, element_id: str) -> tuple[str, ...]:
        """Names of the message flows that start or end at ``element_id`` (in document order)."""
        by_element = self._cache.get("message_names")
        if by_element is None:
            by_element = {}
            for flow in self.message_flows:
                for end in (flow.source, flow.target):
                    by_element.setdefault(end, []).append(flow.name)
            self._cache["message_names"] = by_element
        return tuple(by_element.get(element_id, ()))

    def annotations_of(self, element_id: str) -> tuple[TextAnnotation, ...]:
        """Text annotations connected to ``element_id`` by an association (either direction)."""
        by_element = self._cache.get("annotations_of")
        if by_element is None:
            texts = {a.id: a for a in self.annotations}
            by_element = {}
            for assoc in self.associations:
                for elem, other in ((assoc.source, assoc.target), (assoc.target, assoc.source)):
                    if other in texts:
                        by_element.setdefault(elem, []).append(texts[other])
            self._cache["annotations_of"] = by_element
        return tuple(by_element.get(element_id, ()))

    def legal_bases_of(self, element_id: str) -> tuple[LegalBasis, ...]:
        """Legal bases the model names for this element (its FIM activity group)."""
        group = self.activity_group(element_id)
        return group.legal_bases if group else ()

    def activity_group(self, element_id: str) -> ActivityGroup | None:
        """The FIM activity group of this element, if the model has one."""
        groups = self._cache.get("groups")
        if groups is None:
            groups = self._cache["groups"] = {g.element: g for g in self.activity_groups}
        return groups.get(element_id)

    def shapes(self) -> Iterator[Shape]:
        for diagram in self.diagrams:
            yield from diagram.shapes

    def edges(self) -> Iterator[Edge]:
        for diagram in self.diagrams:
            yield from diagram.edges


def enclosing(element_id: str | None, parent: dict[str, str | None], limit: int = 200) -> Iterator[str]:
    """``element_id`` and the sub-processes around it, innermost first (``parent``: node id → parent id).

    At most ``limit`` steps up, so a malformed parent chain that loops still ends.
    """
    current = element_id
    for _ in range(limit):
        if current is None:
            return
        yield current
        current = parent.get(current)


fast_pickle(
    Property, Extensions, Node, SequenceFlow, MessageFlow, Lane, DataItem, DataAssociation, TextAnnotation,
    Association, Participant, Collaboration, Process, Bounds, Point, Shape, Edge, Diagram, Definitions,
    LegalBasis, ActivityGroup, Service,
)
fast_init(Property, Extensions, Node, SequenceFlow, Lane, DataItem, DataAssociation)  # made by the ten thousand
