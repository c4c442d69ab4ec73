"""Process diagrams as drawn in a real browser (headless Chromium): each SVG is opened on its own,
as "Als SVG öffnen" does, so it must carry its own styles.

Fixtures: an expanded sub-process with inner flows beside a collapsed one and a black-box pool
(diagram interchange), and a model without DI whose gateway sends two labelled branches from one point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from prozess.bpmn.loader import load_file
from prozess.site import diagram


def _open(browser, tmp_path: Path, fixture: str, pools: tuple = (), highlights: dict | None = None) -> None:
    definitions = load_file(FIXTURES / "site" / fixture).definitions
    process = definitions.processes[0]
    if not pools:
        pools = tuple((p.id, p.name) for c in definitions.collaborations for p in c.participants)
    svg = diagram.render(process, definitions, highlights or {}, fixture, pools=pools).svg
    path = tmp_path / (fixture + ".svg")
    path.write_text(svg, encoding="utf-8")
    browser.set_window_size(1300, 900)
    browser.get(path.as_uri())


def _boxes(browser, selector: str) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {"
        "  var r = e.getBoundingClientRect();"
        "  return {text: e.textContent, x: r.left, y: r.top, right: r.right, bottom: r.bottom}; });",
        selector,
    )


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


def test_expanded_sub_process_shows_its_inner_flows_and_its_name(browser, tmp_path):
    _open(browser, tmp_path, "expanded-subprocess.bpmn")
    # the middle of each inner flow is the flow itself, not the sub-process drawn over it
    hits = browser.execute_script("""
        var svg = document.documentElement, out = [];
        document.querySelectorAll('path.f').forEach(function (line) {
          var length = line.getTotalLength(), at = line.getPointAtLength(length / 2);
          var p = svg.createSVGPoint(); p.x = at.x; p.y = at.y;
          var screen = p.matrixTransform(line.getScreenCTM());
          out.push([line.getAttribute('d'), document.elementFromPoint(screen.x, screen.y) === line]);
        });
        return out;""")
    inner = [hit for points, hit in hits if points.startswith(("M306 180", "M470 180"))]
    assert inner == [True, True], hits
    nodes = browser.execute_script(
        "return Array.from(document.querySelectorAll('g.node')).map(function (g) {"
        "  return [g.querySelector('title').textContent, Array.from(g.querySelectorAll('text')).map("
        "    function (t) { return t.textContent; })]; });"
    )
    texts = {title: found for title, found in nodes}
    expanded = texts["Teilprozess: Antrag prüfen"]
    assert expanded == ["Antrag prüfen"]  # the name, no "+" marker: it is open
    assert "+" in texts["Teilprozess: Gebühr erheben"]  # a collapsed one keeps its marker
    # the name sits at the top left of the open sub-process, not over its inner steps
    name = _boxes(browser, "g.node text.s")[0]
    task = next(b for b in _boxes(browser, "g.node") if "Unterlagen sichten" in b["text"])
    assert name["bottom"] < task["y"]


def test_a_diagram_opened_on_its_own_keeps_its_look(browser, tmp_path):
    _open(browser, tmp_path, "expanded-subprocess.bpmn")
    style = browser.execute_script(
        "var r = document.querySelector('rect.b'), s = getComputedStyle(r);"
        "var g = Array.from(document.querySelectorAll('g.node text')).find(function (t) {"
        "  return t.textContent === '×' || t.getAttribute('font-size') === '10'; });"
        "return [s.fill, s.stroke, g ? getComputedStyle(g).fontSize : null,"
        "        getComputedStyle(document.querySelector('path.f')).markerEnd];"
    )
    assert style[:2] == ["rgb(255, 255, 255)", "rgb(27, 27, 27)"]
    assert style[2] == "10px"  # an event's label keeps its own size (no style rule on text overrides it)
    assert style[3].startswith("url(") and "-arrow" in style[3]  # flows end in their arrow head


def test_branches_of_one_gateway_carry_their_labels_apart(browser, tmp_path):
    _open(browser, tmp_path, "branches-no-di.bpmn")
    assert browser.execute_script("return document.documentElement.getAttribute('data-layout')") == "auto"
    labels = [b for b in _boxes(browser, "g.flow text") if b["text"] in ("vollständig", "Unterlagen fehlen")]
    assert len(labels) == 2
    assert not _overlap(*labels)
    shapes = _boxes(browser, "g.node .b")
    for label in labels:
        assert not any(_overlap(label, shape) for shape in shapes), label


def test_pool_and_lane_names_are_shown_whole_and_each_pool_once(browser, tmp_path):
    long_pool = "Stadtverwaltung Musterstadt – Fachbereich Bürgerdienste und Ordnung"
    _open(browser, tmp_path, "branches-no-di.bpmn", pools=(("p_amt", long_pool),))
    containers = browser.execute_script(
        "return Array.from(document.querySelectorAll('g.container')).map(function (g) {"
        "  var label = g.querySelector('text'), r = label.getBoundingClientRect(),"
        "      box = g.querySelector('rect').getBoundingClientRect();"
        "  return [g.querySelector('title').textContent,"
        "          (label.querySelector('tspan') ? Array.from(label.querySelectorAll('tspan')).map("
        "            function (s) { return s.textContent; }).join(' ') : label.textContent),"
        "          r.height <= box.height, r.left >= box.left - 1]; });"
    )
    titles = [title for title, *_ in containers]
    assert titles.count(f"Pool: {long_pool}") == 1  # the process's pool and the procedure's pool are one
    for title, shown, fits, inside in containers:
        assert shown == title.split(": ", 1)[1], (title, shown)  # whole, not "Sachbearbeitung Bürgerdie…"
        assert fits and inside, title


def test_a_black_box_pool_has_its_name_across_the_middle(browser, tmp_path):
    _open(browser, tmp_path, "expanded-subprocess.bpmn")
    partner = browser.execute_script(
        "var g = Array.from(document.querySelectorAll('g.container')).find(function (c) {"
        "  return c.querySelector('title').textContent.indexOf('Antragsteller') >= 0; });"
        "var t = g.querySelector('text').getBoundingClientRect(), b = g.querySelector('rect').getBoundingClientRect();"
        "return [g.querySelector('text').textContent, t.width > t.height, Math.abs((t.left + t.right) / 2 - (b.left + b.right) / 2)];"
    )
    assert partner[0] == "Antragstellerin / Antragsteller"
    assert partner[1] and partner[2] < 2  # horizontal and centred


def test_a_collapsed_sub_process_keeps_its_drill_down_plane_to_itself(browser, tmp_path):
    """bpmn.io draws a collapsed sub-process's content on a plane of its own: not over the main drawing.
    A finding inside it marks the sub-process (the step table still names the inner step)."""
    inner = {"p_print": diagram.Highlight((1,), diagram.MEDIA), "p_task": diagram.Highlight((2,), diagram.LEGAL)}
    _open(browser, tmp_path, "drill-down.bpmn", highlights=inner)
    nodes = browser.execute_script(
        "return Array.from(document.querySelectorAll('g.node')).map(function (g) {"
        "  return [g.querySelector('title').textContent, g.getAttribute('class'),"
        "          Array.from(g.querySelectorAll('text')).map(function (t) { return t.textContent; })]; });"
    )
    titles = [title for title, _, _ in nodes]
    assert not any("Unterlagen sichten" in t or "Antrag ausdrucken" in t for t in titles)  # not drawn here
    (sub,) = [n for n in nodes if n[0].startswith("Teilprozess: Antrag prüfen")]
    assert sub[0].endswith("– Befund 1, 2") and "hl-legal" in sub[1]  # both findings, the stronger frame
    assert "+" in sub[2] and "1,2" in sub[2]  # still collapsed, badge with both numbers
    assert browser.execute_script("return document.querySelectorAll('path.f').length") == 2


@pytest.mark.parametrize("fixture", ["expanded-subprocess.bpmn", "branches-no-di.bpmn", "drill-down.bpmn"])
def test_every_shape_is_named_for_screen_readers(browser, tmp_path, fixture):
    _open(browser, tmp_path, fixture)
    untitled = browser.execute_script(
        "return Array.from(document.querySelectorAll('g.node, g.container')).filter(function (g) {"
        "  var t = g.querySelector('title'); return !t || !t.textContent.trim(); }).length;"
    )
    assert untitled == 0


def test_labels_wrap_without_stubs():
    """A word a little too long for its line stays whole; a long one is hyphenated, no empty lines."""
    assert diagram._wrap("Zurück zum Vorgesetzten", 9) == ["Zurück", "zum", "Vorgesetzten"]
    assert diagram._wrap("Personalausweisbehörde Musterstadt", 10) == ["Personala-", "usweisbehörde", "Musterstadt"]
    assert diagram._wrap("Antrag prüfen", 18) == ["Antrag prüfen"]


def test_flows_are_short_paths():
    from prozess.bpmn.model import Point

    assert diagram._path((Point(218, 235), Point(264, 235), Point(264, 625), Point(310, 625))) == "M218 235H264V625H310"
    assert diagram._path((Point(1, 1), Point(5, 9))) == "M1 1L5 9"  # a diagonal leg stays a line
