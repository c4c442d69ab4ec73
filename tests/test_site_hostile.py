"""Names from models are data, never markup: a model with hostile process, pool, lane, step and unit
names builds a site in which an HTML parser finds no element or attribute made from a name, on any
page (titles, navigation, search index, SVG titles, tables), and a CSV export that opens no formula."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from prozess.check import Options, check_paths
from prozess.site.build import SiteOptions, build_site

HOSTILE = "</title><script>alert(1)</script><img src=x onerror=alert(2)>"
MODEL = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:collaboration id="C" name="=HYPERLINK(&quot;http://evil&quot;) {HOSTILE.replace('<', '&lt;')}">
    <bpmn:participant id="Pool" name="Amt {HOSTILE.replace('<', '&lt;')}" processRef="P">
      <bpmn:documentation>Zuständig: Team {HOSTILE.replace('<', '&lt;')}</bpmn:documentation></bpmn:participant>
  </bpmn:collaboration>
  <bpmn:process id="P" name="@SUM(1) {HOSTILE.replace('<', '&lt;')}">
    <bpmn:documentation>Zuständig: Team {HOSTILE.replace('<', '&lt;')}</bpmn:documentation>
    <bpmn:laneSet id="LS"><bpmn:lane id="L" name="Lane {HOSTILE.replace('<', '&lt;')}">
      <bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>T</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="S" name="Antrag online {HOSTILE.replace('<', '&lt;')}" />
    <bpmn:task id="T" name="Antrag ausdrucken {HOSTILE.replace('<', '&lt;')}" />
    <bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="f1" name="{HOSTILE.replace('<', '&lt;')}" sourceRef="S" targetRef="T" />
    <bpmn:sequenceFlow id="f2" sourceRef="T" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>
"""


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or "alert(" in (value or ""):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.bad.append("<img src=x>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.bad.append(f"<script>{data[:40]}")


def test_hostile_names_never_become_markup(tmp_path):
    model = tmp_path / "boese.bpmn"
    model.write_text(MODEL, encoding="utf-8")
    options = Options()
    html = build_site(check_paths([model], options), options.rules, SiteOptions(out=tmp_path / "out"))
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 5
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(text)
        assert parser.bad == [], f"{page.name}: {parser.bad}"
        shown += "alert(1)" in text  # the names are shown, as text
    assert shown >= 2
    titles = [p for p in pages if "bereiche" in str(p) and p.name != "index.html"]
    assert titles and "<title>" in titles[0].read_text(encoding="utf-8")
    index = json.loads((html / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script>alert" not in doc["title"] and "<img src=x" not in doc["title"]
    rows = list(csv.reader(io.StringIO((html / "export" / "register.csv").read_text(encoding="utf-8")), delimiter=";"))
    cells = [c for row in rows[1:] for c in row]
    assert cells and not any(c[:1] in "=+-@" for c in cells if c)
