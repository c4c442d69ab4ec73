"""CI output that GitHub and GitLab show correctly, and strictness where users make mistakes
(ci-review F7, F9, F10, F12, F15, F16, F17, F25–F27, F29, F34)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import yaml

from bpmn_builder import chain
from conftest import ROOT
from test_ci import MAILBOX, QUALITY, git_repo, run

SUPPRESSING = chain(
    ("task", "Antrag ausdrucken", "prozess: ignore media/print-after-digital-intake - nur für die Akte"),
    name="Unterdrückt",
).replace(b'name="Unterdr\xc3\xbcckt">', 'name="Unterdrückt"><bpmn:documentation>Medium: Digital</bpmn:documentation>'.encode())


def test_sarif_leaves_out_suppressed_and_baselined_results_unless_asked(tmp_path):
    model = tmp_path / "s.bpmn"
    model.write_bytes(SUPPRESSING)
    sarif = json.loads(run("check", str(model), "-f", "sarif").stdout)
    assert not [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "media/print-after-digital-intake"]
    kept = json.loads(run("check", str(model), "-f", "sarif", "--sarif-include-suppressed").stdout)
    (result,) = [r for r in kept["runs"][0]["results"] if r["ruleId"] == "media/print-after-digital-intake"]
    assert result["suppressions"][0]["justification"] == "nur für die Akte"
    baseline = tmp_path / "b.json"
    run("check", str(MAILBOX), "--write-baseline", str(baseline))
    again = json.loads(run("check", str(MAILBOX), "-f", "sarif", "--baseline", str(baseline)).stdout)
    assert again["runs"][0]["results"] == []


def test_sarif_automation_id_per_shard_full_rule_metadata_help_uri_and_level_filter(tmp_path):
    whole = json.loads(run("check", str(MAILBOX), "-f", "sarif").stdout)["runs"][0]
    assert whole["automationDetails"]["id"] == "prozess/"
    shard = json.loads(run("check", str(MAILBOX), "-f", "sarif", "--shard", "1/1").stdout)["runs"][0]
    assert shard["automationDetails"]["id"] == "prozess/shard-1-of-1/"
    for rule in whole["tool"]["driver"]["rules"]:
        assert {"shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"} <= set(rule)
    (tmp_path / ".git").mkdir()
    (tmp_path / "prozess.toml").write_text('docs_url = "https://prozess.stadt.example/"\n', encoding="utf-8")
    shutil.copy(MAILBOX, tmp_path / "m.bpmn")
    linked = json.loads(run("check", "m.bpmn", "-f", "sarif", cwd=tmp_path).stdout)["runs"][0]
    uris = {r["id"]: r["helpUri"] for r in linked["tool"]["driver"]["rules"]}
    # the pages of the site built by `prozess site build` (its handbook lies below handbuch/)
    assert uris["media/re-keying"] == "https://prozess.stadt.example/handbuch/medienbrueche/re-keying.html"
    filtered = json.loads(run("check", str(MAILBOX), str(QUALITY), "-f", "sarif", "--sarif-level", "error").stdout)
    assert {r["level"] for r in filtered["runs"][0]["results"]} == {"error"}


def test_internal_error_has_rule_metadata():
    from prozess.catalog import builtin_rules

    info = builtin_rules()["internal/error"]
    assert info.title and info.summary and info.doc == "regeln/laden.md#internal-error"


def test_gitlab_code_quality_report(tmp_path):
    broken = tmp_path / "kaputt.bpmn"
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    issues = json.loads(run("check", str(MAILBOX), str(broken), "-f", "gitlab", "--fail-on", "never").stdout)
    sarif = json.loads(run("check", str(MAILBOX), "-f", "sarif").stdout)
    fingerprints = {r["partialFingerprints"]["prozess/v1"] for r in sarif["runs"][0]["results"]}
    media = [i for i in issues if i["check_name"].startswith("media/")]
    assert media and {i["fingerprint"] for i in media} <= fingerprints
    assert all(set(i) == {"description", "check_name", "fingerprint", "severity", "location"} for i in issues)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert any(i["check_name"] == "load/error" and i["severity"] == "blocker" for i in issues)
    assert all(isinstance(i["location"]["lines"]["begin"], int) for i in issues)


def test_pre_commit_hook_takes_what_a_folder_scan_takes(tmp_path):
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.bpmn", "UPPER.BPMN", "aris-export.xml", "m.bpmn2", "x.bpmn20.xml"))
    assert not pattern.search("README.md")
    other = tmp_path / "pom.xml"
    other.write_text("<project/>", encoding="utf-8")
    aris = tmp_path / "aris-export.xml"
    aris.write_bytes(MAILBOX.read_bytes())
    upper = tmp_path / "UPPER.BPMN"
    upper.write_bytes(MAILBOX.read_bytes())
    report = json.loads(run("check", "--skip-non-bpmn", str(other), str(aris), str(upper), "-f", "json",
                            "--fail-on", "never").stdout)
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in report["files"]) == ["UPPER.BPMN", "aris-export.xml"]


def test_unknown_rule_ids_in_the_configuration_are_errors(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "prozess.toml").write_text('disable = ["media/rekeying"]\n', encoding="utf-8")
    shutil.copy(MAILBOX, tmp_path / "m.bpmn")
    result = run("check", "m.bpmn", cwd=tmp_path)
    assert result.exit_code == 2 and "unknown rule id 'media/rekeying'" in result.output
    assert "did you mean 'media/re-keying'" in result.output
    (tmp_path / "prozess.toml").write_text('severity = { "media/paper-outptu" = "error" }\n', encoding="utf-8")
    result = run("check", "m.bpmn", cwd=tmp_path)
    assert result.exit_code == 2 and "'media/paper-output'" in result.output


def test_suppression_separators_malformed_lines_and_rich_text(tmp_path):
    from prozess.bpmn.loader import load_bytes
    from prozess.check import analyse

    for line, reason in (("prozess: ignore media/print-after-digital-intake: nur Akte", "nur Akte"),
                         ("prozess: ignore media/print-after-digital-intake (nur Akte)", "nur Akte"),
                         ("&lt;p&gt;prozess: ignore media/print-after-digital-intake — nur Akte&lt;/p&gt;", "nur Akte")):
        data = chain("Antrag online eingegangen", ("task", "Antrag ausdrucken", line))
        _, findings = analyse(load_bytes(data, "t.bpmn"))
        (hit,) = [f for f in findings if f.rule == "media/print-after-digital-intake"]
        assert hit.suppressed == reason, line
    data = chain("Antrag online eingegangen", ("task", "Antrag ausdrucken", "prozess: ignore Medienbruch hier egal"))
    _, findings = analyse(load_bytes(data, "t.bpmn"))
    assert any(f.rule == "suppression/malformed" and f.element == "N2" for f in findings)


def test_write_baseline_refuses_a_partial_run(tmp_path):
    repo = git_repo(tmp_path / "repo", {"a.bpmn": MAILBOX})
    for extra in (["--shard", "1/2"], ["--changed-since", "HEAD"]):
        result = run("check", ".", "--write-baseline", "b.json", *extra, cwd=repo)
        assert result.exit_code == 2 and "--write-baseline" in result.output and not (repo / "b.json").exists()


def test_a_broken_pipe_keeps_the_exit_code():
    done = subprocess.run(
        f"{sys.executable} -m prozess check {ROOT / 'processes'} -f json --fail-on never | head -c 100 > /dev/null; "
        "echo ${PIPESTATUS[0]}",
        shell=True, executable="/bin/bash", capture_output=True, text=True, check=False,
    )
    assert done.stdout.strip() == "0", done.stderr


def test_help_keeps_bracketed_text():
    text = run("check", "--help").stdout
    assert "[tool.prozess]" in text and "[default: error]" in text


def test_the_docs_never_install_an_unpublished_package_name():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    bare = re.compile(r"pip install\s+['\"]?prozess(?![\w\[ ]*@|\[)\b")
    offenders = [f"{p.name}: {line.strip()}" for p in pages for line in p.read_text(encoding="utf-8").splitlines()
                 if bare.search(line) and "prozess[site]" not in line]
    assert offenders == []


def test_sarif_of_the_examples_and_of_miwg_checked_from_outside_has_no_multitool_errors(tmp_path):
    import os

    from conftest import shared

    tool = ROOT / ".cache" / "sarif-multitool" / "node_modules" / ".bin" / "sarif-multitool"
    if not tool.exists():
        message = f"{tool} is missing: .ci/run installs it (npm @microsoft/sarif-multitool)"
        import pytest
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    outside = tmp_path / "aussen"
    outside.mkdir()
    for name, target in (("beispiele", ROOT / "processes"), ("miwg", shared("corpus", "miwg"))):
        sarif = outside / f"{name}.sarif"
        subprocess.run([sys.executable, "-m", "prozess", "check", str(target), "-f", "sarif", "-o", str(sarif),
                        "--fail-on", "never"], cwd=outside, check=True, capture_output=True)
        log = outside / f"{name}.validation.sarif"
        subprocess.run([str(tool), "validate", str(sarif), "-o", str(log), "--log", "ForceOverwrite"],
                       capture_output=True, check=False, timeout=600)
        results = json.loads(log.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
        errors = [r for r in results if r.get("level", "warning") == "error"]
        assert errors == [], f"{name}: {errors[:3]}"


def test_a_partial_run_with_a_baseline_does_not_count_unchecked_files_as_fixed(tmp_path):
    repo = git_repo(tmp_path / "repo", {"a.bpmn": MAILBOX, "b.bpmn": QUALITY})
    run("check", ".", "--write-baseline", "base.json", cwd=repo)
    (repo / "a.bpmn").write_bytes(MAILBOX.read_bytes() + b"\n")
    report = json.loads(run("check", ".", "--baseline", "base.json", "--changed-since", "HEAD", "-f", "json",
                            "--fail-on", "never", cwd=repo).stdout)
    assert [f["path"] for f in report["files"]] == ["a.bpmn"]
    assert report["summary"]["baseline_fixed"] == 0 and report["summary"]["baseline_unchanged"] > 0
