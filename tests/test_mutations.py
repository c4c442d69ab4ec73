"""Property-based robustness: real MIWG exports, mutated at random, never break prozess.

Mutations drop, duplicate or rename elements and attributes, point references elsewhere,
and cut the file. Whatever comes out must be a per-file error with a message or a model
with located findings, and must not change the results for another file in the same run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from conftest import FIXTURES, shared
from prozess.bpmn.loader import load_bytes
from prozess.check import analyse, check_paths

GOOD = FIXTURES / "media" / "digital_mailbox.bpmn"
NAMES = ["task", "userTask", "subProcess", "startEvent", "boundaryEvent", "sequenceFlow", "lane", "laneSet",
         "participant", "messageFlow", "process", "BPMNShape", "Bounds", "waypoint", "foo", "documentation"]
ATTRS = ["id", "sourceRef", "targetRef", "attachedToRef", "processRef", "bpmnElement", "x", "width", "name",
         "isExpanded", "triggeredByEvent", "cancelActivity"]
VALUES = ["", "x", "-1", "NaN", "1e309", "tns:Task_1", "ö" * 300, "<&>", "true", "\u202e"]


def sample_files() -> list[Path]:
    corpus = shared("corpus", "miwg")
    files = sorted(corpus.rglob("*.bpmn"))
    chosen = []
    for path in files[::29]:
        try:
            etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        chosen.append(path)
    return chosen


mutation = st.tuples(
    st.sampled_from(["drop", "duplicate", "rename", "drop_attr", "set_attr", "swap_ref"]),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(NAMES),
    st.sampled_from(ATTRS),
    st.sampled_from(VALUES),
)


def mutate(data: bytes, steps, cut: float | None) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True))
    for kind, index, name, attr, value in steps:
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        el = elements[index % len(elements)]
        if kind == "drop" and el is not root:
            el.getparent().remove(el)
        elif kind == "duplicate" and el is not root:
            el.addnext(etree.fromstring(etree.tostring(el)))
        elif kind == "rename":
            ns = etree.QName(el).namespace
            el.tag = f"{{{ns}}}{name}" if ns else name
        elif kind == "drop_attr":
            el.attrib.pop(attr, None)
        elif kind == "set_attr":
            el.set(attr, value)
        elif kind == "swap_ref":
            ids = [e.get("id") for e in elements if e.get("id")]
            if ids:
                el.set(attr, ids[(index * 7) % len(ids)])
    out = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if cut is not None:
        out = out[: int(len(out) * cut)]
    return out


@pytest.fixture(scope="module")
def files():
    return sample_files()


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    which=st.integers(min_value=0, max_value=10_000),
    steps=st.lists(mutation, min_size=1, max_size=6),
    cut=st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0)),
)
def test_mutated_exports_never_crash(files, which, steps, cut):
    path = files[which % len(files)]
    data = mutate(path.read_bytes(), steps, cut)
    result = load_bytes(data, "mutated.bpmn")
    file_report, findings = analyse(result)
    if file_report.definitions is None:
        assert file_report.error is not None and file_report.error.message
    for finding in findings:
        assert finding.rule != "internal/error", finding.message
        assert finding.file == "mutated.bpmn" and finding.message
        assert finding.line is not None or finding.rule.startswith(("model/no-start", "model/duplicate-id"))


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(which=st.integers(min_value=0, max_value=10_000), steps=st.lists(mutation, min_size=1, max_size=4))
def test_a_mutated_file_does_not_change_results_for_another(files, tmp_path_factory, which, steps):
    folder = tmp_path_factory.mktemp("mut")
    bad = folder / "mutated.bpmn"
    bad.write_bytes(mutate(files[which % len(files)].read_bytes(), steps, None))
    baseline = [(f.rule, f.element) for f in check_paths([GOOD]).findings]
    together = check_paths([bad, GOOD])
    assert [(f.rule, f.element) for f in together.findings if f.file.endswith("digital_mailbox.bpmn")] == baseline
