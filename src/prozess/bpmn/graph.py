"""The control flow of one process: an adjacency map, and a networkx view of it.

The analyses walk the plain adjacency map (``edges``), which is cheap to build;
:func:`control_flow` offers the same graph as a ``networkx.DiGraph`` for library
users and for algorithms beyond a walk. Nodes are flow-node ids. Edge kinds:

- ``sequence``: a sequence flow;
- ``attached``: host activity → its boundary event;
- ``contains``: sub-process → the nodes that start its inner flow;
- ``link``: link throw event → link catch event of the same name;
- ``compensation``: compensation boundary event → the compensation activity.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterable

from .model import Definitions, Node, Process

if TYPE_CHECKING:
    import networkx as nx

Adjacency = dict[str, list[tuple[str, str]]]  # node id -> [(successor id, edge kind)]


def edges(process: Process, definitions: Definitions | None = None) -> Adjacency:
    """Successors of every node, with the kind of each edge."""
    nodes = process.node_map
    adjacency: Adjacency = {n.id: [] for n in process.nodes}
    for flow in process.flows:
        if flow.source in nodes and flow.target in nodes:
            adjacency[flow.source].append((flow.target, "sequence"))
    children: dict[str, list[Node]] = {}
    for node in process.nodes:
        if node.parent is not None:
            children.setdefault(node.parent, []).append(node)
        if node.attached_to in nodes:
            adjacency[node.attached_to].append((node.id, "attached"))
    for parent, inner in children.items():
        if parent in nodes:
            adjacency[parent].extend((node.id, "contains") for node in _entry_nodes(inner))
    _link_events(adjacency, process.nodes)
    if definitions is not None:
        for assoc in definitions.associations:
            src, dst = nodes.get(assoc.source), nodes.get(assoc.target)
            if src and dst and "compensate" in src.event_definitions and dst.is_for_compensation:
                adjacency[src.id].append((dst.id, "compensation"))
    return adjacency


def control_flow(process: Process, definitions: Definitions | None = None) -> "nx.DiGraph":
    """The control flow as a ``networkx.DiGraph`` (node attribute ``node``, edge attribute ``kind``)."""
    import networkx as nx  # imported here: the command-line checks never need it

    graph = nx.DiGraph()
    for node in process.nodes:
        graph.add_node(node.id, node=node)
    for source, successors in edges(process, definitions).items():
        for target, kind in successors:
            graph.add_edge(source, target, kind=kind)
    return graph


def _entry_nodes(nodes: Iterable[Node]) -> list[Node]:
    """Where an inner flow starts: start events, else nodes without incoming flow."""
    nodes = list(nodes)
    starts = [n for n in nodes if n.type == "startEvent"]
    if starts:
        return starts
    return [
        n
        for n in nodes
        if not n.incoming and n.type != "boundaryEvent" and not n.is_for_compensation
    ]


def _link_events(adjacency: Adjacency, nodes: Iterable[Node]) -> None:
    throws: dict[str, list[str]] = {}
    catches: dict[str, list[str]] = {}
    for node in nodes:
        if "link" not in node.event_definitions:
            continue
        key = node.name.casefold()
        if node.type == "intermediateThrowEvent":
            throws.setdefault(key, []).append(node.id)
        elif node.type == "intermediateCatchEvent":
            catches.setdefault(key, []).append(node.id)
    for key, sources in throws.items():
        for source in sources:
            for target in catches.get(key, ()):
                adjacency[source].append((target, "link"))


def roots(process: Process) -> list[Node]:
    """Where the process starts: top-level start events and event sub-processes.

    Without a start event (allowed by BPMN), every top-level node without
    incoming sequence flow starts the process.
    """
    top = [n for n in process.nodes if n.parent is None]
    result = _entry_nodes(top)
    result += [n for n in process.nodes if n.triggered_by_event and n not in result]
    return result


def reachable(adjacency: Adjacency, start: Iterable[str]) -> set[str]:
    """Iterative breadth-first search: safe for deep and cyclic graphs."""
    seen: set[str] = set()
    queue = deque(s for s in start if s in adjacency)
    seen.update(queue)
    while queue:
        current = queue.popleft()
        for succ, _kind in adjacency[current]:
            if succ not in seen:
                seen.add(succ)
                queue.append(succ)
    return seen


def flow_order(adjacency: Adjacency, process: Process) -> list[Node]:
    """Nodes in breadth-first order from the starts, then the rest in document order."""
    order: list[str] = []
    seen: set[str] = set()
    queue = deque(n.id for n in roots(process))
    seen.update(queue)
    while queue:
        current = queue.popleft()
        order.append(current)
        for succ, _kind in adjacency[current]:
            if succ not in seen:
                seen.add(succ)
                queue.append(succ)
    by_id = process.node_map
    result = [by_id[i] for i in order if i in by_id]
    result += [n for n in process.nodes if n.id not in seen]
    return result
