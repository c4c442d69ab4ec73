from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from conftest import FIXTURES
from prozess import __version__
from prozess.cli import app

MODEL = FIXTURES / "model"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_json_report_contract():
    result = run("check", str(MODEL / "camunda_collaboration.bpmn"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["schema"] == "prozess.report/v2"
    assert report["tool"] == {"name": "prozess", "version": __version__}
    (file,) = report["files"]
    assert file["ok"] is True and file["error"] is None
    (process,) = file["processes"]
    assert process["participant"] == "Bürgeramt"
    step = next(s for s in process["steps"] if s["id"] == "Task_Check")
    assert step == step | {"name": "Antrag prüfen", "type": "userTask", "lane": "Frontoffice", "line": 51}
    assert report["summary"] == report["summary"] | {
        "files": 1, "processes": 1, "errors": 0, "warnings": 1, "infos": 0, "unreadable_files": 0,
    }


def test_findings_in_json_carry_location():
    result = run("check", str(MODEL / "quality_problems.bpmn"), "--format", "json")
    assert result.exit_code == 1
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["rule"] == "model/dangling-reference")
    assert finding["kind"] == "model" and finding["severity"] == "error"
    assert finding["line"] == 13 and finding["process"] == "P" and finding["element"] == "F4"
    assert finding["file"].endswith("quality_problems.bpmn")


def test_exit_codes_follow_fail_level():
    quality = str(MODEL / "quality_problems.bpmn")
    assert run("check", quality).exit_code == 1  # errors, default fail level error
    assert run("check", quality, "--fail-on", "never").exit_code == 0
    clean = str(MODEL / "signavio_default_ns.bpmn")
    assert run("check", clean, "--fail-on", "info").exit_code == 0
    loops = str(MODEL / "loops_without_start.bpmn")  # warnings only
    assert run("check", loops).exit_code == 0
    assert run("check", loops, "--fail-on", "warning").exit_code == 1


def test_broken_file_next_to_good_ones_exits_1_and_keeps_other_results(tmp_path):
    result = run("check", str(MODEL), "--format", "json")
    assert result.exit_code == 1  # a malformed model is a finding; `--fail-on never` passes
    assert run("check", str(MODEL), "--fail-on", "never").exit_code == 0
    report = json.loads(result.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert by_name["broken.bpmn"]["ok"] is False
    assert by_name["broken.bpmn"]["error"]["line"] == 5
    assert by_name["broken.bpmn"]["recovered"] is True
    assert by_name["camunda_collaboration.bpmn"]["ok"] is True
    assert len(by_name["camunda_collaboration.bpmn"]["processes"][0]["steps"]) == 12
    # a folder scan skips XML that is not BPMN; named explicitly it is an error
    assert "not_bpmn.xml" not in by_name
    explicit = run("check", str(MODEL / "not_bpmn.xml"))
    assert explicit.exit_code == 1 and "not a BPMN 2.0 file" in explicit.stdout


def test_text_output_names_file_line_rule_and_element():
    result = run("check", str(MODEL / "quality_problems.bpmn"))
    line = next(x for x in result.stdout.splitlines() if "dangling" in x)
    assert line.endswith("quality_problems.bpmn:13: error model/dangling-reference [F4] "
                         "Der Sequenzfluss „F4“ verweist auf das unbekannte Element „Missing“.")
    assert result.stdout.splitlines()[-1].startswith("1 files, 1 procedures (1 pools): 2 errors, 3 warnings")


def test_missing_path_and_output_file(tmp_path):
    result = run("check", str(tmp_path / "nope.bpmn"))
    assert result.exit_code == 2 and "no such file or directory" in result.stdout
    out = tmp_path / "out" / "report.json"
    result = run("check", str(MODEL / "signavio_default_ns.bpmn"), "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["processes"] == 1


def test_python_dash_m_and_version():
    done = subprocess.run([sys.executable, "-m", "prozess", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == f"prozess {__version__}"
    done = subprocess.run([sys.executable, "-m", "prozess", "check", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--fail-on" in done.stdout
