"""The readiness site: a real MkDocs build, checked in headless Debian Chromium with axe-core.

Chromium, ChromeDriver (Debian packages chromium, chromium-driver) and axe-core (.cache/axe.min.js,
from the npm registry) are installed by .ci/run; without them these tests fail in CI.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bpmn_builder import chain
from conftest import ROOT, need as _need
from prozess.check import Options, check_paths
from prozess.site.build import SiteOptions, build_site, page_slug, slug

AXE = ROOT / ".cache" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    options = Options()
    report = check_paths([ROOT / "processes"], options)
    html = build_site(report, options.rules, SiteOptions(out=out, contact="prozess-Projekt", models=True))
    return html


def page(html: Path, name: str) -> str:
    return (html / name).read_text(encoding="utf-8")


def process_page(html: Path, stem: str) -> Path:
    (found,) = list((html / "prozesse").glob(f"{stem}-*.html"))
    return found


def test_site_has_every_page(site):
    for name in ("index.html", "normen.html", "medienbrueche.html", "bereiche/index.html", "barrierefreiheit.html",
                 "hilfe.html", "handbuch/methodik.html", "handbuch/regelwerk/referenz.html", "export/register.csv",
                 "export/register.json"):
        assert (site / name).exists(), name
    assert len(list((site / "prozesse").glob("*.html"))) == 14
    index = page(site, "index.html")
    assert "Prozessregister" in index and "Bewohnerparkausweis ausstellen" in index
    assert 'href="barrierefreiheit.html"' in index  # the statement is linked from every page
    deep = process_page(site, "wohngeld").read_text(encoding="utf-8")
    assert 'href="../barrierefreiheit.html"' in deep
    csv = page(site, "export/register.csv").splitlines()
    assert csv[0].startswith("\ufeffprozess;datei;einheit;stufe") and len(csv) == 15
    register = json.loads(page(site, "export/register.json"))
    assert register["schema"] == "prozess.register/v1" and len(register["processes"]) == 14


def _broken_tables(html: Path) -> list[str]:
    """Pages where a Markdown table fell apart into text (a blank line inside it)."""
    return [str(p.relative_to(html)) for p in html.rglob("*.html")
            if "<p>|" in (text := p.read_text(encoding="utf-8")) or "|---|" in text]


def test_no_table_falls_apart_in_any_page(site, tmp_path):
    assert _broken_tables(site) == []
    # a model without any ownership or planning line: the facts table of its page stays one table
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "p.bpmn").write_bytes(chain("Antrag im Fachverfahren prüfen", name="Parkausweis ausstellen"))
    options = Options()
    html = build_site(check_paths([folder], options), options.rules, SiteOptions(out=tmp_path / "out", contact="x"))
    assert _broken_tables(html) == []
    (page_html,) = (html / "prozesse").glob("*.html")
    text = page_html.read_text(encoding="utf-8")
    assert '<th scope="row">Pool</th>' in text and '<th scope="row">Datei</th>' in text


def test_search_index_has_every_process_page_and_every_entry_leads_somewhere(site):
    """Process pages are indexed by prozess (search.py), not parsed back by the theme's plugin: one entry
    per page with its level line and keywords; every location of the index is a page and an anchor on it."""
    index = json.loads(page(site, "search/search_index.json"))
    assert page(site, "search/search_index.js") == "var __index = " + json.dumps(index, separators=(",", ":"))
    pages = {p.relative_to(site).as_posix() for p in (site / "prozesse").glob("*.html")}
    own = [d for d in index["docs"] if d["location"].split("#")[0] in pages]
    assert {d["location"] for d in own} == pages  # one entry each (no FIM legal bases in processes/)
    ausweis = next(d for d in own if d["location"].startswith("prozesse/personalausweis-"))
    assert ausweis["title"] == "Personalausweis beantragen"
    assert ausweis["text"].startswith("<p>E") and "Schlagworte: Personalausweis, Ausweis" in ausweis["text"]
    for doc in index["docs"]:
        location, _, anchor = doc["location"].partition("#")
        text = page(site, location or "index.html")
        assert not anchor or f'id="{anchor}"' in text, doc["location"]
    # the keywords live in the index only: no hidden list on the page, no search attributes left
    text = process_page(site, "personalausweis").read_text(encoding="utf-8")
    assert "prozess-keywords" not in text and "Schlagworte" not in text


def test_every_relative_link_and_anchor_in_the_built_pages_resolves(site):
    """Links written as raw HTML (register, unit pages, norms, fragments) bypass MkDocs' link check."""
    broken = []
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r'href="([^"#:?/][^"#:?]*\.html)(?:#([^"]+))?"', text):  # 404.html: from the root
            page_path = (path.parent / target[0]).resolve()
            if not page_path.is_file():
                broken.append(f"{path.relative_to(site)} -> {target[0]}")
            elif target[1] and f'id="{target[1]}"' not in page_path.read_text(encoding="utf-8"):
                broken.append(f"{path.relative_to(site)} -> {target[0]}#{target[1]}")
    assert broken == []
    units = [p for p in (site / "bereiche").glob("*.html") if p.name != "index.html"]
    assert units and all('href="../prozesse/' in p.read_text(encoding="utf-8") for p in units)


def test_process_pages_stay_out_of_the_navigation(site):
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', page(site, "normen.html"), re.S).group(0)
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', page(site, "index.html"), re.S).group(0)
    assert "prozesse/" not in nav and "prozesse/" not in tabs and "normen.html" in tabs


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def test_no_external_resources_in_any_page(site):
    for path in site.rglob("*.html"):
        parser = _Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        external = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert external == [], f"{path}: {external}"
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_norm_ranking_and_level_of_the_demo(site):
    norms = page(site, "normen.html")
    assert "§ 9 Abs. 1 S. 2, 4, 6, Abs. 3 PAuswG" in norms
    wohngeld = process_page(site, "wohngeld").read_text(encoding="utf-8")
    assert "E1 · Digitale Haustür" in wohngeld and 'class="node hl hl-media"' in wohngeld
    ausweis = process_page(site, "personalausweis").read_text(encoding="utf-8")
    assert 'class="node hl hl-legal"' in ausweis and 'href="#befund-' in ausweis
    assert 'id="befund-1"' in ausweis
    # the procedure of the catalogue and its law are on the page
    assert "Personalausweis beantragen (Name: „Personalausweis“)" in ausweis
    assert "VwVfG (Bund) bzw. Verwaltungsverfahrensgesetz des Landes" in ausweis
    assert "SGB X mit SGB I" in wohngeld and "formfrei" in wohngeld
    # legal severity that reads right: paper where the law requires the electronic way is its own bucket
    assert "<th>Papier unzulässig</th>" in norms.replace(' style="text-align: right;"', "")
    row = next(line for line in norms.split("<tr>") if "§ 3a Abs. 1 NBauO" in line and "<td>" in line)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[1:3] == ["1", "0"]  # unlawful 1, hard 0
    assert '<span class="prozess-chip">rechtlich blockiert</span>' in ausweis
    assert '<span class="prozess-chip">Pflicht zur E-Form verletzt</span>' in ausweis
    assert "<td>Rechtliches Hindernis</td>" in ausweis and "<td>Papier unzulässig</td>" in ausweis
    wedding = process_page(site, "eheschliessung").read_text(encoding="utf-8")
    assert "hl-note" in wedding and "<td>Konstitutiver Akt</td>" in wedding  # the wedding itself: shown, no problem
    overview = page(site, "index.html")
    assert overview.count('<span class="prozess-chip">rechtlich blockiert</span>') == 2  # Personalausweis, Vaterschaft
    # the action list for the next level: what to do per capping step, the norm linked, who is responsible
    assert '<table class="prozess-actions">' in wohngeld and "E-Akte statt Ausdruck" in wohngeld
    assert '<a href="https://www.gesetze-im-internet.de/pauswg/__9.html">' in ausweis
    actions = page(site, "export/massnahmen.csv").splitlines()
    assert actions[0] == ("\ufeffprozess;datei;stufe;ziel;nr;schritt;kriterium;grund;massnahme;norm;norm_url;zustaendig")
    rows = [line.split(";") for line in actions[1:]]
    assert len({r[1] for r in rows}) >= 10 and all(r[3] == f"E{int(r[2][1:]) + 1}" for r in rows)
    # plain German: level badges with colour and text, local time, names instead of rule ids
    assert '<span class="prozess-level prozess-e1">E1</span>' in overview
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", overview)
    assert "digital, strukturiert" in overview and "digital-strukturiert" not in overview.split("<table")[1]
    breaks_page = page(site, "medienbrueche.html")
    assert "Einscannen" in breaks_page and ">media/scan<" not in breaks_page
    assert 'class="node hl hl-unlawful"' in ausweis  # the paper photo: its own frame, not a blocker's
    download = re.search(r'href="(\.\./modelle/[^"]+\.bpmn)">BPMN herunterladen</a>', ausweis)
    assert download and (site / "prozesse" / download.group(1)).resolve().read_bytes() == (
        ROOT / "processes" / "personalausweis.bpmn").read_bytes()
    # every step that caps the next level is marked, also without a finding of its own (M…, links to the action)
    pages_text = [p.read_text(encoding="utf-8") for p in (site / "prozesse").glob("*.html")]
    capped = [t for t in pages_text if 'class="node hl hl-cap"' in t]
    assert capped and all('href="#massnahme-' in t and 'id="massnahme-' in t for t in capped)
    parking = process_page(site, "bewohnerparkausweis").read_text(encoding="utf-8")
    assert "Bewohnerparkausweis (Name: „Bewohnerparkausweis“)" in parking


def test_names_are_escaped_and_file_names_safe(tmp_path):
    data = chain("<script>alert('x')</script> Antrag online | *prüfen*", name="<img src=x onerror=alert(1)>")
    data = data.replace(b'id="P"', b'id="../../etc/passwd"')
    model = tmp_path / "böse ..name.bpmn"
    model.write_bytes(data)
    unrated = tmp_path / "vorlage.bpmn"  # not rateable: listed on the overview with its reason
    unrated.write_bytes(chain("Task 1", "Task 2", name="<b>${vorlage}</b>"))
    options = Options()
    out = tmp_path / "out"
    html = build_site(check_paths([model, unrated], options), options.rules, SiteOptions(out=out))
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Nicht bewertbar" in index and "Vorlage mit Platzhaltern" in index
    assert "<b>${vorlage}" not in index and ("&lt;b&gt;" in index or "&#60;b&#62;" in index)
    pages = list((html / "prozesse").glob("*.html"))
    assert len(pages) == 1 and pages[0].resolve().parent == (html / "prozesse").resolve()
    text = pages[0].read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert" in text
    assert 'class="prozess-diagram"' in text  # the model has no DI: laid out automatically
    assert not (tmp_path / "etc").exists()
    assert slug("../../etc") == "etc" and "/" not in page_slug("../a.bpmn", "../../x")


def test_english_site_and_history(tmp_path):
    options = Options()
    model = tmp_path / "m.bpmn"
    model.write_bytes(chain("Online-Antrag über den Onlinedienst", ("serviceTask", "Daten prüfen"), name="Testverfahren"))
    out = tmp_path / "out"
    html = build_site(check_paths([model], options), options.rules, SiteOptions(out=out, lang="en"))
    assert "Process register" in page(html, "index.html") and '<html lang="en"' in page(html, "index.html")
    model.write_bytes(chain("Papierantrag annehmen", ("serviceTask", "Daten prüfen"), name="Testverfahren"))
    html = build_site(check_paths([model], options), options.rules, SiteOptions(out=out, lang="de"))
    index = page(html, "index.html")
    assert "Veränderungen seit der letzten Veröffentlichung" in index
    assert len(list((out / "history").glob("*.json"))) == 2
    process_text = process_page(html, "m").read_text(encoding="utf-8")
    assert "Verlauf" in process_text
    # the trend: the current state is part of the history, a sparkline, the levels over time
    assert "(jetzt)" in process_text and 'class="prozess-spark"' in process_text
    assert "automatisch angeordnet" in process_text  # a chain without diagram interchange says how it is drawn
    row = re.search(r"<td>[^<]*Lösbar[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", process_text)
    assert row is None or "Digitaler Ersatz" not in row.group(1)  # no text twice between Befund and Abhilfe
    assert "Entwicklung der Stufen" in index
    # a removed and a renamed procedure are listed under the changes
    other = tmp_path / "n.bpmn"
    other.write_bytes(chain("Papierantrag annehmen", name="Zweites Verfahren"))
    model.write_bytes(chain("Papierantrag annehmen", ("serviceTask", "Daten prüfen"), name="Umbenanntes Verfahren"))
    html = build_site(check_paths([model], options), options.rules, SiteOptions(out=out, lang="de"))
    assert "umbenannt, vorher „Testverfahren“" in page(html, "index.html")
    html = build_site(check_paths([other], options), options.rules, SiteOptions(out=out, lang="de"))
    index = page(html, "index.html")
    assert "entfernt" in index


def _axe(driver) -> list:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document)"  # every rule: WCAG 2.x A/AA and best practices
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, target: v.nodes[0].target}))));"
    )


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_in_the_browser_overview_link_diagram_search_axe_and_no_network(site, browser):
    _need(str(AXE))
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((site / "index.html").as_uri())
    assert browser.title.startswith("Übersicht")
    violations = {"index": _axe(browser)}
    browser.find_element(By.LINK_TEXT, "Wohngeld bearbeiten").click()
    WebDriverWait(browser, 10).until(EC.title_contains("Wohngeld"))
    highlighted = browser.find_elements(By.CSS_SELECTOR, "svg.prozess-diagram g.hl")
    assert len(highlighted) >= 3  # print, re-keying, postal notice (legal + media on one step)
    badge = highlighted[0].find_element(By.CSS_SELECTOR, "text")
    assert badge.text.strip()
    # the diagram fits the page by default; zoom, fit and "open as SVG" by mouse and keyboard
    scroller = browser.find_element(By.CSS_SELECTOR, "figure.prozess-figure .prozess-scroll")
    svg = scroller.find_element(By.CSS_SELECTOR, "svg.prozess-diagram")
    fitted = svg.size["width"]
    assert fitted <= scroller.size["width"]
    browser.find_element(By.CSS_SELECTOR, ".prozess-diagram-tools button[data-action='zoom-in']").click()
    assert svg.size["width"] > fitted
    scroller.send_keys("0")
    assert svg.size["width"] == fitted
    assert browser.find_element(By.CSS_SELECTOR, ".prozess-diagram-tools a[data-action='open']").get_attribute(
        "href").startswith("blob:")
    assert browser.find_elements(By.CSS_SELECTOR, ".prozess-diagram-tools button[data-action='full']")
    violations["wohngeld"] = _axe(browser)
    browser.get(process_page(site, "personalausweis").as_uri())
    violations["personalausweis"] = _axe(browser)
    browser.get((site / "normen.html").as_uri())
    violations["normen"] = _axe(browser)
    browser.get((site / "medienbrueche.html").as_uri())
    violations["medienbrueche"] = _axe(browser)

    browser.get((site / "index.html").as_uri())
    register_filter = browser.find_element(By.ID, "register-filter")
    register_filter.send_keys("Wohngeld")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, ".prozess-filter ~ * table tbody tr, .prozess-filter + table tbody tr")
               if r.is_displayed()]
    assert len(visible) == 1 and visible[0].text.startswith("Wohngeld bearbeiten")
    assert browser.find_element(By.ID, "register-filter-status").text == "1 / 14"
    # the filter also finds the status chips
    register_filter.clear()
    register_filter.send_keys("rechtlich blockiert")
    rows = browser.find_elements(By.CSS_SELECTOR, ".prozess-filter ~ * table tbody tr")
    blocked = [r.text for r in rows if r.is_displayed()]
    assert len(blocked) == 2 and any(t.startswith("Personalausweis") for t in blocked)
    register_filter.clear()
    register_filter.send_keys(Keys.BACKSPACE)
    # choice lists for level, unit and status (keyboard: a select each)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "register-status")).select_by_visible_text("rechtlich blockiert")
    assert browser.find_element(By.ID, "register-filter-status").text == "2 / 14"
    Select(browser.find_element(By.ID, "register-level")).select_by_visible_text("E1")
    shown = [r for r in browser.find_elements(By.CSS_SELECTOR, ".prozess-filter ~ * table tbody tr") if r.is_displayed()]
    assert all(" E1 " in f" {r.text} " for r in shown)
    Select(browser.find_element(By.ID, "register-status")).select_by_index(0)
    Select(browser.find_element(By.ID, "register-level")).select_by_index(0)
    assert browser.find_element(By.ID, "register-filter-status").text == "14 / 14"
    # sort by a column with the keyboard: the header is a button, aria-sort says the order
    level = browser.find_element(By.XPATH, "//th/button[normalize-space()='Digitalanteil']")
    level.send_keys(Keys.ENTER)
    header = level.find_element(By.XPATH, "..")
    assert header.get_attribute("aria-sort") == "ascending"
    shares = [r.find_elements(By.TAG_NAME, "td")[5].text for r in rows]
    numbers = [float(s.rstrip(" %")) for s in shares if s.endswith("%")]
    ordered = [float(r.find_elements(By.TAG_NAME, "td")[5].text.rstrip(" %"))
               for r in browser.find_elements(By.CSS_SELECTOR, ".prozess-filter ~ * table tbody tr")
               if r.find_elements(By.TAG_NAME, "td")[5].text.endswith("%")]
    assert ordered == sorted(numbers)
    level.send_keys(Keys.ENTER)
    assert header.get_attribute("aria-sort") == "descending"
    search = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    browser.execute_script("arguments[0].focus()", search)
    search.send_keys("Ausweis")
    WebDriverWait(browser, 15).until(
        lambda d: "Personalausweis" in d.find_element(By.CSS_SELECTOR, ".md-search-result").text
    )
    search.send_keys(Keys.ESCAPE)

    # the overview answers on one screen at 1 280 px: the register needs no horizontal scrolling
    browser.set_window_size(1280, 900)
    browser.get((site / "index.html").as_uri())
    widths = browser.execute_script(
        "var t = document.getElementById('register-filter').closest('.prozess-filter').nextElementSibling;"
        "var table = t.querySelector('table') || t;"
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, table.scrollWidth,"
        " t.clientWidth];")
    assert widths[0] <= widths[1] + 1 and widths[2] <= widths[3] + 1, widths
    # a process page reflows at 390 px: no horizontal scrolling of the page (wide tables scroll inside)
    browser.set_window_size(390, 844)
    try:
        for stem in ("eheschliessung", "personalausweis"):
            browser.get(process_page(site, stem).as_uri())
            width = browser.execute_script("return document.documentElement.scrollWidth")
            viewport = browser.execute_script("return document.documentElement.clientWidth")
            assert width <= viewport + 1, (stem, width, viewport)
        # print media: the diagram fits the page width
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        svg_width = browser.execute_script("return document.querySelector('svg.prozess-diagram').getBoundingClientRect().width")
        content = browser.execute_script("return document.querySelector('.md-content').getBoundingClientRect().width")
        assert svg_width <= content + 1
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    finally:
        browser.set_window_size(1300, 900)

    assert violations == {name: [] for name in violations}, violations  # no violation at all, best practices included
    outside = [u for u in _requests(browser) if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert outside == []


def test_live_preview_keeps_diagrams_in_the_markdown(tmp_path):
    options = Options()
    report = check_paths([ROOT / "processes" / "wohngeld.bpmn"], options)
    build_site(report, options.rules, SiteOptions(out=tmp_path, build=False))
    (page_md,) = list((tmp_path / "src" / "docs" / "prozesse").glob("*.md"))
    text = page_md.read_text(encoding="utf-8")
    assert 'class="prozess-diagram"' in text and "<!-- prozess:" not in text
    assert (tmp_path / "src" / "mkdocs.yml").exists() and not (tmp_path / "html").exists()


def test_search_keywords_are_the_same_on_every_build():
    """The vocabulary is a set: its order changes with the hash seed, the page must not."""
    import subprocess
    import sys

    program = (
        "from prozess.site.build import Vocabulary, _keywords\n"
        "print(_keywords(['Personalausweis beantragen', 'Bescheid per Post versenden'],"
        " Vocabulary.of({'Ausweis', 'Personal', 'Post', 'Bescheid', 'Antrag', 'Senden', 'Versand'})))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4", "5", "6")
    }
    assert outputs == {"Personalausweis, Ausweis, Personal, beantragen, Bescheid, Post, versenden, Senden\n"}


def test_site_build_command_speaks_german_warns_and_fails_on_unreadable_models(tmp_path):
    from typer.testing import CliRunner

    from prozess.cli import app

    models = tmp_path / "modelle"
    models.mkdir()
    (models / "wohngeld.bpmn").write_bytes((ROOT / "processes" / "wohngeld.bpmn").read_bytes())
    (models / "kaputt.bpmn").write_text("<bpmn:definitions", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["site", "build", str(models), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert "ohne --contact nennt die Erklärung zur Barrierefreiheit keine Kontaktstelle" in result.stderr
    assert "Website: " in result.stderr and "1 Datei(en) konnten nicht gelesen werden" in result.stderr
    html = tmp_path / "site" / "html"
    assert (html / "index.html").is_file()  # built either way
    csv_text = (html / "export" / "register.csv").read_text(encoding="utf-8")
    assert csv_text.startswith("\ufeffprozess;datei;einheit;stufe;vorlaeufig;digitalanteil_prozent;")
    row = csv_text.splitlines()[1].split(";")
    assert row[5].isdigit()  # a number, not "67 %"
    register = json.loads((html / "export" / "register.json").read_text(encoding="utf-8"))
    link = register["processes"][0]["link"]
    assert link.endswith(".html") and (html / link).is_file()
    allowed = runner.invoke(app, ["site", "build", str(models), "--out", str(tmp_path / "site2"), "--allow-unreadable",
                                  "--contact", "digitalisierung@stadt.example", "--lang", "en"])
    assert allowed.exit_code == 0, allowed.output
    assert "site: " in allowed.stderr and "files could not be read" in allowed.stderr
    assert "--contact" not in allowed.stderr


def test_ownership_and_planning_from_the_model_and_a_planning_file(tmp_path):
    from typer.testing import CliRunner

    from prozess.cli import app

    models = tmp_path / "modelle"
    models.mkdir()
    source = (ROOT / "processes" / "wohngeld.bpmn").read_text(encoding="utf-8")
    (models / "wohngeld.bpmn").write_text(source.replace(
        "Zuständig:", "Verantwortlich: Frau Muster\nFachverfahren: WoGG-Verfahren\nZuständig:", 1), encoding="utf-8")
    plan = tmp_path / "planung.yaml"
    # the planning file names the model as prozess shows it (relative to the working directory)
    plan.write_text("modelle/wohngeld.bpmn:\n  status: in Umsetzung\n  zieltermin: 2027-06-30\n  fallzahl: 1200\n",
                    encoding="utf-8")
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(app, ["site", "build", "modelle", "--out", "site", "--planning", "planung.yaml",
                                     "--contact", "x@stadt.example"])
        assert result.exit_code == 0, result.output
        html = tmp_path / "site" / "html"
        page_text = next((html / "prozesse").glob("wohngeld-*.html")).read_text(encoding="utf-8")
        for expected in ("Frau Muster", "WoGG-Verfahren", "in Umsetzung", "2027-06-30", "1200"):
            assert expected in page_text, expected
        register = (html / "export" / "register.csv").read_text(encoding="utf-8").splitlines()
        assert register[0].endswith(";verantwortlich;kontakt;fachverfahren;leika;fallzahl;planungsstatus;zieltermin")
        assert register[1].endswith(";Frau Muster;;WoGG-Verfahren;;1200;in Umsetzung;2027-06-30")
        assert "Frau Muster" in (html / "index.html").read_text(encoding="utf-8")
        (tmp_path / "kaputt.yaml").write_text("modelle/wohngeld.bpmn:\n  farbe: blau\n", encoding="utf-8")
        broken = runner.invoke(app, ["site", "build", "modelle", "--out", "site2", "--planning", "kaputt.yaml"])
        assert broken.exit_code == 2 and "kaputt.yaml:2: Unbekanntes Feld „farbe“" in broken.output
    finally:
        os.chdir(cwd)


def test_no_unit_falls_back_to_ohne_zuordnung_not_the_process_name(tmp_path):
    from bpmn_builder import chain
    from prozess.report import ProcessReport
    from prozess.site.build import NO_UNIT, unit_of

    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "p.bpmn").write_bytes(chain("Antrag im Fachverfahren prüfen", name="PROCESS Parking permit"))
    report = check_paths([folder], Options())
    (procedure,) = report.files[0].procedures
    assert unit_of(ProcessReport(procedure.process, (), {"procedure": procedure})) == NO_UNIT


def test_later_levels_name_each_cap_once():
    """„Danach“: the next level's caps are the action list; each later level only adds its own."""
    from prozess.site.build import _later_levels

    report = check_paths([ROOT / "processes" / "eheschliessung.bpmn"], Options())
    readiness = report.files[0].procedures[0].readiness
    later = _later_levels(readiness)
    seen = [(c["criterion"], c["reason"], tuple(c["elements"])) for _, caps in later for c in caps]
    assert len(seen) == len(set(seen)) and later[0][0] == f"E{readiness.level + 1}"
    every = {(c.criterion, c.reason, c.elements) for c in readiness.missing_for(5)}
    assert set(seen) == every  # nothing lost: together they are all caps below E5
