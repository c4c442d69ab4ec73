"""Draw a process as inline SVG from its diagram interchange (DI), with numbered highlights.

No JavaScript, no external resources. Every shape carries a ``<title>`` (type,
name, finding numbers) for screen readers; highlighted steps are links to their
finding in the table below the diagram, drawn with colour *and* a line pattern
*and* a numbered badge, so colour is never the only signal. Models without DI
are laid out automatically (prozess.site.layout).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from html import escape

from ..bpmn.model import Bounds, Definitions, Point, Process
from ..labels import type_label
from .layout import layout

MEDIA, LEGAL, UNLAWFUL, NOTE, CAP = "media", "legal", "unlawful", "note", "cap"  # NOTE: shown, not a problem
# The drawing's own style sheet: the page and a diagram opened on its own ("Als SVG öffnen") look alike.
# Sizes set on a text element win over the inherited one (a presentation attribute loses to any CSS rule
# on the element itself, so none is set on ``text``).
STYLE = (
    ".prozess-diagram{font-family:sans-serif;font-size:11px}"
    ".prozess-diagram .b,.prozess-diagram .l,.prozess-diagram .x,.prozess-diagram .f{fill:none;stroke:#1b1b1b;stroke-width:1.3}"
    ".prozess-diagram .b{fill:#fff}.prozess-diagram .l{stroke-width:1}.prozess-diagram .f.m{stroke-dasharray:6 4}"
    ".prozess-diagram .t,.prozess-diagram .g,.prozess-diagram .hl-num{text-anchor:middle;dominant-baseline:middle}"
    ".prozess-diagram .t.s{text-anchor:start}.prozess-diagram .g{font-size:18px}.prozess-diagram .g.p{font-size:12px}"
    ".prozess-diagram .hl-frame{fill:none;stroke:#4a4a4a;stroke-width:4}"
    ".prozess-diagram .hl-media .hl-frame{stroke:#b35c00}"
    ".prozess-diagram .hl-legal .hl-frame{stroke:#b00020;stroke-dasharray:8 4}"
    ".prozess-diagram .hl-unlawful .hl-frame{stroke:#6a1b9a;stroke-dasharray:14 3 3 3}"
    ".prozess-diagram .hl-cap .hl-frame{stroke:#24527a;stroke-dasharray:5 3}"
    ".prozess-diagram .hl-note .hl-frame{stroke-dasharray:2 4}"
    ".prozess-diagram .hl-badge{fill:#1b1b1b}.prozess-diagram .hl-num{font-weight:bold;fill:#fff}"
    ".prozess-diagram a:focus .hl-frame{stroke-width:7}"
)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True, slots=True)
class Highlight:
    numbers: tuple[int, ...]  # finding numbers shown in the badge and the title
    kind: str  # MEDIA (solid), LEGAL (dashed), UNLAWFUL, NOTE, CAP (a capping step without a finding)
    anchor: str | None = None  # where the highlight links (default: the first finding)
    label: str | None = None  # the badge text (default: the numbers)


def _id(prefix: str, value: str) -> str:
    return f"{prefix}-{_SAFE_ID.sub('_', value)[:80]}"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; a longer word is broken with a hyphen, but one that is
    only up to three characters too long stays whole ("Vorgesetzten", not "Vorgesetzt-" / "en")."""
    lines, line = [], ""
    for word in text.split():
        while len(word) > width + 3:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _text(x: float, y: float, text: str, width_chars: int, max_lines: int, size: int = 11, anchor: str = "middle") -> str:
    lines = _wrap(text, width_chars)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width_chars - 1, 1)] + "…"
    size_attr = "" if size == 11 else f' font-size="{size}"'
    css = "t" if anchor == "middle" else "t s"  # start
    if len(lines) == 1:  # one line needs no <tspan>
        return f'<text class="{css}" x="{x:.0f}" y="{y:.0f}"{size_attr}>{escape(lines[0])}</text>'
    top = y - (len(lines) - 1) * (size + 2) / 2
    spans = "".join(
        f'<tspan x="{x:.0f}" y="{top + i * (size + 2):.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text class="{css}"{size_attr}>{spans}</text>'


@dataclass(frozen=True, slots=True)
class Geometry:
    shapes: dict[str, Bounds]
    edges: dict[str, tuple[Point, ...]]
    labels: dict[str, Bounds]  # external labels of shapes and flows
    from_di: bool  # drawn as the model's diagram interchange says (else laid out automatically)
    expanded: frozenset[str] = frozenset()  # sub-processes drawn open, with their inner steps


def geometry(
    definitions: Definitions | None, process: Process, pools: tuple[tuple[str, str], ...] = (),
    messages: tuple = (),
) -> Geometry:
    """Shapes, edges and labels of ``process`` (and of the pools and message flows of its procedure)."""
    wanted = {n.id for n in process.nodes} | {lane.id for lane in process.lanes} | {f.id for f in process.flows}
    wanted |= {pool for pool, _ in pools} | {m.id for m in messages}
    if process.participant:
        wanted.add(process.participant)
    shapes: dict[str, Bounds] = {}
    labels: dict[str, Bounds] = {}
    edges: dict[str, tuple[Point, ...]] = {}
    opened: set[str] = set()
    # a collapsed sub-process may have its content on a plane of its own (bpmn.io's drill-down): that
    # plane is another drawing, in coordinates of its own, not part of this one
    steps = {n.id for p in definitions.processes for n in p.nodes} if definitions is not None else set()
    planes = [d for d in definitions.diagrams if d.plane_element not in steps] if definitions is not None else []
    for diagram in planes:
        for shape in diagram.shapes:
            if shape.bounds is not None and (shape.element in wanted or shape.element.startswith(process.id)):
                if shape.element not in shapes and shape.is_expanded:
                    opened.add(shape.element)
                shapes.setdefault(shape.element, shape.bounds)
                if shape.label is not None:
                    labels.setdefault(shape.element, shape.label)
    for diagram in planes:
        for edge in diagram.edges:
            if edge.element in wanted and len(edge.waypoints) >= 2:
                edges.setdefault(edge.element, edge.waypoints)
                if edge.label is not None:
                    labels.setdefault(edge.element, edge.label)
    if any(n.id in shapes for n in process.nodes):
        # a sub-process is open when its DI says so or when its inner steps are drawn inside it
        inner = {n.parent for n in process.nodes if n.parent and n.id in shapes}
        expanded = frozenset(
            n.id for n in process.nodes
            if n.is_container and n.id in shapes and (n.id in opened or n.id in inner)
        )
        return Geometry(shapes, edges, labels, True, expanded)
    auto = layout(process)
    shapes = dict(auto.nodes)
    shapes.update(auto.lanes)
    if process.participant:
        shapes[process.participant] = auto.pool
    return Geometry(shapes, dict(auto.flows), dict(auto.labels), False)


@dataclass(frozen=True, slots=True)
class Drawing:
    """A process drawn: the inline SVG ("" when there is nothing to draw), the kinds of highlight it
    shows (in the legend's order: media break first) and whether it was laid out automatically."""

    svg: str = ""
    kinds: tuple[str, ...] = ()
    auto_layout: bool = False


def render(
    process: Process,
    definitions: Definitions | None,
    highlights: dict[str, Highlight],
    uid: str,
    finding_anchor: str = "befund-{n}",
    title: str | None = None,
    pools: tuple[tuple[str, str], ...] = (),
    messages: tuple = (),
) -> Drawing:
    """``pools`` (id, name) and ``messages`` (message flows): a procedure drawn over several pools.

    Drawn back to front: pools and lanes, sequence and message flows, then the steps (an open
    sub-process has no fill, so its inner flows show through)."""
    drawn = geometry(definitions, process, pools, messages)
    if not drawn.shapes:
        return Drawing()
    prefix = "d" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:6]
    shown = _lifted(process, drawn, highlights)
    out = [_opening(process, drawn, prefix, title, role="group" if highlights else "img")]
    out += _containers(process, drawn, dict(pools))
    out += _flows(process, drawn, messages)
    out += _nodes(process, drawn, shown, finding_anchor)
    out.append("</svg>")
    note = "" if drawn.from_di else "<!-- no diagram interchange in the model: laid out automatically -->"
    present = {shown[n.id].kind for n in process.nodes if n.id in shown and n.id in drawn.shapes}  # as _nodes draws
    kinds = tuple(kind for kind in (MEDIA, LEGAL, UNLAWFUL, NOTE, CAP) if kind in present)
    return Drawing(note + "".join(out), kinds, not drawn.from_di)


def _opening(process: Process, drawn: Geometry, prefix: str, title: str | None, role: str) -> str:
    """The ``<svg>`` element sized to everything drawn, its title, style sheet and arrow head."""
    shapes, edges, labels = drawn.shapes, drawn.edges, drawn.labels
    xs = [b.x for b in shapes.values()] + [p.x for pts in edges.values() for p in pts]
    ys = [b.y for b in shapes.values()] + [p.y for pts in edges.values() for p in pts]
    x2 = [b.x + b.width for b in shapes.values()] + [b.x + b.width for b in labels.values()]
    y2 = [b.y + b.height for b in shapes.values()] + [b.y + b.height for b in labels.values()]
    minx, miny = min(xs) - 20, min(ys) - 20
    width, height = max(x2) - minx + 20, max(y2) - miny + 20
    title_id = f"{prefix}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{prefix}" class="prozess-diagram" role="{role}" '
        f'aria-labelledby="{title_id}" data-layout="{"model" if drawn.from_di else "auto"}" '
        f'viewBox="{minx:.0f} {miny:.0f} {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">'
        f'<title id="{title_id}">{escape(title or "Prozessdiagramm: " + process.display_name)}</title>'
        f"<defs><style>{STYLE}#{prefix} .f{{marker-end:url(#{prefix}-arrow)}}</style>"
        f'<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/></marker>'
        "</defs>"
    )


def _containers(process: Process, drawn: Geometry, pool_names: dict[str, str]) -> list[str]:
    """Pools and lanes; a pool named twice (its process and the procedure) is drawn once."""
    shapes = drawn.shapes
    containers = list(dict.fromkeys(
        ([process.participant] if process.participant else []) + list(pool_names) + [lane.id for lane in process.lanes]
    ))
    lane_names = {lane.id: lane.name for lane in process.lanes}
    centres = [(b.x + b.width / 2, b.y + b.height / 2) for n in process.nodes if (b := shapes.get(n.id)) is not None]
    out = []
    for element in containers:
        box = shapes.get(element)
        if box is None:
            continue
        if element == process.participant:
            name = process.participant_name or process.name
        else:
            name = pool_names.get(element) if element in pool_names else lane_names.get(element, "")
        kind = "Pool" if element == process.participant or element in pool_names else "Lane"
        # a pool without steps of its own in this drawing (a partner, a black box) has its name
        # across its middle, as BPMN draws a collapsed pool; pools and lanes with steps beside them
        empty = kind == "Pool" and not any(_inside(x, y, box) for x, y in centres)
        out.append(
            f'<g class="container"><title>{kind}: {escape(name or "")}</title>'
            f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.width:.0f}" height="{box.height:.0f}" class="l"/>'
            f"{_band_label(box, name or '', across=empty)}</g>"
        )
    return out


def _flows(process: Process, drawn: Geometry, messages: tuple) -> list[str]:
    """Sequence flows (a named one with its title and label), then message flows (dashed)."""
    out = []
    for flow in process.flows:
        points = drawn.edges.get(flow.id)
        if not points:
            continue
        label = _flow_label(points, flow.name, drawn.labels.get(flow.id), drawn.from_di) if flow.name else ""
        line = f'<path d="{_path(points)}" class="f"/>'
        out.append(f'<g class="flow"><title>Sequenzfluss: {escape(flow.name)}</title>{line}{label}</g>' if flow.name else line)
    for message in messages:
        points = drawn.edges.get(message.id)
        if not points:
            continue
        out.append(f'<g class="flow"><title>Nachrichtenfluss: {escape(message.name or "")}</title>'
                   f'<path d="{_path(points)}" class="f m"/></g>')
    return out


def _path(points: tuple[Point, ...]) -> str:
    """Waypoints as path data; the horizontal and vertical legs of orthogonal routes are short (H, V)."""
    first = points[0]
    parts = [f"M{first.x:.0f} {first.y:.0f}"]
    x, y = f"{first.x:.0f}", f"{first.y:.0f}"
    for point in points[1:]:
        px, py = f"{point.x:.0f}", f"{point.y:.0f}"
        if py == y and px != x:
            parts.append(f"H{px}")
        elif px == x and py != y:
            parts.append(f"V{py}")
        elif px != x or py != y:
            parts.append(f"L{px} {py}")
        x, y = px, py
    return "".join(parts)


_STRENGTH = {LEGAL: 0, UNLAWFUL: 1, MEDIA: 2, NOTE: 3, CAP: 4}  # the frame a merged highlight keeps


def _lifted(process: Process, drawn: Geometry, highlights: dict[str, Highlight]) -> dict[str, Highlight]:
    """Highlights of steps not drawn here (inside a collapsed sub-process) go to the innermost drawn
    sub-process around them, so the diagram still shows where the findings are; finding numbers go
    before action marks (M…) and the strongest frame wins."""
    parent = {n.id: n.parent for n in process.nodes}
    gathered: dict[str, list[Highlight]] = {}
    for element, light in highlights.items():
        target = element
        while target is not None and target not in drawn.shapes:
            target = parent.get(target)
        if target is not None:
            gathered.setdefault(target, []).append(light)
    result = {}
    for element, lights in gathered.items():
        own = highlights.get(element)
        if len(lights) == 1 or (own is not None and all(light is own for light in lights)):
            result[element] = lights[0]
            continue
        findings = [light for light in lights if light.kind != CAP] or lights[:1]
        numbers = tuple(sorted({n for light in findings for n in light.numbers}))
        kind = min((light.kind for light in findings), key=lambda k: _STRENGTH.get(k, 5))
        first = min(findings, key=lambda light: light.numbers)
        result[element] = Highlight(numbers, kind, first.anchor, first.label if first.kind == CAP else None)
    return result


def _nodes(process: Process, drawn: Geometry, highlights: dict[str, Highlight], finding_anchor: str) -> list[str]:
    """Every step, named for screen readers ("Benutzeraufgabe: Antrag prüfen – Befund 1"); a
    highlighted one is a link to its finding or action, with its frame and badge."""
    out = []
    for node in process.nodes:
        box = drawn.shapes.get(node.id)
        if box is None:
            continue
        light = highlights.get(node.id)
        if light is None:
            numbers = ""
        elif light.label:  # a capping step marked with its action (M1 …)
            numbers = f" – Maßnahme {light.label}"
        else:
            numbers = f" – Befund {', '.join(map(str, light.numbers))}"
        body = _shape(node, box, drawn.labels.get(node.id), node.id in drawn.expanded)
        opening = f'<g class="node hl hl-{light.kind}">' if light else '<g class="node">'
        element = f"{opening}<title>{escape(type_label(node.type))}: {escape(node.name or node.id)}{numbers}</title>{body}"
        if light:
            element += _highlight(box, light) + "</g>"
            out.append(f'<a href="#{light.anchor or finding_anchor.format(n=light.numbers[0])}">{element}</a>')
        else:
            out.append(element + "</g>")
    return out


def _inside(x: float, y: float, box: Bounds) -> bool:
    return box.x <= x <= box.x + box.width and box.y <= y <= box.y + box.height


def _band_label(box: Bounds, name: str, across: bool = False) -> str:
    """The whole name of a pool or lane: up the label band at the left (wrapped, smaller when long),
    or across the middle of an empty pool. The ``<title>`` carries it for screen readers anyway."""
    if across:
        chars = max(int((box.width - 40) / 7), 8)
        lines = max(int((box.height - 6) / 14), 1)
        return _text(box.x + box.width / 2, box.y + box.height / 2, name, chars, lines, 12)
    for size in (12, 11, 10, 9):
        chars = max(int((box.height - 10) / (size * 0.6)), 4)
        lines = max(int(26 / (size + 2)), 1)
        if len(_wrap(name, chars)) <= lines:
            break
    # rotated a quarter turn to the left, the lines stack to the right around the band's middle
    return (f'<g transform="translate({box.x + 15:.0f},{box.y + box.height / 2:.0f}) rotate(-90)">'
            f"{_text(0, 0, name, chars, lines, size)}</g>")


def _flow_label(points: tuple[Point, ...], name: str, box: Bounds | None, from_di: bool) -> str:
    """A flow's name where the model puts it, else beside its own branch: next to the segment that
    leaves the shared line (branches of one gateway part there), or above a straight line."""
    if box is not None:
        chars = max(int(box.width / 5.5), 6)
        return _text(box.x + box.width / 2, box.y + box.height / 2, name, chars, max(round(box.height / 12), 1) + 1, 10)
    if not from_di and len(points) >= 3:
        for a, b in zip(points, points[1:]):
            if abs(a.x - b.x) < 1 and abs(a.y - b.y) >= 1:  # the vertical part of a bent flow
                return _text(a.x + 5, (a.y + b.y) / 2, name, 22, 2, 10, anchor="start")
    if not from_di and len(points) == 2:
        a, b = points
        chars = max(int(abs(b.x - a.x) / 5.5), 6)
        lines = _wrap(name, chars)[:2]
        return _text((a.x + b.x) / 2, a.y - 6 - (len(lines) - 1) * 6, name, chars, 2, 10)
    mid = points[len(points) // 2 - 1] if len(points) > 1 else points[0]
    return f'<text x="{mid.x + 4:.0f}" y="{mid.y - 6:.0f}" font-size="10">{escape(name[:40])}</text>'


def _outside_label(name: str, label: Bounds | None, default: Bounds, lines: int) -> str:
    """The label of an event or gateway: in the box the model gives it (as wide and as many lines as
    that box holds, at least the default), else below or above the shape."""
    if label is None:
        return _text(default.x + default.width / 2, default.y + default.height / 2, name, 18, lines, 10)
    chars = max(int(label.width / 5.5), 18)
    return _text(label.x + label.width / 2, label.y + label.height / 2, name, chars,
                 max(round(label.height / 12), lines), 10)


def _shape(node, box: Bounds, label: Bounds | None, expanded: bool = False) -> str:
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    name = node.name or ""
    if node.is_event:
        r = min(box.width, box.height) / 2
        end_stroke = ' stroke-width="3"' if node.type == "endEvent" else ""
        ring = ""
        if node.type in ("intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"):
            ring = f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{r - 3:.0f}" class="l"/>'
        marker = ""
        if "message" in node.event_definitions:
            marker = (f'<rect x="{cx - 8:.0f}" y="{cy - 5:.0f}" width="16" height="11" class="l"/>'
                      f'<polyline points="{cx - 8:.0f},{cy - 5:.0f} {cx:.0f},{cy + 1:.0f} {cx + 8:.0f},{cy - 5:.0f}" class="l"/>')
        elif "timer" in node.event_definitions:
            marker = f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{r - 7:.0f}" class="l"/>'
        text = ""
        if name:
            text = _outside_label(name, label, Bounds(cx - 50, box.y + box.height + 4, 100, 27), 3)
        return (f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{r:.0f}" class="b"{end_stroke}/>'
                f"{ring}{marker}{text}")
    if node.is_gateway:
        points = f"{cx:.0f},{box.y:.0f} {box.x + box.width:.0f},{cy:.0f} {cx:.0f},{box.y + box.height:.0f} {box.x:.0f},{cy:.0f}"
        symbol = {"exclusiveGateway": "×", "parallelGateway": "+", "inclusiveGateway": "○", "eventBasedGateway": "◇",
                  "complexGateway": "✱"}.get(node.type, "")
        text = ""
        if name:
            text = _outside_label(name, label, Bounds(cx - 50, box.y - 30, 100, 27), 2)
        return (f'<polygon points="{points}" class="b"/>'
                f'<text class="g" x="{cx:.0f}" y="{cy + 1:.0f}">{symbol}</text>{text}')
    if expanded:  # open: no fill, so the inner flows drawn before it show; the name at the top left
        chars = max(int((box.width - 16) / 6.5), 6)
        top = box.y + 14 + (min(len(_wrap(name, chars)), 2) - 1) * 6.5
        return (f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.width:.0f}" height="{box.height:.0f}" rx="10" class="x"/>'
                f"{_text(box.x + 8, top, name, chars, 2, 11, anchor='start')}")
    call_stroke = ' stroke-width="2.5"' if node.type == "callActivity" else ""
    chars = max(int(box.width / 6.5), 6)
    lines = max(int(box.height / 13) - 1, 1)
    extra = ""
    if node.is_container:
        extra = (f'<rect x="{cx - 7:.0f}" y="{box.y + box.height - 16:.0f}" width="14" height="14" class="l"/>'
                 f'<text class="g p" x="{cx:.0f}" y="{box.y + box.height - 8:.0f}">+</text>')
    return (f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{box.width:.0f}" height="{box.height:.0f}" rx="10" class="b"'
            f'{call_stroke}/>'
            f"{_text(cx, cy - (6 if node.is_container else 0), name, chars, lines)}{extra}")


def _highlight(box: Bounds, light: Highlight) -> str:
    """Frame and badge; colour and line pattern come from the kind (``hl-<kind>`` in STYLE)."""
    pad = 6
    frame = (f'<rect class="hl-frame" x="{box.x - pad:.0f}" y="{box.y - pad:.0f}" width="{box.width + 2 * pad:.0f}" '
             f'height="{box.height + 2 * pad:.0f}" rx="12"/>')
    number = light.label or (",".join(map(str, light.numbers[:2])) + ("…" if len(light.numbers) > 2 else ""))
    r = 11 + 3 * max(len(number) - 2, 0)
    bx, by = box.x + box.width + pad, box.y - pad
    badge = (f'<circle class="hl-badge" cx="{bx:.0f}" cy="{by:.0f}" r="{r}"/>'
             f'<text class="hl-num" x="{bx:.0f}" y="{by + 1:.0f}">{escape(number)}</text>')
    return frame + badge


def sparkline(levels: list[int], title: str, uid: str) -> str:
    """A small accessible line of a procedure's levels over its snapshots (E0 at the bottom, E5 on top)."""
    step, height, pad = 24, 40, 4
    width = max(1, len(levels) - 1) * step + 2 * pad
    title_id = _id("spark", uid)
    points = " ".join(f"{pad + i * step},{pad + (5 - level) * (height - 2 * pad) / 5:.0f}" for i, level in enumerate(levels))
    dots = "".join(f'<circle cx="{pad + i * step}" cy="{pad + (5 - level) * (height - 2 * pad) / 5:.0f}" r="2.5" fill="#1b1b1b"/>'
                   for i, level in enumerate(levels))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{title_id}" class="prozess-spark" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title id="{title_id}">{escape(title)}</title>'
            f'<polyline points="{points}" fill="none" stroke="#24527a" stroke-width="2"/>{dots}</svg>')


def bar_chart(counts: list[tuple[str, int]], title: str, uid: str) -> str:
    """A small accessible bar chart (levels → number of processes)."""
    top = max([c for _, c in counts] + [1])
    bar_w, gap, height, top_pad = 56, 16, 160, 24
    width = len(counts) * (bar_w + gap) + gap
    title_id = _id("chart", uid)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{title_id}" viewBox="0 0 {width} {height + 40 + top_pad}" '
             f'width="{width}" height="{height + 40 + top_pad}"><title id="{title_id}">{escape(title)}</title>'
             f'<g transform="translate(0,{top_pad})">']
    for i, (label, count) in enumerate(counts):
        h = 0 if top == 0 else math.ceil(count / top * height)
        x = gap + i * (bar_w + gap)
        parts.append(
            f'<g><title>{escape(label)}: {count}</title><rect x="{x}" y="{height - h + 10}" width="{bar_w}" height="{h}" fill="#24527a"/>'
            f'<text x="{x + bar_w / 2}" y="{height - h + 4}" font-size="12" text-anchor="middle">{count}</text>'
            f'<text x="{x + bar_w / 2}" y="{height + 28}" font-size="12" text-anchor="middle">{escape(label)}</text></g>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
