"""Write the example procedures in processes/ from the specs in tools/example_specs.py.

    python tools/build_examples.py

Each procedure becomes a BPMN 2.0 file with complete diagram interchange (laid
out by prozess.site.layout): a pool for the authority with its lanes, the citizen or
business as a collapsed pool with message flows, data stores and annotations.
Two dialects are written, as real exports come in both: Camunda style
(``bpmn:`` prefix, camunda:properties) and Signavio style (default namespace,
signavioMetaData). Edit the specs, not the generated files.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from prozess.bpmn.model import Bounds, Lane, Node, Point, Process, SequenceFlow  # noqa: E402
from prozess.site.layout import layout  # noqa: E402

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
SIGNAVIO = "http://www.signavio.com"


@dataclass
class S:
    """One step of a procedure."""

    id: str
    lane: str
    type: str
    name: str
    doc: str = ""
    medium: str | None = None  # explicit annotation, as a modeller would set it
    event: str | None = None  # message | timer | ... (event definition)
    msg_in: str | None = None  # message flow from the partner pool, with this name
    msg_out: str | None = None  # message flow to the partner pool
    store: str | None = None  # a data store the step writes to
    note: str | None = None  # text annotation attached to the step


@dataclass
class P:
    file: str
    style: str  # camunda | signavio
    id: str
    name: str
    pool: str
    partner: str
    lanes: list[str]
    steps: list[S]
    flows: list[str]  # "a>b" or "a>b:label"
    doc: str = ""
    source: str = ""  # what the model is based on (shown in processes/README.md)
    shows: str = ""
    extra_ns: dict = field(default_factory=dict)


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


class Writer:
    def __init__(self, spec: P):
        self.spec = spec
        self.camunda = spec.style == "camunda"
        self.counter = 0

    def ident(self, kind: str, key: str) -> str:
        if self.camunda:
            prefix = {"startEvent": "StartEvent", "endEvent": "EndEvent", "task": "Activity"}.get(kind)
            if prefix is None:
                prefix = "Gateway" if kind.endswith("Gateway") else "Event" if kind.endswith("Event") else \
                    "Activity" if kind.endswith("Task") or kind in ("subProcess", "callActivity") else kind[0].upper() + kind[1:]
            return f"{prefix}_{key}"
        return f"sid-{key}"

    def build(self) -> bytes:
        spec = self.spec
        nsmap = {"bpmndi": BPMNDI, "dc": DC, "di": DI}
        if self.camunda:
            nsmap = {"bpmn": MODEL, **nsmap, "camunda": CAMUNDA}
        else:
            nsmap = {None: MODEL, **nsmap, "signavio": SIGNAVIO}
        root = etree.Element(_q(MODEL, "definitions"), nsmap=nsmap)
        root.set("id", f"Definitions_{spec.id}" if self.camunda else f"sid-definitions-{spec.id}")
        root.set("targetNamespace", "https://example.org/prozess/beispiele")
        root.set("exporter", "prozess tools/build_examples.py")
        root.set("exporterVersion", "1")
        ids = {s.id: self.ident(s.type, s.id) for s in spec.steps}
        lane_ids = {name: (f"Lane_{i + 1}_{spec.id}" if self.camunda else f"sid-lane-{i + 1}") for i, name in enumerate(spec.lanes)}
        pool_id = f"Participant_{spec.id}" if self.camunda else "sid-pool-authority"
        partner_id = f"Participant_Partner_{spec.id}" if self.camunda else "sid-pool-partner"
        process_id = f"Process_{spec.id}" if self.camunda else f"sid-process-{spec.id}"

        collab = etree.SubElement(root, _q(MODEL, "collaboration"), id=f"Collaboration_{spec.id}" if self.camunda else "sid-collaboration")
        etree.SubElement(collab, _q(MODEL, "participant"), id=pool_id, name=spec.pool, processRef=process_id)
        etree.SubElement(collab, _q(MODEL, "participant"), id=partner_id, name=spec.partner)
        message_flows = []
        for step in spec.steps:
            if step.msg_in:
                message_flows.append((f"MessageFlow_in_{step.id}", partner_id, ids[step.id], step.msg_in))
            if step.msg_out:
                message_flows.append((f"MessageFlow_out_{step.id}", ids[step.id], partner_id, step.msg_out))
        for mid, source, target, name in message_flows:
            mid = mid if self.camunda else "sid-" + mid.lower().replace("_", "-")
            etree.SubElement(collab, _q(MODEL, "messageFlow"), id=mid, name=name, sourceRef=source, targetRef=target)

        process = etree.SubElement(root, _q(MODEL, "process"), id=process_id, name=spec.name, isExecutable="false")
        if spec.doc:
            etree.SubElement(process, _q(MODEL, "documentation")).text = spec.doc
        lane_set = etree.SubElement(process, _q(MODEL, "laneSet"), id=f"LaneSet_{spec.id}" if self.camunda else "sid-laneset")
        for name in spec.lanes:
            lane = etree.SubElement(lane_set, _q(MODEL, "lane"), id=lane_ids[name], name=name)
            for step in spec.steps:
                if step.lane == name:
                    etree.SubElement(lane, _q(MODEL, "flowNodeRef")).text = ids[step.id]
        flows = []
        for index, text in enumerate(spec.flows, 1):
            pair, _, label = text.partition(":")
            source, target = pair.split(">")
            fid = f"Flow_{index}_{spec.id}" if self.camunda else f"sid-flow-{index}"
            flows.append((fid, ids[source], ids[target], label))
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        for fid, source, target, _ in flows:
            outgoing.setdefault(source, []).append(fid)
            incoming.setdefault(target, []).append(fid)
        attachments: dict[str, list[str]] = {}
        artifacts = []
        for step in spec.steps:
            el = etree.SubElement(process, _q(MODEL, step.type), id=ids[step.id], name=step.name)
            if step.doc:
                etree.SubElement(el, _q(MODEL, "documentation")).text = step.doc
            if step.medium:
                ext = etree.SubElement(el, _q(MODEL, "extensionElements"))
                if self.camunda:
                    props = etree.SubElement(ext, _q(CAMUNDA, "properties"))
                    etree.SubElement(props, _q(CAMUNDA, "property"), name="medium", value=step.medium)
                else:
                    etree.SubElement(ext, _q(SIGNAVIO, "signavioMetaData"), metaKey="medium", metaValue=step.medium)
            for fid in incoming.get(ids[step.id], []):
                etree.SubElement(el, _q(MODEL, "incoming")).text = fid
            for fid in outgoing.get(ids[step.id], []):
                etree.SubElement(el, _q(MODEL, "outgoing")).text = fid
            if step.store:
                store_id = f"DataStoreReference_{step.id}" if self.camunda else f"sid-store-{step.id}"
                assoc = etree.SubElement(el, _q(MODEL, "dataOutputAssociation"), id=f"DataOutputAssociation_{step.id}" if self.camunda else f"sid-doa-{step.id}")
                etree.SubElement(assoc, _q(MODEL, "targetRef")).text = store_id
                artifacts.append(("store", store_id, step.store, step.id))
                attachments.setdefault(step.id, []).append(store_id)
            if step.event:
                etree.SubElement(el, _q(MODEL, f"{step.event}EventDefinition"), id=f"{step.event.title()}EventDefinition_{step.id}" if self.camunda else f"sid-def-{step.id}")
            if step.note:
                note_id = f"TextAnnotation_{step.id}" if self.camunda else f"sid-note-{step.id}"
                artifacts.append(("note", note_id, step.note, step.id))
                attachments.setdefault(step.id, []).append(note_id)
        for fid, source, target, label in flows:
            attrs = {"id": fid, "sourceRef": source, "targetRef": target}
            if label:
                attrs["name"] = label
            etree.SubElement(process, _q(MODEL, "sequenceFlow"), **attrs)
        for kind, aid, text, step_id in artifacts:
            if kind == "store":
                etree.SubElement(process, _q(MODEL, "dataStoreReference"), id=aid, name=text)
            else:
                note = etree.SubElement(process, _q(MODEL, "textAnnotation"), id=aid)
                etree.SubElement(note, _q(MODEL, "text")).text = text
                assoc_id = f"Association_{step_id}" if self.camunda else f"sid-assoc-{step_id}"
                etree.SubElement(process, _q(MODEL, "association"), id=assoc_id, sourceRef=ids[step_id], targetRef=aid)

        # geometry from prozess.site.layout on an in-memory model of the same procedure
        model = Process(
            id=process_id, name=spec.name, line=None,
            nodes=tuple(Node(ids[s.id], s.type, s.name, None, lane=lane_ids[s.lane]) for s in spec.steps),
            flows=tuple(SequenceFlow(fid, source, target, None, label) for fid, source, target, label in flows),
            lanes=tuple(Lane(lane_ids[name], name, None) for name in spec.lanes),
        )
        geo = layout(model, partner=True, attachments={ids[k]: v for k, v in attachments.items()})
        diagram = etree.SubElement(root, _q(BPMNDI, "BPMNDiagram"), id=f"BPMNDiagram_{spec.id}" if self.camunda else "sid-diagram")
        plane = etree.SubElement(diagram, _q(BPMNDI, "BPMNPlane"), id=f"BPMNPlane_{spec.id}" if self.camunda else "sid-plane", bpmnElement=collab.get("id"))

        def shape(element: str, bounds, horizontal=None, label=None, expanded=None):
            attrs = {"id": f"{element}_di", "bpmnElement": element}
            if horizontal is not None:
                attrs["isHorizontal"] = "true"
            if expanded is not None:
                attrs["isExpanded"] = expanded
            sh = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), **attrs)
            etree.SubElement(sh, _q(DC, "Bounds"), **_b(bounds))
            if label is not None:
                lab = etree.SubElement(sh, _q(BPMNDI, "BPMNLabel"))
                etree.SubElement(lab, _q(DC, "Bounds"), **_b(label))

        def edge(element: str, points):
            ed = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{element}_di", bpmnElement=element)
            for p in points:
                etree.SubElement(ed, _q(DI, "waypoint"), x=_n(p.x), y=_n(p.y))

        shape(pool_id, geo.pool, horizontal=True)
        shape(partner_id, geo.partner, horizontal=True)
        for name in spec.lanes:
            shape(lane_ids[name], geo.lanes[lane_ids[name]], horizontal=True)
        for step in spec.steps:
            shape(ids[step.id], geo.nodes[ids[step.id]], label=geo.labels.get(ids[step.id]))
        for kind, aid, text, step_id in artifacts:
            box = geo.extra[aid]
            if kind == "note":
                box = Bounds(box.x + 60, box.y, 150, 44)
            shape(aid, box)
        for fid, _, _, _ in flows:
            edge(fid, geo.flows[fid])
        partner_bottom = geo.partner.y + geo.partner.height
        offsets: dict[str, int] = {}
        for mid, source, target, _ in message_flows:
            mid = mid if self.camunda else "sid-" + mid.lower().replace("_", "-")
            node = geo.nodes[target] if target in geo.nodes else geo.nodes[source]
            key = target if target in geo.nodes else source
            offset = offsets.get(key, 0)
            offsets[key] = offset + 1
            x = node.x + node.width / 2 + (offset * 16 - 8 if offsets[key] > 1 or offset else 0)
            if target in geo.nodes:
                edge(mid, (Point(x, partner_bottom), Point(x, node.y)))
            else:
                edge(mid, (Point(x, node.y), Point(x, partner_bottom)))
        for kind, aid, text, step_id in artifacts:
            host = geo.nodes[ids[step_id]]
            box = geo.extra[aid]
            if kind == "store":
                assoc_id = f"DataOutputAssociation_{step_id}" if self.camunda else f"sid-doa-{step_id}"
                edge(assoc_id, (Point(host.x + host.width / 2, host.y + host.height), Point(box.x + box.width / 2, box.y)))
            else:
                assoc_id = f"Association_{step_id}" if self.camunda else f"sid-assoc-{step_id}"
                edge(assoc_id, (Point(host.x + host.width, host.y + host.height), Point(box.x + 60, box.y)))
        etree.indent(root, space="  ")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _b(bounds) -> dict[str, str]:
    return {"x": _n(bounds.x), "y": _n(bounds.y), "width": _n(bounds.width), "height": _n(bounds.height)}


def main() -> None:
    """Write processes/*.bpmn; with --check, only report files that differ from their spec."""
    from example_specs import SPECS

    check = "--check" in sys.argv[1:]
    out = ROOT / "processes"
    out.mkdir(exist_ok=True)
    stale = []
    for spec in SPECS:
        data = Writer(spec).build()
        path = out / spec.file
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(spec.file)
            continue
        path.write_bytes(data)
        print(f"wrote processes/{spec.file}")
    if stale:
        print("out of date (run python tools/build_examples.py): " + ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
