from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path below ../shared. Missing in CI is a failure, elsewhere a skip."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the corpus tests need ../shared beside the repository"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
