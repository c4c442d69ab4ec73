"""Read BPMN 2.0 XML into the typed model of ``model.py``.

The parser is hardened: no entity expansion, no DTD loading, no network, no
huge-tree mode (libxml2 then refuses documents nested deeper than 256 levels).
A file that cannot be read becomes a :class:`LoadResult` with an error naming
line and column; this module never lets an exception escape for bad input.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from . import xprozess
from .model import (
    FLOW_NODE_TYPES,
    NO_EXTENSIONS,
    SUBPROCESS_TYPES,
    Association,
    Bounds,
    Collaboration,
    DataAssociation,
    DataItem,
    Definitions,
    Diagram,
    Edge,
    Extensions,
    Lane,
    MessageFlow,
    Node,
    Participant,
    Point,
    Process,
    Property,
    SequenceFlow,
    Shape,
    TextAnnotation,
    enclosing,
    fast_pickle,
)

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DDI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml", ".xml", ".bpmn2")

KNOWN_PREFIXES = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://camunda.org/schema/zeebe/1.0": "zeebe",
    "http://camunda.org/schema/modeler/1.0": "modeler",
    "http://www.signavio.com": "signavio",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
    "http://www.trisotech.com/2015/triso/modeling": "triso",
    "http://www.bizagi.com/bpmn20": "bizagi",
    "http://www.boc-group.com": "boc",
}

# Namespaces of process engines: a flow node carrying their attributes or extension elements
# (camunda:formKey, zeebe:taskDefinition, …) is configured to run in that engine.
ENGINE_NAMESPACES = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://camunda.org/schema/zeebe/1.0": "zeebe",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
}
_ENGINE_PREFIXES = tuple(f"{{{uri}}}" for uri in ENGINE_NAMESPACES)
_DATA_TYPES = frozenset({"dataObject", "dataObjectReference", "dataStoreReference", "dataInput", "dataOutput"})
# Full tags ("{namespace}local") of the BPMN elements the loader dispatches on: comparing whole
# strings is much cheaper than splitting every tag.
_M = f"{{{MODEL}}}"
_PROCESS_CHILD = {
    _M + name: name
    for name in FLOW_NODE_TYPES
    | _DATA_TYPES
    | {"sequenceFlow", "laneSet", "ioSpecification", "textAnnotation", "association"}
}
_BOUNDS = f"{{{DC}}}Bounds"
_LABEL = f"{{{BPMNDI}}}BPMNLabel"
_SHAPE = f"{{{BPMNDI}}}BPMNShape"
_EDGE = f"{{{BPMNDI}}}BPMNEdge"
_WAYPOINT = f"{{{DDI}}}waypoint"
_EXTENSION_ELEMENTS = _M + "extensionElements"
_EVENT_DEFINITION_REF = _M + "eventDefinitionRef"
_INPUT_ASSOCIATION = _M + "dataInputAssociation"
_OUTPUT_ASSOCIATION = _M + "dataOutputAssociation"
_SOURCE_REF = _M + "sourceRef"
_INCOMING = _M + "incoming"
_OUTGOING = _M + "outgoing"
_CONDITION = _M + "conditionExpression"
_TARGET_REF = _M + "targetRef"
_DOCUMENTATION = _M + "documentation"
_LOCATION_SUFFIX = re.compile(r",\s*line \d+, column \d+\s*$")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost. Exceeding one is a per-file error.

    The XML parser adds its own fixed bound: elements nested deeper than 256
    levels are refused (libxml2 without its "huge" mode).
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_elements: int = 2_000_000
    max_nesting: int = 100  # sub-processes inside sub-processes


_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_SECURITY_ERRORS = ("amplification", "entity", "network", "Excessive depth", "huge")
_FRIENDLY = {
    "Excessive depth in document": "elements nested deeper than 256 levels (the parser's limit)",
    "Maximum entity amplification factor exceeded": "entity expansion refused (a \"billion laughs\" document)",
}


@dataclass(frozen=True, slots=True)
class LoadError:
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class LoadResult:
    path: str
    definitions: Definitions | None
    error: LoadError | None = None
    recovered: bool = False  # True: not well-formed, model read by libxml2's recovery mode

    @property
    def ok(self) -> bool:
        return self.error is None


def _parser(recover: bool = False) -> etree.XMLParser:
    """This thread's parser (an lxml parser serves one thread at a time; making one per file costs
    about a tenth of the parse on small models)."""
    name = "recovering" if recover else "strict"
    parser = getattr(_PARSERS, name, None)
    if parser is None:
        parser = _new_parser(recover)
        setattr(_PARSERS, name, parser)
    return parser


_PARSERS = threading.local()


def _new_parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
        collect_ids=False,
    )


def load_file(
    path: str | os.PathLike[str], display_path: str | None = None, limits: Limits = Limits(), complete: bool = True
) -> LoadResult:
    """Load one BPMN file. Never raises for bad input.

    ``complete=False`` skips what only drawing and round-tripping need (diagram
    interchange, the raw XML of extension elements): a check run is faster without.
    """
    shown = display_path or str(path)
    try:
        size = os.path.getsize(path)
        if size > limits.max_file_bytes:
            return LoadResult(
                shown,
                None,
                LoadError(f"file is {size:,} bytes, larger than the limit of {limits.max_file_bytes:,} bytes"),
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        return LoadResult(shown, None, LoadError(f"cannot read file: {exc.strerror or exc}"))
    return load_bytes(data, shown, limits, complete)


def load_bytes(data: bytes, path: str, limits: Limits = Limits(), complete: bool = True) -> LoadResult:
    """Load BPMN from bytes; ``path`` is used for reporting only."""
    if not data or data.isspace():  # (strip() would copy the whole file)
        return LoadResult(path, None, LoadError("file is empty", 1, 1))
    if _has_doctype(data):
        return LoadResult(path, None, _doctype_error(data))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        error = _syntax_error(exc)
        if any(marker in (exc.msg or "") for marker in _SECURITY_ERRORS):
            return LoadResult(path, None, error)  # never "recover" around a safety refusal
        recovered = _recover(data)
        if recovered is None:
            return LoadResult(path, None, error)
        try:
            definitions = _read(recovered, path, limits, complete)
        except _NotBpmn:
            return LoadResult(path, None, error)
        return LoadResult(path, definitions, error, recovered=True)
    except ValueError as exc:  # e.g. unsupported encoding declarations
        return LoadResult(path, None, LoadError(f"not readable as XML: {exc}", 1, 1))
    if root.getroottree().docinfo.doctype:  # e.g. a UTF-16 document the byte check could not read
        return LoadResult(path, None, _doctype_error(data))
    if xprozess.is_xprozess(root):
        return _load_xprozess(root, path, limits, complete)
    try:
        return LoadResult(path, _read(root, path, limits, complete))
    except _NotBpmn as exc:
        return LoadResult(path, None, LoadError(str(exc), exc.line, 1))
    except _TooLarge as exc:
        return LoadResult(path, None, LoadError(str(exc), exc.line, 1 if exc.line else None))


def _load_xprozess(root, path: str, limits: Limits, complete: bool) -> LoadResult:
    """An XProzess envelope: unwrap the embedded BPMN, load it like any file, attach the FIM facts."""
    try:
        unwrapped = xprozess.unwrap(root, limits.max_file_bytes)
    except xprozess.XProzessError as exc:
        return LoadResult(path, None, LoadError(exc.message, exc.line, 1 if exc.line else None))
    inner = load_bytes(unwrapped.model, path, limits, complete)
    if inner.definitions is None or inner.error is not None:
        error = inner.error or LoadError("kein BPMN-Modell")
        message = f"im eingebetteten BPMN-Modell „{unwrapped.member}“: {error.message}"
        located = LoadError(message, error.line, error.column)
        if inner.definitions is None:
            return LoadResult(path, None, located)
        return LoadResult(path, _with_fim(inner.definitions, unwrapped), located, inner.recovered)
    return LoadResult(path, _with_fim(inner.definitions, unwrapped))


def _with_fim(definitions: Definitions, unwrapped) -> Definitions:
    """Attach the FIM facts; lines then point into the envelope a user can open.

    A step gets the line of its activity group (or of the group around it), every other
    element the line of the embedded model's content.
    """
    at = unwrapped.line
    group_line = {g.element: g.line for g in unwrapped.groups}
    processes = []
    for process in definitions.processes:
        parent = {n.id: n.parent for n in process.nodes}
        processes.append(replace(
            process, line=at,
            nodes=tuple(
                replace(n, line=next((group_line[e] for e in enclosing(n.id, parent) if e in group_line), at))
                for n in process.nodes
            ),
            flows=tuple(replace(f, line=at) for f in process.flows),
            lanes=tuple(replace(lane, line=at) for lane in process.lanes),
            data=tuple(replace(d, line=at) for d in process.data),
        ))
    return replace(
        definitions, line=at, processes=tuple(processes), service=unwrapped.service,
        activity_groups=unwrapped.groups, embedded=unwrapped.member,
        collaborations=tuple(
            replace(c, line=at, participants=tuple(replace(p, line=at) for p in c.participants),
                    message_flows=tuple(replace(m, line=at) for m in c.message_flows))
            for c in definitions.collaborations
        ),
    )


def _syntax_error(exc: etree.XMLSyntaxError) -> LoadError:
    line, column = (exc.position if exc.position else (exc.lineno, exc.offset))
    message = _LOCATION_SUFFIX.sub("", exc.msg or "not well-formed XML")
    for raw, friendly in _FRIENDLY.items():
        if message.startswith(raw):
            return LoadError(f"refused: {friendly}", line or None, column or None)
    return LoadError(f"not well-formed XML: {message}", line or None, column or None)


def _has_doctype(data: bytes) -> bool:
    """A DOCTYPE before the root element (linear: a regular expression over the prolog can backtrack)."""
    index = data.find(b"<!DOCTYPE")
    if index < 0:
        return False
    root = _FIRST_ELEMENT.search(data)
    return root is None or index < root.start()


def _doctype_error(data: bytes) -> LoadError:
    index = data.find(b"<!DOCTYPE")
    line = data.count(b"\n", 0, index) + 1 if index >= 0 else None
    return LoadError(
        "refused: a DOCTYPE declaration (BPMN files have none; prozess loads no DTDs and expands no entities)",
        line, 1 if line else None,
    )


def _recover(data: bytes):
    try:
        root = etree.fromstring(data, _parser(recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or not isinstance(root.tag, str) or root.tag != f"{{{MODEL}}}definitions":
        return None
    return root


fast_pickle(LoadError, LoadResult)


class _NotBpmn(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


class _TooLarge(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _local(el) -> str:
    tag = el.tag
    return tag[tag.index("}") + 1 :] if tag[0] == "{" else tag


def _ns(el) -> str:
    tag = el.tag
    return tag[1 : tag.index("}")] if tag[0] == "{" else ""


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else ""  # the same as collapsing \s+ and stripping, 5x faster


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class _Reader:
    """One reading of one document; holds the per-file lookup tables."""

    def __init__(self, root, path: str, limits: "Limits", complete: bool = True):
        self.root = root
        self.path = path
        self.limits = limits
        self.complete = complete
        self.prefixes = dict(KNOWN_PREFIXES)
        for prefix, uri in (root.nsmap or {}).items():
            if prefix and uri not in self.prefixes:
                self.prefixes[uri] = prefix
        self.annotations: list[TextAnnotation] = []
        self.associations: list[Association] = []
        self.event_definitions: dict[str, str] = {}

    # -- shared element parts -------------------------------------------------------------
    def documentation(self, el) -> str:
        parts = [
            "".join(doc.itertext()).strip()
            for doc in el.iterchildren(_DOCUMENTATION)
        ]
        return "\n".join(p for p in parts if p)

    def qualified(self, tag: str) -> str:
        if tag[0] != "{":
            return tag
        uri, local = tag[1:].split("}", 1)
        prefix = self.prefixes.get(uri)
        return f"{prefix}:{local}" if prefix else local

    def extensions(self, el, ext=False) -> Extensions:
        """Vendor attributes and extension properties; ``ext``: the <extensionElements> if already found."""
        props: list[Property] = []
        for key, value in el.attrib.items():
            if key[0] == "{" and not key.startswith((f"{{{XSI}}}", f"{{{XML_NS}}}", f"{{{MODEL}}}")):
                props.append(Property(self.qualified(key), value, "attribute"))
        raw = ""
        if ext is False:
            ext = el.find(_EXTENSION_ELEMENTS)
        if ext is not None:
            # Properties sit one level down (Signavio metaData, any <x name= value=>) or two
            # (camunda:properties/camunda:property, zeebe:properties/zeebe:property). Deeper
            # vendor trees (ADONIS keeps whole style sheets there) stay in ``raw`` only.
            for child in ext:
                self.property(child, props)
                for grandchild in child:
                    self.property(grandchild, props)
            if self.complete:
                raw = etree.tostring(ext, encoding="unicode", with_tail=False)
        if not props and not raw:
            return NO_EXTENSIONS
        return Extensions(tuple(props), raw)

    def property(self, item, props: list[Property]) -> None:
        if not isinstance(item.tag, str):
            return
        attrib = item.attrib
        if "metaKey" in attrib:  # Signavio
            props.append(Property(attrib["metaKey"], attrib.get("metaValue", ""), self.qualified(item.tag)))
        elif "name" in attrib and ("value" in attrib or item.tag.endswith("}property")):
            value = attrib.get("value")
            if value is None:
                value = _text(item.text)
            props.append(Property(attrib["name"], value, self.qualified(item.tag)))
        elif "label" in attrib and item.tag.endswith("}attribute"):  # PICTURE: <attribute label=…><value>…</value>
            value = next((_text(v.text) for v in item if isinstance(v.tag, str) and v.tag.endswith("}value")), None)
            if value is None:
                value = _text(attrib.get("value") or item.text)
            props.append(Property(attrib["label"], value, self.qualified(item.tag)))

    # -- definitions ----------------------------------------------------------------------
    def read(self) -> Definitions:
        root = self.root
        processes: list[Process] = []
        collaborations: list[Collaboration] = []
        data_stores: list[DataItem] = []
        diagrams: list[Diagram] = []
        for child in root:
            local, ns = _local(child), _ns(child)
            if ns == MODEL and local.endswith("EventDefinition") and child.get("id"):
                self.event_definitions[child.get("id")] = local[: -len("EventDefinition")]
        for child in root:
            ns, local = _ns(child), _local(child)
            if ns == MODEL:
                if local == "process":
                    processes.append(self.process(child))
                elif local == "collaboration":
                    collaborations.append(self.collaboration(child))
                elif local == "dataStore":
                    data_stores.append(self.data_item(child))
            elif ns == BPMNDI and local == "BPMNDiagram" and self.complete:
                diagrams.append(self.diagram(child))
        pools = {}
        for collab in collaborations:
            for participant in collab.participants:
                if participant.process_ref and participant.process_ref not in pools:
                    pools[participant.process_ref] = participant
        processes = [
            _with_pool(p, pools[p.id]) if p.id in pools else p
            for p in processes
        ]
        return Definitions(
            path=self.path,
            id=root.get("id", ""),
            name=_text(root.get("name")),
            target_namespace=root.get("targetNamespace", ""),
            exporter=root.get("exporter"),
            exporter_version=root.get("exporterVersion"),
            line=root.sourceline,
            processes=tuple(processes),
            collaborations=tuple(collaborations),
            data_stores=tuple(data_stores),
            annotations=tuple(self.annotations),
            associations=tuple(self.associations),
            diagrams=tuple(diagrams),
        )

    def collaboration(self, el) -> Collaboration:
        participants, flows = [], []
        for child in el:
            if _ns(child) != MODEL:
                continue
            local = _local(child)
            if local == "participant":
                participants.append(
                    Participant(
                        id=child.get("id", ""),
                        name=_text(child.get("name")),
                        line=child.sourceline,
                        process_ref=_strip_ref(child.get("processRef")),
                        documentation=self.documentation(child),
                        extensions=self.extensions(child),
                    )
                )
            elif local == "messageFlow":
                flows.append(
                    MessageFlow(
                        id=child.get("id", ""),
                        source=_strip_ref(child.get("sourceRef")) or "",
                        target=_strip_ref(child.get("targetRef")) or "",
                        line=child.sourceline,
                        name=_text(child.get("name")),
                        message_ref=_strip_ref(child.get("messageRef")),
                        documentation=self.documentation(child),
                    )
                )
            else:
                self.artifact(child, local)
        return Collaboration(
            id=el.get("id", ""),
            name=_text(el.get("name")),
            line=el.sourceline,
            participants=tuple(participants),
            message_flows=tuple(flows),
        )

    def artifact(self, child, local: str) -> None:
        if local == "textAnnotation":
            text_el = child.find(f"{{{MODEL}}}text")
            text = "".join(text_el.itertext()).strip() if text_el is not None else ""
            self.annotations.append(TextAnnotation(child.get("id", ""), text, child.sourceline))
        elif local == "association":
            self.associations.append(
                Association(
                    child.get("id", ""),
                    _strip_ref(child.get("sourceRef")) or "",
                    _strip_ref(child.get("targetRef")) or "",
                    child.sourceline,
                )
            )

    # -- processes ------------------------------------------------------------------------
    def process(self, el) -> Process:
        raw_nodes, flows, data, lane_sets = self.contents(el)
        lanes, lane_of = self.lanes(lane_sets)
        self.engine_hit = None
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for flow in flows:
            outgoing.setdefault(flow.source, []).append(flow.id)
            incoming.setdefault(flow.target, []).append(flow.id)
        raw_nodes.sort(key=lambda item: item[0].sourceline or 0)
        parent_of = {child.get("id", ""): parent for child, _, parent in raw_nodes}
        nodes = []
        associations: list[DataAssociation] = []
        for child, local, parent in raw_nodes:
            node_id = child.get("id", "")
            lane = lane_of.get(node_id)
            ancestor = parent
            while lane is None and ancestor is not None:  # inner nodes sit in the lane of their sub-process
                lane = lane_of.get(ancestor)
                ancestor = parent_of.get(ancestor)
            nodes.append(self.node(child, local, parent, lane, incoming, outgoing, associations))
        return Process(
            id=el.get("id", ""),
            name=_text(el.get("name")),
            line=el.sourceline,
            documentation=self.documentation(el),
            is_executable=_bool(el.get("isExecutable")),
            engine=self.engine_hit if _bool(el.get("isExecutable")) else None,
            nodes=tuple(nodes),
            flows=tuple(flows),
            lanes=tuple(lanes),
            data=tuple(data),
            data_associations=tuple(associations),
            extensions=self.extensions(el),
        )

    def contents(self, el) -> tuple[list[tuple], list[SequenceFlow], list[DataItem], list[tuple]]:
        """Everything inside a process and its sub-processes, read without recursion: flow nodes
        (element, type, parent id), sequence flows, data items and lane sets (element, container id)."""
        raw_nodes: list[tuple] = []
        flows: list[SequenceFlow] = []
        data: list[DataItem] = []
        lane_sets: list[tuple] = []
        stack = [(el, None, 0)]
        while stack:
            container, parent, depth = stack.pop()
            if depth > self.limits.max_nesting:
                raise _TooLarge(
                    f"sub-processes nested deeper than {self.limits.max_nesting} levels; "
                    "raise the limit with --max-nesting if this is intended",
                    container.sourceline,
                )
            for child in container:
                local = _PROCESS_CHILD.get(child.tag)
                if local is None:
                    continue
                if local in FLOW_NODE_TYPES:
                    raw_nodes.append((child, local, parent))
                    if local in SUBPROCESS_TYPES:
                        stack.append((child, child.get("id", ""), depth + 1))
                elif local == "sequenceFlow":
                    flows.append(self.sequence_flow(child))
                elif local in _DATA_TYPES:
                    data.append(self.data_item(child))
                elif local == "laneSet":
                    lane_sets.append((child, parent))
                elif local == "ioSpecification":
                    for item in child:
                        if isinstance(item.tag, str) and _local(item) in ("dataInput", "dataOutput"):
                            data.append(self.data_item(item))
                else:
                    self.artifact(child, local)
        return raw_nodes, flows, data, lane_sets

    def node(self, el, local: str, parent, lane, incoming, outgoing, associations: list) -> Node:
        node_id = el.get("id", "")
        definitions = []
        docs = []
        ext = None
        for child in el:
            tag = child.tag
            if tag == _INCOMING or tag == _OUTGOING:
                continue
            if tag == _DOCUMENTATION:
                text = "".join(child.itertext()).strip()
                if text:
                    docs.append(text)
            elif tag == _EXTENSION_ELEMENTS:
                ext = child
            elif not isinstance(tag, str):  # an unexpanded entity reference
                continue
            elif tag.endswith("EventDefinition"):
                definitions.append(tag[tag.find("}") + 1 : -len("EventDefinition")])
            elif tag == _EVENT_DEFINITION_REF:
                definitions.append(self.event_definitions.get(_text(child.text), "unknown"))
            elif tag == _INPUT_ASSOCIATION:
                items = tuple(_text(s.text) for s in child.iterchildren(_SOURCE_REF))
                associations.append(DataAssociation(child.get("id", ""), "input", node_id, items, child.sourceline))
            elif tag == _OUTPUT_ASSOCIATION:
                items = tuple(_text(t.text) for t in child.iterchildren(_TARGET_REF))
                associations.append(DataAssociation(child.get("id", ""), "output", node_id, items, child.sourceline))
        get = el.attrib.get
        if self.engine_hit is None:
            self.engine_hit = _engine_of(el, ext)
        return Node(
            id=node_id,
            type=local,
            name=_text(get("name")),
            line=el.sourceline,
            documentation="\n".join(docs),
            lane=lane,
            parent=parent,
            event_definitions=tuple(definitions),
            attached_to=_strip_ref(get("attachedToRef")),
            cancel_activity=_bool(get("cancelActivity")) if local == "boundaryEvent" else None,
            triggered_by_event=_bool(get("triggeredByEvent")) or False,
            called_element=_strip_ref(get("calledElement")),
            is_for_compensation=_bool(get("isForCompensation")) or False,
            incoming=tuple(incoming.get(node_id, ())),
            outgoing=tuple(outgoing.get(node_id, ())),
            extensions=self.extensions(el, ext),
        )

    def sequence_flow(self, el) -> SequenceFlow:
        condition = None
        documentation = ""
        if len(el):
            cond = el.find(_CONDITION)
            condition = _text("".join(cond.itertext())) if cond is not None else None
            documentation = self.documentation(el)
        return SequenceFlow(
            id=el.get("id", ""),
            source=_strip_ref(el.get("sourceRef")) or "",
            target=_strip_ref(el.get("targetRef")) or "",
            line=el.sourceline,
            name=_text(el.get("name")),
            condition=condition,
            documentation=documentation,
        )

    def data_item(self, el) -> DataItem:
        local = _local(el)
        ref = el.get("dataObjectRef") or el.get("dataStoreRef")
        state_el = el.find(f"{{{MODEL}}}dataState")
        return DataItem(
            id=el.get("id", ""),
            type=local,
            name=_text(el.get("name")),
            line=el.sourceline,
            ref=_strip_ref(ref),
            state=_text(state_el.get("name")) if state_el is not None else None,
            documentation=self.documentation(el),
            extensions=self.extensions(el),
        )

    def lanes(self, lane_sets: list[tuple]) -> tuple[list[Lane], dict[str, str]]:
        lanes: list[Lane] = []
        lane_of: dict[str, str] = {}
        depth_of: dict[str, int] = {}
        stack = [(lane_set, None, 0) for lane_set, _ in reversed(lane_sets)]
        while stack:
            lane_set, parent_lane, depth = stack.pop()
            children = []
            for lane_el in lane_set.iterchildren(f"{{{MODEL}}}lane"):
                lane_id = lane_el.get("id", "")
                refs = tuple(_text(r.text) for r in lane_el.iterchildren(f"{{{MODEL}}}flowNodeRef"))
                lanes.append(
                    Lane(
                        id=lane_id,
                        name=_text(lane_el.get("name")),
                        line=lane_el.sourceline,
                        node_ids=refs,
                        parent=parent_lane,
                        documentation=self.documentation(lane_el),
                    )
                )
                for ref in refs:
                    if depth >= depth_of.get(ref, -1):
                        lane_of[ref] = lane_id
                        depth_of[ref] = depth
                for child_set in lane_el.iterchildren(f"{{{MODEL}}}childLaneSet"):
                    children.append((child_set, lane_id, depth + 1))
            stack.extend(reversed(children))
        return lanes, lane_of

    # -- diagram interchange ----------------------------------------------------------------
    def diagram(self, el) -> Diagram:
        shapes: list[Shape] = []
        edges: list[Edge] = []
        plane_element = None
        for plane in el.iterchildren(f"{{{BPMNDI}}}BPMNPlane"):
            plane_element = plane_element or _strip_ref(plane.get("bpmnElement"))
            for item in plane:
                tag = item.tag
                if tag != _SHAPE and tag != _EDGE:
                    continue
                bounds = label = None
                points = []
                for part in item:
                    part_tag = part.tag
                    if part_tag == _BOUNDS:
                        bounds = _bounds(part)
                    elif part_tag == _WAYPOINT:
                        x, y = _float(part.get("x")), _float(part.get("y"))
                        if x is not None and y is not None:
                            points.append(Point(x, y))
                    elif part_tag == _LABEL:
                        for label_part in part:
                            if label_part.tag == _BOUNDS:
                                label = _bounds(label_part)
                attrib = item.attrib
                element = _strip_ref(attrib.get("bpmnElement")) or ""
                if tag == _SHAPE:
                    shapes.append(
                        Shape(
                            attrib.get("id", ""), element, bounds, label,
                            _bool(attrib.get("isExpanded")), _bool(attrib.get("isHorizontal")),
                            item.sourceline,
                        )
                    )
                else:
                    edges.append(Edge(attrib.get("id", ""), element, tuple(points), label, item.sourceline))
        return Diagram(
            id=el.get("id", ""),
            name=_text(el.get("name")),
            plane_element=plane_element,
            shapes=tuple(shapes),
            edges=tuple(edges),
            line=el.sourceline,
        )


def _bounds(el) -> Bounds | None:
    get = el.attrib.get
    try:
        return Bounds(float(get("x")), float(get("y")), float(get("width")), float(get("height")))
    except (TypeError, ValueError):
        return None


def _strip_ref(value: str | None) -> str | None:
    """Some tools write QName references (``tns:Task_1``); ids never contain a colon."""
    if not value:
        return None
    value = value.strip()
    if ":" in value:
        value = value.rsplit(":", 1)[1]
    return value or None


def _with_pool(process: Process, participant: Participant) -> Process:
    return replace(process, participant=participant.id, participant_name=participant.name or None)


def _duplicate_ids(definitions: Definitions) -> tuple[tuple[str, int | None], ...]:
    """Ids given to more than one of the elements the analysis uses (document order)."""
    elements: list = []
    for process in definitions.processes:
        elements.append(process)
        elements.extend(process.nodes)
        elements.extend(process.flows)
        elements.extend(process.lanes)
        elements.extend(d for d in process.data if d.type not in ("dataInput", "dataOutput"))
    for collaboration in definitions.collaborations:
        elements.append(collaboration)
        elements.extend(collaboration.participants)
        elements.extend(collaboration.message_flows)
    elements.extend(definitions.annotations)
    elements.extend(definitions.associations)
    elements.sort(key=lambda e: e.line or 0)
    seen: set[str] = set()
    duplicates = []
    for element in elements:
        if not element.id:
            continue
        if element.id in seen:
            duplicates.append((element.id, element.line))
        else:
            seen.add(element.id)
    return tuple(duplicates)


def _read(root, path: str, limits: Limits, complete: bool = True) -> Definitions:
    if not isinstance(root.tag, str) or root.tag != f"{{{MODEL}}}definitions":
        tag = root.tag if isinstance(root.tag, str) else "?"
        if tag.endswith("}definitions"):
            found = f"namespace {tag[1:tag.index('}')]}"
        else:
            found = f"root element <{_local(root) if isinstance(root.tag, str) else tag}>"
        raise _NotBpmn(
            f"not a BPMN 2.0 file: expected <definitions> in namespace {MODEL}, found {found}",
            root.sourceline,
        )
    count = int(root.xpath("count(//*)"))
    if count > limits.max_elements:
        raise _TooLarge(f"file has {count:,} elements, more than the limit of {limits.max_elements:,}")
    reader = _Reader(root, path, limits, complete)
    definitions = reader.read()
    return replace(definitions, element_count=count, duplicate_ids=_duplicate_ids(definitions))


def is_bpmn_candidate(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(BPMN_SUFFIXES)


def _engine_of(el, ext) -> str | None:
    """The process engine a flow node is configured for, from its attributes and extension elements."""
    for key in el.attrib:
        if key.startswith(_ENGINE_PREFIXES):
            return ENGINE_NAMESPACES[key[1 : key.index("}")]]
    if ext is not None:
        for child in ext:
            tag = child.tag
            if isinstance(tag, str) and tag.startswith(_ENGINE_PREFIXES):
                return ENGINE_NAMESPACES[tag[1 : tag.index("}")]]
    return None
