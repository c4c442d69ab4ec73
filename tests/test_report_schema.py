"""Every JSON report validates against the published schema (src/prozess/data/report.schema.json,
also printed by `prozess report-schema`): the bundled examples, the labelled corpora, the FIM sample,
the adversarial inputs and part of the MIWG suite."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, shared
from test_cli import run


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(run("report-schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def report_of(*paths) -> dict:
    return json.loads(run("check", *map(str, paths), "-f", "json", "--fail-on", "never").stdout)


def assert_valid(validator, report: dict) -> None:
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_rejects_a_broken_report(validator):
    report = report_of(ROOT / "processes" / "wohngeld.bpmn")
    report["findings"][0]["kind"] = "break"
    assert list(validator.iter_errors(report))


@pytest.mark.parametrize("where", ["processes", "fixtures"])
def test_reports_of_the_project_validate(validator, where):
    paths = [ROOT / "processes"] if where == "processes" else [FIXTURES / "evidence", FIXTURES / "media", FIXTURES / "adversarial"]
    assert_valid(validator, report_of(*paths))


@pytest.mark.parametrize("folder", ["real", "realistic", "fim"])
def test_reports_of_the_shared_corpora_validate(validator, folder):
    assert_valid(validator, report_of(shared("corpus", folder)))


def test_a_slice_of_miwg_validates(validator):
    corpus = shared("corpus", "miwg")
    tools = sorted(p for p in corpus.iterdir() if p.is_dir())[:8]
    assert_valid(validator, report_of(*tools))


def test_reports_are_the_same_bytes_with_and_without_orjson(monkeypatch):
    """orjson writes the reports where installed; the standard library is the fallback with the same bytes."""
    import os

    from conftest import ROOT
    from prozess.check import Options, check_paths
    from prozess.findings import Severity
    from prozess.formats import FORMATS, RenderContext, jsontext

    assert jsontext.orjson is not None  # a dependency: the fast path is the one users run
    report = check_paths([ROOT / "processes"], Options())
    context = RenderContext(Severity.ERROR, os.getcwd(), None)
    fast = {name: FORMATS[name](report, context) for name in ("json", "sarif", "gitlab")}
    monkeypatch.setattr(jsontext, "orjson", None)
    assert {name: FORMATS[name](report, context) for name in ("json", "sarif", "gitlab")} == fast
    assert jsontext.compact({"n": 2**70, "s": "Bürger"}) == '{"n":1180591620717411303424,"s":"Bürger"}'
