"""The media analysis against the expert-labelled sets in ../shared (benchmarks/labelled.py shows
the details): medium right for >= 95 % of the labelled steps, >= 95 % of the breaks found, at most
one false break, per set. Fails loudly in CI when ../shared is missing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import shared


@pytest.mark.parametrize("folder", ["real", "realistic"])
def test_labelled_set_meets_the_targets(tmp_path, folder):
    corpus = shared("corpus", folder)
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-m", "prozess", "check", str(corpus), "-f", "json", "-o", str(report), "--fail-on", "never"],
        check=True, stdout=subprocess.DEVNULL,
    )
    scored = subprocess.run(
        [sys.executable, str(shared("tools", "score_media.py")), str(report), str(corpus / "labels.json")],
        capture_output=True, text=True, check=False,
    )
    summary = scored.stdout.strip().splitlines()[-1]
    numbers = re.search(r"medium right (\d+)/(\d+).*breaks found (\d+)/(\d+).*false breaks (\d+)", summary)
    assert numbers, summary
    right, known, found, labelled, false = map(int, numbers.groups())
    assert right / known >= 0.95, scored.stdout
    assert found / labelled >= 0.95, scored.stdout
    assert false <= 1, scored.stdout


@pytest.mark.parametrize("folder", ["real", "realistic"])
def test_procedure_digital_mailbox_agrees_with_the_expert(tmp_path, folder):
    import json
    import os

    corpus = shared("corpus", folder)
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-m", "prozess", "check", str(corpus), "-f", "json", "-o", str(report), "--fail-on", "never"],
        check=True, stdout=subprocess.DEVNULL,
    )
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    verdicts = [
        (os.path.basename(f["path"]), p["digital_mailbox"], bool(labels[os.path.splitext(os.path.basename(f["path"]))[0]].get("digital_mailbox")))
        for f in files if os.path.splitext(os.path.basename(f["path"]))[0] in labels for p in f["procedures"]
    ]
    assert len(verdicts) >= 14
    assert [v for v in verdicts if v[1] != v[2]] == []
