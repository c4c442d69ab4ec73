from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"

# one fresh cache per test run (prozess.cache), shared with every prozess the tests start:
# nothing is written to the user's ~/.cache, and both the first start and the later ones are run
CACHE = tempfile.mkdtemp(prefix="prozess-test-cache-")
os.environ["PROZESS_CACHE_DIR"] = CACHE
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)


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


def need(path: str) -> None:
    """A tool the browser tests need. Missing in CI is a failure, elsewhere a skip."""
    if not Path(path).exists():
        message = f"{path} is missing: .ci/run installs it (apt-get install chromium chromium-driver; npm pack axe-core)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    need("/usr/bin/chromium")
    need("/usr/bin/chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1300,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    yield driver
    driver.quit()
