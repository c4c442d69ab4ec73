"""The code base stays clean: no unused imports, no undefined names, imports in order (ruff, rules
F and I as configured in pyproject.toml). Ruff comes with the test extra; without it this fails."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "benchmarks", "tools"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
