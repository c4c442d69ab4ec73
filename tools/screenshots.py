"""Screenshots of the site for the README and the docs: the overview, a legally blocked procedure and
its action list, at 1 280 px, in headless Chromium (Debian's chromium and chromium-driver).

    python tools/screenshots.py            # writes docs/bilder/*.png

The site is built from processes/ into a temporary folder; the images are reproducible up to the
date printed on the overview.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prozess.check import Options, check_paths  # noqa: E402
from prozess.site.build import SiteOptions, build_site  # noqa: E402

OUT = ROOT / "docs" / "bilder"
WIDTH = 1280


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        options = Options()
        report = check_paths([ROOT / "processes"], options)
        html = build_site(report, options.rules, SiteOptions(out=Path(tmp), contact="digitalisierung@stadt.example"))
        chrome = webdriver.ChromeOptions()
        chrome.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDTH},900",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
            chrome.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=chrome)
        try:
            driver.get((html / "index.html").as_uri())
            register = driver.find_element(By.ID, "register-filter")
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", register)
            time.sleep(1)
            driver.save_screenshot(str(OUT / "uebersicht.png"))
            page = next((html / "prozesse").glob("personalausweis-*.html"))
            driver.get(page.as_uri())
            driver.save_screenshot(str(OUT / "blockiertes-verfahren.png"))
            actions = driver.find_element(By.CSS_SELECTOR, "table.prozess-actions")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", actions)
            time.sleep(1)  # let the header finish its scroll transition
            driver.save_screenshot(str(OUT / "massnahmen.png"))
        finally:
            driver.quit()
    for name in ("uebersicht", "blockiertes-verfahren", "massnahmen"):
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
