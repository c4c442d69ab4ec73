"""Hostile and broken input: never a crash, a hang, a leak, or lost results for the other files.

The corpus is tests/fixtures/adversarial/ (small files, committed) plus two large models made here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import Limits, load_bytes, load_file
from prozess.check import check_paths
from prozess.formats.text import render as render_text
from prozess.legal.rules import load_rulebase

ADVERSARIAL = FIXTURES / "adversarial"
GOOD = FIXTURES / "media" / "digital_mailbox.bpmn"

# file → (start of the error message, line of the error or None)
REFUSED = {
    "xxe-local-file.bpmn": ("refused: a DOCTYPE declaration", 2),
    "billion-laughs.bpmn": ("refused: a DOCTYPE declaration", 2),
    "quadratic-blowup.bpmn": ("refused: a DOCTYPE declaration", 2),
    "network-dtd.bpmn": ("refused: a DOCTYPE declaration", 2),
    "empty.bpmn": ("file is empty", 1),
    "whitespace-only.bpmn": ("file is empty", 1),
    "random-bytes.bpmn": ("not well-formed XML", 1),
    "html-page.bpmn": ("not well-formed XML", 1),
    "other-xml.bpmn": ("not a BPMN 2.0 file", 2),
    "bpmn-wrong-namespace.bpmn": ("not a BPMN 2.0 file", 2),
    "deeply-nested-3000.bpmn": ("refused: elements nested deeper than 256 levels", 2),
    "nested-150-subprocesses.bpmn": ("sub-processes nested deeper than 100 levels", 2),
}
RECOVERED = {"truncated.bpmn": 3, "invalid-utf8-bytes.bpmn": 5, "mixed-encoding.bpmn": 9}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_get_one_clear_error_with_line(name):
    result = load_file(ADVERSARIAL / name)
    message, line = REFUSED[name]
    assert result.definitions is None
    assert result.error.message.startswith(message), result.error.message
    assert result.error.line == line


@pytest.mark.parametrize("name", sorted(RECOVERED))
def test_broken_but_recoverable_files_are_read_with_a_warning(name):
    result = load_file(ADVERSARIAL / name)
    assert not result.ok and result.recovered and result.error.line == RECOVERED[name]
    if name != "truncated.bpmn":  # cut before its process: the recovered model is empty
        assert result.definitions.processes[0].node("T") is not None


def test_nothing_is_fetched_or_expanded():
    for name in ("xxe-local-file.bpmn", "network-dtd.bpmn", "billion-laughs.bpmn"):
        assert "root:" not in repr(load_file(ADVERSARIAL / name))
    # schemaLocation and XInclude are ignored, the model loads
    result = load_file(ADVERSARIAL / "network-schema-location.bpmn")
    assert result.ok and result.definitions.processes[0].node("T").name == "Antrag prüfen"


def test_encodings():
    assert load_file(ADVERSARIAL / "iso-8859-1-declared.bpmn").definitions.processes[0].node("T").name == (
        "Prüfung der Unterlagen für Straßenreinigung"
    )
    assert load_file(ADVERSARIAL / "utf8-bom.bpmn").definitions.processes[0].node("T").name == "Antrag prüfen"
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><bpmn:definitions '
             'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"><bpmn:process id="P">'
             '<bpmn:task id="T" name="Straße"/></bpmn:process></bpmn:definitions>').encode("utf-16")
    assert load_bytes(utf16, "u16.bpmn").definitions.processes[0].node("T").name == "Straße"


def test_whole_corpus_with_good_files_exits_1_without_traceback_and_keeps_good_results():
    done = subprocess.run(
        [sys.executable, "-m", "prozess", "check", str(ADVERSARIAL), str(GOOD), "-f", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1  # unreadable models are error-level findings; 2 is for prozess itself
    assert "Traceback" not in done.stderr and done.stderr == ""
    report = json.loads(done.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert len(files) == len(list(ADVERSARIAL.iterdir())) + 1
    for name, (message, line) in REFUSED.items():
        assert files[name]["error"]["message"].startswith(message) and files[name]["error"]["line"] == line
    assert "root:" not in done.stdout  # /etc/passwd was never read
    alone = check_paths([GOOD])
    good_findings = [f for f in report["findings"] if f["file"].endswith("digital_mailbox.bpmn")]
    assert [f["rule"] for f in good_findings] == [f.rule for f in alone.findings]


def test_model_problems_and_cycles_terminate_with_findings():
    report = check_paths([ADVERSARIAL / "duplicate-ids.bpmn", ADVERSARIAL / "flow-to-missing-node.bpmn",
                          ADVERSARIAL / "self-loop-no-start.bpmn"])
    rules = {(Path(f.file).name, f.rule) for f in report.findings}
    assert ("duplicate-ids.bpmn", "model/duplicate-id") in rules
    assert ("flow-to-missing-node.bpmn", "model/dangling-reference") in rules
    assert ("self-loop-no-start.bpmn", "model/no-start") in rules


def test_terminal_output_is_sanitised_and_bounded():
    text = render_text(check_paths([ADVERSARIAL / "control-characters.bpmn", ADVERSARIAL / "very-long-name.bpmn"]))
    assert "\x9b" not in text and "\u202e" not in text and "\x85" not in text
    assert max(len(line) for line in text.splitlines()) < 3000
    names = [line for line in text.splitlines() if "very-long-name" in line]
    assert names and all("…" in line for line in names)


def test_twenty_thousand_step_model_is_analysed(tmp_path):
    big = tmp_path / "big.bpmn"
    big.write_bytes(chain(*[f"Vorgang {i} bearbeiten" for i in range(20_000)]))
    report = check_paths([big])
    assert report.files[0].ok and len(report.files[0].processes[0].process.nodes) == 20_002


def test_limits_are_configurable_and_reported(tmp_path):
    path = ADVERSARIAL / "very-long-name.bpmn"
    assert "larger than the limit" in load_file(path, limits=Limits(max_file_bytes=1000)).error.message
    assert "more than the limit of 3" in load_file(GOOD, limits=Limits(max_elements=3)).error.message
    assert load_file(ADVERSARIAL / "nested-150-subprocesses.bpmn", limits=Limits(max_nesting=200)).ok
    done = subprocess.run([sys.executable, "-m", "prozess", "check", str(path), "--max-file-size", "0"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--max-file-size" in done.stderr


RULE = """rules:
  - id: LB-TEST-1
    title: T
    requirement: other
    blocking: none
    norm: {law: X, paragraph: "1", citation: § 1 X, jurisdiction: DE}
    valid_from: 2024-01-01
    match: {keywords: ["(a+)+$", "[a-z]*x"]}
    remedy: r
    sources: [s]
    confidence: low
    examples: {must_match: ["(a+)+$"], must_not_match: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!]}
"""


def test_rule_files_hostile_yaml(tmp_path):
    (tmp_path / "bomb.yaml").write_text(
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
        encoding="utf-8",
    )
    (tmp_path / "tag.yaml").write_text("rules: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    (tmp_path / "types.yaml").write_text("rules:\n  - id: [1, 2]\n    valid_from: {a: b}\n", encoding="utf-8")
    (tmp_path / "huge.yaml").write_text("rules: []\n# " + "x" * (1024 * 1024 + 10) + "\n", encoding="utf-8")
    problems = {p.file.rsplit("/", 1)[-1]: p for p in load_rulebase([tmp_path], base=tmp_path).problems}
    assert "Anker und Verweise" in problems["bomb.yaml"].message and problems["bomb.yaml"].line == 1
    assert "Typ-Vermerk" in problems["tag.yaml"].message
    assert problems["types.yaml"].line == 2
    assert "größer als" in problems["huge.yaml"].message


def test_keywords_are_literal_text_not_patterns(tmp_path):
    # there are no regular expressions in rule files, so no catastrophic backtracking
    (tmp_path / "r.yaml").write_text(RULE, encoding="utf-8")
    base = load_rulebase([tmp_path], base=tmp_path)
    from prozess.legal.ruletest import run_examples

    assert base.problems == () and all(r.passed for r in run_examples(base))
