"""The loader against real exports: the OMG MIWG suite (831 files, ~40 tools) and 26 public-sector models."""

from __future__ import annotations

import json
import subprocess
import sys

from lxml import etree

from conftest import shared
from prozess.bpmn.model import FLOW_NODE_TYPES

MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BROKEN = {
    # 4 files with bytes that are invalid in their declared encoding, 2 with invalid namespace URIs
    "GenMyModel 0.47/C.1.0-export.bpmn",
    "GenMyModel 0.47/C.1.0-roundtrip.bpmn",
    "GenMyModel 0.47/C.1.1-export.bpmn",
    "GenMyModel 0.47/C.1.1-roundtrip.bpmn",
    "IBM Process Designer 8.0.1/A.3.0-export.bpmn",
    "IBM Process Designer 8.0.1/A.3.0-roundtrip.bpmn",
}


def independent_flow_node_count(path, recover: bool) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=recover)
    root = etree.fromstring(path.read_bytes(), parser)
    return sum(1 for el in root.iter(f"{{{MODEL_NS}}}*") if etree.QName(el).localname in FLOW_NODE_TYPES)


def run_check(folder):
    done = subprocess.run(
        [sys.executable, "-m", "prozess", "check", str(folder), "--format", "json", "--fail-on", "never"],
        capture_output=True, text=True,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_miwg_every_file_reported_and_steps_counted():
    corpus = shared("corpus", "miwg")
    code, report = run_check(corpus)
    files = {f["path"].split("miwg/", 1)[1]: f for f in report["files"]}
    assert len(files) == 831
    assert code == 0  # --fail-on never: the six broken files are findings, not a failure of prozess
    broken = {name for name, f in files.items() if not f["ok"]}
    assert broken == BROKEN
    for name in BROKEN:
        error = files[name]["error"]
        assert error["line"] and error["column"] and error["message"]
    for name, f in files.items():
        steps = sum(len(p["steps"]) for p in f["processes"])
        if f["ok"] or f["recovered"]:
            assert steps == independent_flow_node_count(corpus / name, recover=not f["ok"]), name
    recovered = [f for f in report["findings"] if f["rule"] == "load/recovered"]
    assert {f["file"].split("miwg/", 1)[1] for f in recovered} == {n for n in BROKEN if files[n]["recovered"]}


def test_real_public_sector_models_all_load():
    corpus = shared("corpus", "real")
    code, report = run_check(corpus)
    assert code == 0
    listed = [line.split("\t", 1)[0] for line in (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    assert len(listed) >= 33
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in report["files"]) == sorted(listed)
    assert all(f["ok"] for f in report["files"])
    assert all(p["steps"] for f in report["files"] for p in f["processes"] if p["participant"] is None)
