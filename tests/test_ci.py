"""CI integration: report formats, exit codes, suppressions, baselines, configuration, selection."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from lxml import etree
from typer.testing import CliRunner

from bpmn_builder import chain
from conftest import FIXTURES, ROOT, shared
from prozess.cli import app

MAILBOX = FIXTURES / "media" / "digital_mailbox.bpmn"
QUALITY = FIXTURES / "model" / "quality_problems.bpmn"
runner = CliRunner()


def run(*args: str, cwd: Path | None = None):
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_sarif_validates_against_the_official_schema(tmp_path):
    broken = tmp_path / "kaputt.bpmn"
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    result = run("check", str(MAILBOX), str(QUALITY), str(broken), "-f", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    schema = json.loads(shared("schemas", "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    run_ = sarif["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["media/re-keying"]["shortDescription"]["text"] == "Abtippen"
    assert rules["legal/LB-BUND-SGBX-37-BEKANNTGABE"]["defaultConfiguration"]["level"] == "warning"
    rekey = next(r for r in run_["results"] if r["ruleId"] == "media/re-keying")
    location = rekey["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "tests/fixtures/media/digital_mailbox.bpmn"
    assert location["physicalLocation"]["region"]["startLine"] == 18
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "P/Type"
    assert re.fullmatch(r"[0-9a-f]{16}", rekey["partialFingerprints"]["prozess/v1"])
    assert run_["tool"]["driver"]["rules"][rekey["ruleIndex"]]["id"] == "media/re-keying"
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert "kaputt.bpmn" in run_["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_help_links_when_docs_url_is_configured(tmp_path):
    (tmp_path / "prozess.toml").write_text('docs_url = "https://prozess.example.org/"\n', encoding="utf-8")
    result = run("check", str(MAILBOX), "-f", "sarif", cwd=tmp_path)
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    uris = {r["id"]: r["helpUri"] for r in rules}
    assert uris["media/re-keying"] == "https://prozess.example.org/handbuch/medienbrueche/re-keying.html"
    assert uris["legal/LB-BUND-SGBX-37-BEKANNTGABE"].endswith("regelwerk/referenz.html#lb-bund-sgbx-37-bekanntgabe")


def test_junit_has_a_suite_per_file_and_a_case_per_process(tmp_path):
    broken = tmp_path / "kaputt.bpmn"
    broken.write_text("", encoding="utf-8")
    for fail_on, failures in (("warning", 1), ("error", 0)):
        result = run("check", str(MAILBOX), str(broken), "-f", "junit", "--fail-on", fail_on)
        root = etree.fromstring(result.stdout.encode())
        assert root.tag == "testsuites" and int(root.get("tests")) == 2
        assert int(root.get("failures")) == failures and int(root.get("errors")) == 1
        suites = {Path(s.get("name")).name: s for s in root.findall("testsuite")}
        case = suites["digital_mailbox.bpmn"].find("testcase")
        assert case.get("name") == "Wohngeldstelle (P)"  # a case per procedure, named after its authority pool
        if failures:
            assert "media/re-keying" in case.find("failure").text
        else:
            assert case.find("failure") is None and "media/re-keying" in case.find("system-out").text
        assert suites["kaputt.bpmn"].find("testcase/error").get("message") == "file is empty"


def test_github_annotations_are_escaped_workflow_commands():
    result = run("check", str(MAILBOX), str(QUALITY), "-f", "github")
    lines = result.stdout.splitlines()
    assert "::warning file=tests/fixtures/media/digital_mailbox.bpmn,line=18,title=prozess (media/re-keying) – Wohngeldstelle::" \
           "Medienbruch (Papier → digital): Angaben werden von Hand in ein IT-System übertragen. " \
           "[Antragsdaten ins Fachverfahren übertragen]" in lines
    assert any(line.startswith("::error file=tests/fixtures/model/quality_problems.bpmn,line=13,") for line in lines)
    assert all(re.match(r"^::(error|warning|notice) file=[^:,]+(,line=\d+)?,title=[^:]+::", line) for line in lines)


def test_markdown_summary():
    result = run("check", str(MAILBOX), "-f", "markdown")
    assert result.stdout.startswith("## prozess\n\n**✅ Prüfung bestanden** – 1 Dateien, 1 Verfahren (1 Pools)")
    assert "| Wohngeldstelle | E1 | digital | ja | 4 |" in result.stdout
    assert "| warning | `tests/fixtures/media/digital_mailbox.bpmn:18` | `media/re-keying` |" in result.stdout


def test_several_formats_and_outputs_in_one_run(tmp_path):
    result = run("check", str(MAILBOX), "-f", "text", "-o", "-", "-f", "json", "-o", str(tmp_path / "r.json"),
                 "-f", "junit", "-o", str(tmp_path / "j.xml"))
    assert result.exit_code == 0 and "media/re-keying" in result.stdout
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["schema"] == "prozess.report/v2"
    assert etree.parse(str(tmp_path / "j.xml")).getroot().tag == "testsuites"
    assert run("check", str(MAILBOX), "-f", "text", "-f", "json").exit_code == 2


def test_exit_codes_per_fail_level():
    # digital_mailbox: warnings only; quality_problems: errors
    assert run("check", str(MAILBOX)).exit_code == 0
    assert run("check", str(MAILBOX), "--fail-on", "warning").exit_code == 1
    assert run("check", str(QUALITY), "--fail-on", "error").exit_code == 1
    assert run("check", str(QUALITY), "--fail-on", "never").exit_code == 0
    assert run("check", str(MAILBOX), "--fail-on", "info").exit_code == 1


SUPPRESSED = chain(
    ("task", "Antrag ausdrucken", "prozess: ignore media/print-after-digital-intake — Ausdruck nur für die Akte des Widerspruchs"),
    ("task", "Bescheid ausdrucken", "prozess: ignore media/print-after-digital-intake"),
    ("task", "Akte ablegen", "prozess: ignore media/scan — war früher ein Scanschritt\nprozess: ignore media/nicht-da — Tippfehler"),
    name="Unterdrückt",
)


def test_suppressions_need_a_reason_and_report_unused_and_unknown(tmp_path):
    path = tmp_path / "s.bpmn"
    path.write_bytes(SUPPRESSED.replace(b'name="Unterdr\xc3\xbcckt">',
                                        'name="Unterdrückt"><bpmn:documentation>Medium: Digital</bpmn:documentation>'.encode()))
    report = json.loads(run("check", str(path), "-f", "json", "--fail-on", "never").stdout)
    by = {(f["element"], f["rule"]): f for f in report["findings"]}
    assert by[("N1", "media/print-after-digital-intake")]["suppressed"] == {
        "kind": "inSource", "reason": "Ausdruck nur für die Akte des Widerspruchs"}
    assert "suppressed" not in by[("N2", "media/print-after-digital-intake")]  # no reason: not applied
    assert ("N2", "suppression/missing-reason") in by
    assert ("N3", "suppression/unused") in by and ("N3", "suppression/unknown-rule") in by
    assert report["summary"]["suppressed"] == 1
    text = run("check", str(path), "--fail-on", "never").stdout
    assert "[N1 „Antrag ausdrucken“]" not in text and "1 suppressed" in text
    sarif = json.loads(run("check", str(path), "-f", "sarif", "--sarif-include-suppressed").stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "Ausdruck nur für die Akte des Widerspruchs"}]


def test_process_level_suppression_covers_the_whole_process(tmp_path):
    data = chain("Papierantrag annehmen", "Antrag einscannen", name="P")
    data = data.replace(b'name="P">', b'name="P"><bpmn:documentation>prozess: ignore media/scan, media/unknown-medium -- Scanstelle des Kreises</bpmn:documentation>')
    path = tmp_path / "p.bpmn"
    path.write_bytes(data)
    report = json.loads(run("check", str(path), "-f", "json").stdout)
    assert all(f.get("suppressed") for f in report["findings"] if f["rule"] in ("media/scan", "media/unknown-medium"))


def _move_and_reformat(source: Path, target: Path) -> None:
    root = etree.parse(str(source)).getroot()
    for bounds in root.iter("{http://www.omg.org/spec/DD/20100524/DC}Bounds"):
        bounds.set("x", str(float(bounds.get("x")) + 333))
    for child in root.iter():
        child.tail = None
        if len(child):
            child.text = None
    target.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_baseline_survives_moving_elements_and_reformatting_but_new_findings_fail(tmp_path):
    model = tmp_path / "wohngeld.bpmn"
    shutil.copy(ROOT / "processes" / "wohngeld.bpmn", model)
    baseline = tmp_path / "baseline.json"
    result = run("check", "wohngeld.bpmn", "--write-baseline", str(baseline), cwd=tmp_path)
    assert result.exit_code == 0
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(entries) == 4 and all(set(e) >= {"fingerprint", "rule", "file", "process", "element"} for e in entries)

    _move_and_reformat(ROOT / "processes" / "wohngeld.bpmn", model)
    result = run("check", "wohngeld.bpmn", "--baseline", str(baseline), "--fail-on", "info", "-f", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert {f["baseline"] for f in report["findings"]} == {"unchanged"}
    assert report["summary"]["baseline_unchanged"] == 4

    text = model.read_text(encoding="utf-8").replace('name="Wohngeld berechnen"', 'name="Wohngeld berechnen und Bescheid ausdrucken"')
    model.write_text(text, encoding="utf-8")
    result = run("check", "wohngeld.bpmn", "--baseline", str(baseline), "--fail-on", "warning", "-f", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    new = [f for f in report["findings"] if f["baseline"] == "new"]
    assert {f["element_name"] for f in new} == {"Wohngeld berechnen und Bescheid ausdrucken"}
    assert {f["rule"] for f in new} == {"media/print-after-digital-intake", "legal/LB-BUND-SGBX-37-BEKANNTGABE"}
    sarif = json.loads(run("check", "wohngeld.bpmn", "--baseline", str(baseline), "-f", "sarif", cwd=tmp_path).stdout)
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new"}  # known ones open no alerts
    sarif = json.loads(run("check", "wohngeld.bpmn", "--baseline", str(baseline), "-f", "sarif",
                           "--sarif-include-suppressed", cwd=tmp_path).stdout)
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new", "unchanged"}


def test_configuration_discovery_and_precedence(tmp_path):
    project = tmp_path / "repo"
    (project / ".git").mkdir(parents=True)
    (project / "modelle").mkdir()
    shutil.copy(MAILBOX, project / "modelle" / "a.bpmn")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.prozess]\npaths = ["modelle"]\nfail_on = "warning"\n'
        'severity = { "media/re-keying" = "error" }\ndisable = ["media/paper-output"]\n',
        encoding="utf-8",
    )
    sub = project / "modelle"
    result = run("check", "-f", "json", cwd=sub)  # found by walking up; paths relative to the file
    report = json.loads(result.stdout)
    assert result.exit_code == 1  # fail_on = warning from the file
    rules = {f["rule"]: f["severity"] for f in report["findings"]}
    assert rules["media/re-keying"] == "error" and "media/paper-output" not in rules
    assert run("check", "--fail-on", "never", cwd=sub).exit_code == 0  # the command line wins

    shown = run("config", cwd=sub).stdout
    assert "fail_on = 'warning'  (pyproject.toml [tool.prozess])" in shown
    assert "jurisdiction = None  (default)" in shown

    (project / "modelle" / "prozess.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    assert "fail_on = 'never'  (prozess.toml)" in run("config", cwd=sub).stdout  # nearest file wins, no merging
    (project / "modelle" / "prozess.toml").write_text('fial_on = "never"\n', encoding="utf-8")
    result = run("check", cwd=sub)
    assert result.exit_code == 2 and "unknown key 'fial_on'; did you mean 'fail_on'?" in result.stderr


def test_parallel_jobs_give_the_same_report():
    one = run("check", str(ROOT / "processes"), "-f", "json", "-j", "1", "--fail-on", "never").stdout
    two = run("check", str(ROOT / "processes"), "-f", "json", "-j", "2", "--fail-on", "never").stdout
    a, b = json.loads(one), json.loads(two)
    assert a["findings"] == b["findings"] and a["summary"] == b["summary"]
    assert [f["processes"] for f in a["files"]] == [f["processes"] for f in b["files"]]


def test_a_worker_that_dies_loses_no_file(monkeypatch):
    """A worker killed in the middle of a run (the OOM killer on a CI machine): the files it took are
    checked by the main process; the run neither hangs nor loses a result."""
    import importlib
    from dataclasses import replace

    check = importlib.import_module("prozess.check")
    main, real = os.getpid(), check._checked

    def dying(item, options):
        if os.getpid() != main:  # in the forked worker, at its first file
            os._exit(9)
        return real(item, options)

    monkeypatch.setattr(check, "_checked", dying)
    options = check.Options(jobs=2, keep_models=False)
    selected = list(check.discover([ROOT / "processes"]))
    assert len(selected) >= 8  # enough files for the parallel path
    report = check.check_selected(selected, options)
    expected = check.check_selected(selected, replace(options, jobs=1))
    assert [f.path for f in report.files] == [f.path for f in expected.files]
    assert report.findings == expected.findings


def test_slim_results_render_every_format_as_whole_models_do():
    """`check` sends back from its workers only what the formats read (check._slim); every format
    renders the same bytes from that as from the whole models."""
    from prozess.check import Options, check_paths
    from prozess.formats import FORMATS, RenderContext

    paths = [ROOT / "processes"]
    whole = check_paths(paths, Options(keep_models=True))
    slim = check_paths(paths, Options(keep_models=False))
    process = slim.files[0].processes[0].process
    assert process.nodes and not process.flows and not slim.files[0].definitions.collaborations
    context = RenderContext(None, str(ROOT), None)
    for name, render in FORMATS.items():
        assert render(slim, context) == render(whole, context), name


def test_shards_partition_the_files_and_exclude_skips():
    def files(*extra):
        return {f["path"] for f in json.loads(run("check", str(ROOT / "processes"), "-f", "json", "--fail-on", "never",
                                                   *extra).stdout)["files"]}

    everything = files()
    parts = [files("--shard", f"{i}/3") for i in (1, 2, 3)]
    assert set().union(*parts) == everything and sum(len(p) for p in parts) == len(everything)
    assert all(parts)
    assert not any("wohngeld" in f for f in files("--exclude", "*wohngeld*"))
    assert run("check", str(MAILBOX), "--shard", "4/3").exit_code == 2


def git_repo(folder: Path, files: dict[str, Path], commit: bool = True) -> Path:
    """A git repository in ``folder`` holding copies of ``files`` (name → source), added and committed."""
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for name, source in files.items():
        if source.is_symlink():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), folder / name)
        elif source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    subprocess.run(git + ["add", "-A"], cwd=folder, check=True)
    if commit:
        subprocess.run(git + ["commit", "-qm", "snapshot"], cwd=folder, check=True)
    return folder


def test_changed_since_checks_only_changed_files(tmp_path):
    repo = git_repo(tmp_path / "repo", {"alt.bpmn": MAILBOX})
    shutil.copy(QUALITY, repo / "neu.bpmn")
    result = run("check", ".", "-f", "json", "--changed-since", "HEAD", "--fail-on", "never", cwd=repo)
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["neu.bpmn"]
    result = run("check", ".", "--changed-since", "gibt-es-nicht", cwd=repo)
    assert result.exit_code == 2 and "gibt-es-nicht" in result.stderr


def test_integration_files_are_well_formed():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "prozess" and hooks[0]["entry"] == "prozess check --skip-non-bpmn"
    assert re.search(hooks[0]["files"], "processes/wohngeld.bpmn") and not re.search(hooks[0]["files"], "README.md")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite" and {"paths", "fail-on", "sarif", "args"} <= set(action["inputs"])
    commands = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "-f sarif" in commands and "-f github" in commands  # hostile inputs: tests/test_action.py


def test_pre_commit_hook_via_try_repo(tmp_path):
    # try-repo installs the committed state: snapshot this working tree as a repository first
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    repo = git_repo(tmp_path / "prozess", {name: ROOT / name for name in listed})
    work = git_repo(tmp_path / "work", {"modell.bpmn": QUALITY}, commit=False)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), "prozess", "--all-files"],
                          cwd=work, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr  # the model has errors
    assert "model/dangling-reference" in done.stdout
