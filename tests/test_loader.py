from __future__ import annotations

from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file

MODEL = FIXTURES / "model"


def load(name: str):
    result = load_file(MODEL / name)
    assert result.ok, result.error
    return result.definitions


def test_prefixed_file_keeps_pools_lanes_and_message_flows():
    d = load("camunda_collaboration.bpmn")
    assert d.exporter == "Camunda Modeler" and d.exporter_version == "5.28.0"
    (process,) = d.processes
    assert process.participant == "Pool_Amt" and process.participant_name == "Bürgeramt"
    assert {p.id: p.process_ref for p in d.participants} == {"Pool_Amt": "Process_Amt", "Pool_Buerger": None}
    assert [(m.id, m.source, m.target, m.name) for m in d.message_flows] == [
        ("Msg_Antrag", "Pool_Buerger", "Start_1", "Antrag über Portal"),
        ("Msg_Bescheid", "Task_Send", "Pool_Buerger", "Bescheid per Post"),
    ]
    lanes = {lane.id: lane for lane in process.lanes}
    assert lanes["Lane_Front"].parent == "Lane_Service"
    # nodes get their innermost lane; inner nodes of a sub-process inherit its lane
    by_id = {n.id: n for n in process.nodes}
    assert by_id["Task_Check"].lane == "Lane_Front"
    assert by_id["Sub_Review"].lane == "Lane_Back"
    assert by_id["Inner_Task"].lane == "Lane_Back"
    assert by_id["Task_Send"].lane == "Lane_Post"


def test_every_flow_node_is_a_step_including_nested_sub_processes():
    d = load("camunda_collaboration.bpmn")
    (process,) = d.processes
    by_id = {n.id: n for n in process.nodes}
    assert len(process.nodes) == 12
    assert by_id["Inner_Task"].parent == "Sub_Inner"
    assert by_id["Sub_Inner"].parent == "Sub_Review"
    assert by_id["Sub_Review"].is_container
    assert [n.line for n in process.nodes] == sorted(n.line for n in process.nodes)


def test_events_boundary_and_flows():
    d = load("camunda_collaboration.bpmn")
    (process,) = d.processes
    by_id = {n.id: n for n in process.nodes}
    assert by_id["Start_1"].event_definitions == ("message",)
    timer = by_id["Boundary_Timer"]
    assert (timer.attached_to, timer.cancel_activity, timer.event_definitions) == ("Sub_Review", False, ("timer",))
    flows = {f.id: f for f in process.flows}
    assert flows["Flow_2"].name == "vollständig" and flows["Flow_2"].condition == "${vollstaendig}"
    assert by_id["Task_Check"].incoming == ("Flow_1",) and by_id["Task_Check"].outgoing == ("Flow_2",)


def test_documentation_properties_and_raw_extensions():
    d = load("camunda_collaboration.bpmn")
    (process,) = d.processes
    task = process.node("Task_Check")
    assert task.documentation == "Vollständigkeit prüfen.\nMedium: Digital"
    assert task.extensions.get("medium") == "digital"
    assert task.extensions.get("owner") == "Team A"
    assert task.extensions.get("assignee") == "sachbearbeitung"  # camunda:assignee attribute
    assert task.extensions.get("cost") == "12"  # any namespaced attribute
    assert "unknownVendorThing" in task.extensions.raw
    assert process.extensions.get("leika") == "99000000000000"
    assert process.documentation == "Zuständig: Bürgeramt"


def test_data_objects_stores_associations_and_annotations():
    d = load("camunda_collaboration.bpmn")
    (process,) = d.processes
    data = {item.id: item for item in process.data}
    assert data["DataRef_Akte"].name == "E-Akte" and data["DataRef_Akte"].ref == "DataObject_Akte"
    assert data["DataStore_Ref"].type == "dataStoreReference"
    assocs = {(a.node, a.direction, a.items) for a in process.data_associations}
    assert ("Task_Check", "output", ("DataRef_Akte",)) in assocs
    assert ("Inner_Task", "input", ("DataStore_Ref",)) in assocs
    assert [a.text for a in d.annotations_of("Task_Send")] == ["Medium: Papier"]


def test_diagram_interchange_bounds_waypoints_labels():
    d = load("camunda_collaboration.bpmn")
    shapes = {s.element: s for s in d.shapes()}
    start = shapes["Start_1"]
    assert (start.bounds.x, start.bounds.y, start.bounds.width, start.bounds.height) == (172, 162, 36, 36)
    assert start.label is not None and start.label.width == 80
    assert shapes["Sub_Review"].is_expanded is False
    assert shapes["Pool_Amt"].is_horizontal is True
    edges = {e.element: e for e in d.edges()}
    assert [(p.x, p.y) for p in edges["Flow_2"].waypoints] == [(360, 180), (420, 180)]
    assert edges["Flow_2"].label.x == 365


def test_default_namespace_signavio_export():
    d = load("signavio_default_ns.bpmn")
    (process,) = d.processes
    task = process.node("sid-task-erfassen")
    assert task.name == "Anmeldung erfassen"  # line break in the name folded
    assert task.type == "task" and task.lane == "sid-lane-steuer"
    assert task.extensions.get("medium") == "Papier"
    assert task.extensions.get("bgcolor") == "#ffffcc"
    assert process.node("sid-gw").is_gateway
    assert len(list(d.shapes())) == 1 and len(list(d.edges())) == 1


def test_source_line_of_every_element():
    d = load("camunda_collaboration.bpmn")
    (process,) = d.processes
    text = (MODEL / "camunda_collaboration.bpmn").read_text(encoding="utf-8").splitlines()
    for node in process.nodes:
        assert f'id="{node.id}"' in text[node.line - 1]
    for flow in process.flows:
        assert f'id="{flow.id}"' in text[flow.line - 1]


def test_broken_file_reports_line_and_column():
    result = load_file(MODEL / "broken.bpmn")
    assert not result.ok
    assert result.error.line == 5 and result.error.column is not None
    assert "not well-formed" in result.error.message
    # libxml2's recovery mode still reads the task; the result says so
    assert result.recovered and result.definitions.processes[0].node("T").name == "Antrag prüfen"


def test_other_xml_is_not_bpmn():
    result = load_file(MODEL / "not_bpmn.xml")
    assert not result.ok and result.definitions is None
    assert "not a BPMN 2.0 file" in result.error.message and result.error.line == 2


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.bpmn"
    empty.write_bytes(b"")
    assert load_file(empty).error.message == "file is empty"
    assert "cannot read file" in load_file(tmp_path / "missing.bpmn").error.message


def test_external_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <bpmn:process id="P"><bpmn:task id="T" name="a&x;b"><bpmn:documentation>&x;</bpmn:documentation></bpmn:task></bpmn:process>
</bpmn:definitions>""".encode()
    result = load_bytes(xml, "xxe.bpmn")
    assert result.definitions is None and result.error.line == 2
    assert result.error.message.startswith("refused: a DOCTYPE declaration")
    assert "TOP-SECRET" not in repr(result)


def test_lookup_tables_of_a_model_never_outlive_a_change():
    """Process.node_map and the Definitions lookups are built on first use; a replaced copy and a
    pickled one build their own (a shared table would answer for the old model)."""
    import pickle
    from dataclasses import replace

    from prozess.bpmn.model import Association, Definitions, Node, Process, TextAnnotation

    first = Node("a", "task", "Antrag prüfen", 1)
    process = Process("p", "P", 1, nodes=(first,))
    assert process.node("a") is first
    renamed = replace(process, nodes=(replace(first, name="Antrag erfassen"),))
    assert renamed.node("a").name == "Antrag erfassen" and process.node("a").name == "Antrag prüfen"
    copy = pickle.loads(pickle.dumps(process))
    assert copy == process and copy.node("a") == first
    note = TextAnnotation("n", "per Post", 2)
    definitions = Definitions("x.bpmn", "d", "", "", None, None, None, processes=(process,), annotations=(note,),
                              associations=(Association("as", "a", "n", 3),))
    assert [n.text for n in definitions.annotations_of("a")] == ["per Post"]
    changed = replace(definitions, annotations=(replace(note, text="online"),))
    assert [n.text for n in changed.annotations_of("a")] == ["online"]
    assert [n.text for n in pickle.loads(pickle.dumps(changed)).annotations_of("a")] == ["online"]
