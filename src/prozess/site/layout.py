"""Automatic layout of a process: pool, lanes, nodes in columns, orthogonal flows.

Used to draw models that carry no diagram interchange (DI) and by the
generator of the example procedures. Columns follow the longest path from the
start (back edges of loops are ignored for that); each lane is a row; nodes
sharing a lane and a column are stacked. The result is plain geometry in the
units of BPMN DI.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..bpmn.model import Bounds, Point, Process

TASK = (100.0, 80.0)
EVENT = (36.0, 36.0)
GATEWAY = (50.0, 50.0)
DATA = (50.0, 50.0)
COLUMN = 160.0
ROW = 130.0
POOL_LABEL = 30.0
MARGIN = 50.0
PARTNER_HEIGHT = 60.0
GAP = 60.0


@dataclass(frozen=True, slots=True)
class Layout:
    pool: Bounds
    partner: Bounds | None
    lanes: dict[str, Bounds]
    nodes: dict[str, Bounds]
    labels: dict[str, Bounds]  # external labels of events and gateways
    flows: dict[str, tuple[Point, ...]]
    extra: dict[str, Bounds]  # data items and annotations placed next to their step

    @property
    def width(self) -> float:
        return self.pool.x + self.pool.width + MARGIN

    @property
    def height(self) -> float:
        return self.pool.y + self.pool.height + MARGIN


def size_of(node_type: str) -> tuple[float, float]:
    if node_type.endswith("Event"):
        return EVENT
    if node_type.endswith("Gateway"):
        return GATEWAY
    return TASK


def columns(process: Process) -> dict[str, int]:
    """Longest-path column of every top-level node; loops do not stretch the diagram."""
    top = [n for n in process.nodes if n.parent is None and n.type != "boundaryEvent"]
    ids = {n.id for n in top}
    succ: dict[str, list[str]] = {n.id: [] for n in top}
    for flow in process.flows:
        if flow.source in ids and flow.target in ids:
            succ[flow.source].append(flow.target)
    # drop back edges found by an iterative depth-first search
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    for root in [n.id for n in top]:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[current] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((current, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ[child])))
    indegree = {n: 0 for n in ids}
    for source, targets in succ.items():
        for target in targets:
            if (source, target) not in back:
                indegree[target] += 1
    column = {n: 0 for n in ids}
    queue = deque(n.id for n in top if indegree[n.id] == 0)
    while queue:
        current = queue.popleft()
        for target in succ[current]:
            if (current, target) in back:
                continue
            column[target] = max(column[target], column[current] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                queue.append(target)
    return column


def layout(
    process: Process,
    partner: bool = False,
    attachments: dict[str, list[str]] | None = None,
) -> Layout:
    """Geometry for ``process``. ``attachments`` maps a step id to data/annotation ids drawn below it."""
    attachments = attachments or {}
    column = columns(process)
    lane_order = [lane.id for lane in process.lanes if lane.parent is None] or ["__all__"]
    lane_of = {n.id: (n.lane if n.lane in lane_order else lane_order[0]) for n in process.nodes}
    stacks: dict[tuple[str, int], list[str]] = {}
    for node in process.nodes:
        if node.id in column:
            stacks.setdefault((lane_of[node.id], column[node.id]), []).append(node.id)
    depth = {lane: 1 for lane in lane_order}
    for (lane, _), members in stacks.items():
        depth[lane] = max(depth[lane], len(members))
    has_extra = {lane_of[n] for n in attachments if n in lane_of}
    top = MARGIN + (PARTNER_HEIGHT + GAP if partner else 0)
    width = POOL_LABEL * 2 + 40 + (max(column.values(), default=0) + 1) * COLUMN
    lanes: dict[str, Bounds] = {}
    y = top
    for lane in lane_order:
        height = ROW * depth[lane] + (90 if lane in has_extra else 0)
        lanes[lane] = Bounds(MARGIN + POOL_LABEL, y, width - POOL_LABEL, height)
        y += height
    pool = Bounds(MARGIN, top, width, y - top)
    nodes: dict[str, Bounds] = {}
    labels: dict[str, Bounds] = {}
    types = {n.id: n.type for n in process.nodes}
    for (lane, col), members in stacks.items():
        box = lanes[lane]
        for index, node_id in enumerate(members):
            w, h = size_of(types[node_id])
            cx = box.x + POOL_LABEL + 40 + col * COLUMN + TASK[0] / 2
            cy = box.y + ROW / 2 + index * ROW
            nodes[node_id] = Bounds(cx - w / 2, cy - h / 2, w, h)
            if w != TASK[0]:
                labels[node_id] = Bounds(cx - 50, cy + h / 2 + 4, 100, 27)
    for node in process.nodes:  # boundary events sit on the lower edge of their host
        if node.type == "boundaryEvent" and node.attached_to in nodes:
            host = nodes[node.attached_to]
            nodes[node.id] = Bounds(host.x + host.width - 30, host.y + host.height - 18, *EVENT)
            labels[node.id] = Bounds(host.x + host.width - 10, host.y + host.height + 20, 100, 27)
    extra: dict[str, Bounds] = {}
    for step, items in attachments.items():
        if step not in nodes:
            continue
        host = nodes[step]
        for index, item in enumerate(items):
            extra[item] = Bounds(host.x + index * 60 + 25, host.y + host.height + 30, *DATA)
    flows: dict[str, tuple[Point, ...]] = {}
    for flow in process.flows:
        if flow.source in nodes and flow.target in nodes:
            flows[flow.id] = route(nodes[flow.source], nodes[flow.target])
    partner_box = Bounds(MARGIN, MARGIN, width, PARTNER_HEIGHT) if partner else None
    return Layout(pool, partner_box, lanes, nodes, labels, flows, extra)


def route(source: Bounds, target: Bounds) -> tuple[Point, ...]:
    """Orthogonal waypoints from ``source`` to ``target``; backward flows run below both."""
    sy = source.y + source.height / 2
    ty = target.y + target.height / 2
    if target.x > source.x + source.width / 2:
        start = Point(source.x + source.width, sy)
        end = Point(target.x, ty)
        if abs(sy - ty) < 1:
            return (start, end)
        mid = (start.x + end.x) / 2
        return (start, Point(mid, sy), Point(mid, ty), end)
    below = max(source.y + source.height, target.y + target.height) + 25
    return (
        Point(source.x + source.width / 2, source.y + source.height),
        Point(source.x + source.width / 2, below),
        Point(target.x + target.width / 2, below),
        Point(target.x + target.width / 2, target.y + target.height),
    )
