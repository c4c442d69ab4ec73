from __future__ import annotations

from conftest import FIXTURES
from prozess.bpmn.checks import check_definitions
from prozess.bpmn.graph import control_flow
from prozess.bpmn.loader import load_file

MODEL = FIXTURES / "model"


def findings(name: str):
    result = load_file(MODEL / name)
    return sorted((f.rule, f.element) for f in check_definitions(result.definitions))


def test_quality_problems_are_each_reported_once():
    assert findings("quality_problems.bpmn") == [
        ("model/dangling-reference", "F4"),
        ("model/duplicate-id", "Orphan"),
        ("model/unnamed-activity", "Unnamed"),
        ("model/unreachable", "Orphan"),
        ("model/unreachable", "Orphan"),
    ]


def test_clean_model_has_no_findings():
    # the boundary event, the nested sub-process starts and the implicit flows are all reachable
    assert findings("camunda_collaboration.bpmn") == []
    assert findings("signavio_default_ns.bpmn") == []


def test_cycle_without_start_terminates_with_one_finding():
    assert findings("loops_without_start.bpmn") == [("model/no-start", "P")]


def test_networkx_view_has_all_edge_kinds():
    d = load_file(MODEL / "camunda_collaboration.bpmn").definitions
    graph = control_flow(d.processes[0], d)
    kinds = {graph.edges[e]["kind"] for e in graph.edges}
    assert kinds == {"sequence", "attached", "contains"}
    assert graph.has_edge("Sub_Review", "Sub_Start") and graph.has_edge("Sub_Review", "Boundary_Timer")
    assert graph.nodes["Task_Check"]["node"].name == "Antrag prüfen"
