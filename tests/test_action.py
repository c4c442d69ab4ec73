"""The GitHub Action (action.yml) renders hostile inputs harmlessly: no input is expanded into a
script, paths with spaces stay one argument, and the steps are pinned and never fail on upload."""

from __future__ import annotations

import os
import re
import subprocess

import yaml

from conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def test_no_input_is_expanded_inside_a_script():
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_actions_are_pinned_by_commit_and_the_upload_cannot_fail_the_job():
    for step in STEPS:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    upload = next(s for s in STEPS if "upload-sarif" in s.get("uses", ""))
    assert upload["continue-on-error"] is True and "fork" in upload["if"]
    assert "upload-sarif@" in upload["uses"] and set(ACTION["outputs"]) == {"exit-code", "sarif"}
    setup = next(s for s in STEPS if "setup-python" in s.get("uses", ""))
    assert setup["with"]["update-environment"] is False  # the caller's Python stays as it was


def test_hostile_inputs_run_nothing_and_paths_with_spaces_stay_whole(tmp_path):
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    record = tmp_path / "argv"
    fake = venv / "prozess"
    fake.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "{record}"\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    output = tmp_path / "github-output"
    check = next(s for s in STEPS if s.get("id") == "check")
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output),
        "PROZESS_VENV": str(tmp_path / "venv"),
        "INPUT_PATHS": "Antrag Wohngeld.bpmn\n$(touch PWNED)\n`touch PWNED2`.bpmn\n",
        "INPUT_FAIL_ON": "warning",
        "INPUT_SARIF": 'out".sarif; touch PWNED3; "',
        "INPUT_ARGS": "--jurisdiction\nDE-NI\n",
    }
    subprocess.run(["bash", "-c", check["run"]], cwd=tmp_path, env=env, check=True)
    assert not list(tmp_path.glob("PWNED*"))
    argv = record.read_text(encoding="utf-8").splitlines()
    assert argv == [
        "check", "--fail-on", "warning", "--jurisdiction", "DE-NI", "-f", "github", "-o", "-",
        "-f", "sarif", "-o", 'out".sarif; touch PWNED3; "', "-f", "markdown", "-o", "/dev/null",
        "--", "Antrag Wohngeld.bpmn", "$(touch PWNED)", "`touch PWNED2`.bpmn",
    ]
    assert "exit-code=1" in output.read_text(encoding="utf-8")


def test_zizmor_finds_nothing():
    import shutil
    import sys
    from pathlib import Path

    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    done = subprocess.run([zizmor, "--offline", str(ROOT / "action.yml")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr
