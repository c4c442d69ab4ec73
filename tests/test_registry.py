"""One table of built-in rules (registry.py): every rule has a page, a valid and an invalid fixture.

Fixtures live in ``tests/rules/<rule id>/{valid,invalid}.bpmn``. A comment ``<!-- ruleid: <id> -->``
stands on the line before each element where the rule must report (bpmnlint's layout, semgrep's
annotations); the valid fixture has none and must not get the rule at all.
"""

from __future__ import annotations

import importlib

import pytest

import prozess
from conftest import ROOT
from prozess.registry import BUILTIN, BY_ID, kind_of

RULES = ROOT / "tests" / "rules"


def _boom(*_args, **_kwargs):
    raise RuntimeError("provoked in a test")


# rules no model can provoke by itself: how the test provokes them
PROVOKE = {"internal/error": lambda monkeypatch: monkeypatch.setattr(
    importlib.import_module("prozess.check"), "detect_breaks", _boom)}


def _expected(path) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number + 2 for number, line in enumerate(lines) if "<!-- ruleid:" in line}


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_each_builtin_rule_reports_exactly_where_its_fixture_says(rule, monkeypatch):
    folder = RULES / rule.id
    valid, invalid = folder / "valid.bpmn", folder / "invalid.bpmn"
    assert valid.is_file() and invalid.is_file(), f"{rule.id}: fixtures missing in {folder}"
    assert (ROOT / "docs" / rule.doc.split("#")[0]).is_file(), f"{rule.id}: no page {rule.doc}"
    assert not [f for f in prozess.analyse(valid).findings if f.rule == rule.id]
    expected = _expected(invalid)
    assert expected and all(f"ruleid: {rule.id} " in line for line in invalid.read_text(encoding="utf-8").splitlines()
                            if "<!-- ruleid:" in line)
    if rule.id in PROVOKE:
        PROVOKE[rule.id](monkeypatch)
    found = [f for f in prozess.analyse(invalid).findings if f.rule == rule.id]
    assert {f.line for f in found} == expected
    assert all(f.kind == rule.kind for f in found)


def test_every_fixture_folder_belongs_to_a_rule():
    folders = {p.parent.relative_to(RULES).as_posix() for p in RULES.rglob("valid.bpmn")}
    assert folders == set(BY_ID)


def test_kind_and_metadata_come_from_the_table():
    assert kind_of("media/unknown-medium") == "media_hint" and kind_of("media/scan") == "media_break"
    assert kind_of("legal/LB-BUND-PAUSWG-9-ANTRAG") == "legal"
    report = prozess.check([ROOT / "processes"])
    for rule_id, info in report.rules.items():
        if rule_id in BY_ID:
            assert info is BY_ID[rule_id]
