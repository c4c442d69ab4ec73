"""Procedures, not pools: the unit officers think in (Verfahren, Leistung).

A file's pools that are linked by message flows are **one procedure** (a
collaboration drawn as Kunde / Organisation / IT is one case); a process
without a collaboration is one procedure; unconnected processes stay separate.
Each pool has a role (``roles.py``). The procedure

- is named after its collaboration, else its authority pool, else the file;
- begins with what the applicant sends (the medium arriving at the authority
  or its IT, with the message and the sending step), else with the intake of
  its authority pool; an outgoing letter is never the intake;
- ends with what reaches the applicant's pool;
- is a **digital mailbox** when the intake is digital and the authority's own
  back office (authority or IT pools) then prints it and works on paper —
  a personal appearance, copies to third parties or a paper notice alone are
  other findings with other remedies;
- gets one readiness level over the authority and IT pools (the applicant's own
  steps count for intake and output only), or is **not rateable** — a template
  full of placeholders, no authority pool, no step of known medium — with the
  reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Iterable

from .bpmn.model import Definitions, Process
from .findings import Finding
from .legal.identity import NOT_IDENTIFIED, Identity
from .media.inference import Medium, ProcessMedia, StepMedium, converts_digital_work
from .media.roles import PoolRole, Role, role_of, role_of_pool
from .pickling import fast_pickle
from .readiness import Readiness, assess as assess_readiness

WORKING = (Role.AUTHORITY, Role.IT_SYSTEM)
_RETYPING = ("abtipp", "abgetippt", "übertrag", "uebertrag", "nacherfass", "manuell", "retype", "re-key", "rekey")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\bTODO\b|\bREPLACE[_ ]ME\b|\blorem ipsum\b|\bTBD\b", re.IGNORECASE)
_GENERIC = re.compile(r"^\s*(task|aufgabe|activity|aktivität|schritt|step)\s*\d+\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Pool:
    name: str
    role: Role
    reason: str  # how the role was found, German
    process: str | None  # None: a black-box pool
    participant: str | None


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str
    name: str
    name_from: str  # collaboration | authority pool | process | file
    pools: tuple[Pool, ...]
    intake: Medium
    intake_node: str | None  # the step of the authority/IT where the case arrives
    intake_from: str | None  # the applicant's sending step (or pool), if drawn
    intake_message: str | None
    output: Medium | None  # what reaches the applicant (None: nothing drawn)
    output_nodes: tuple[str, ...]
    digital_mailbox: bool
    rated: bool
    not_rated: str | None  # why there is no level, German
    readiness: Readiness | None
    process: Process  # every step of the procedure (for pages and diagrams)
    media: ProcessMedia  # the media of those steps
    working: tuple[str, ...]  # ids of the processes of authority and IT pools
    identity: Identity = NOT_IDENTIFIED  # which procedure of the catalogue this is (identity.py)

    @property
    def digital_intake(self) -> bool | None:
        return None if not self.intake.known else self.intake is Medium.DIGITAL

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "name_from": self.name_from,
            "pools": [
                {"name": p.name, "role": p.role.value, "role_from": p.reason, "process": p.process,
                 "participant": p.participant}
                for p in self.pools
            ],
            "intake": {"medium": self.intake.value, "element": self.intake_node, "from_element": self.intake_from,
                       "message": self.intake_message},
            "output": {"medium": self.output.value if self.output else None, "elements": list(self.output_nodes)},
            "digital_intake": self.digital_intake,
            "digital_mailbox": self.digital_mailbox,
            "rated": self.rated,
            "not_rated_reason": self.not_rated,
            "readiness": self.readiness.to_dict() if self.readiness is not None else None,
            "identity": self.identity.to_dict(),
        }


class _Groups:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def groups(definitions: Definitions) -> list[tuple[list[str], list[str]]]:
    """The procedures of a file as (process ids, black-box pool ids), in file order: pools linked
    by message flows are one procedure; a black-box pool alone is none."""
    processes = list(definitions.processes)
    process_ids = {p.id for p in processes}
    process_of_node = {n.id: p.id for p in processes for n in p.nodes}
    pools = {pa.id: pa for pa in definitions.participants}
    union = _Groups()

    def end(element: str) -> str | None:
        where = _side(element, process_of_node, pools, process_ids)
        return where if where is None or where.startswith("B:") else "P:" + where

    for process in processes:
        union.find("P:" + process.id)
    for pool in pools.values():
        if pool.process_ref not in process_ids:
            union.find("B:" + pool.id)
    for flow in definitions.message_flows:
        a, b = end(flow.source), end(flow.target)
        if a and b:
            union.join(a, b)
    members: dict[str, list[str]] = {}
    for item in union.parent:
        members.setdefault(union.find(item), []).append(item)
    order = {"P:" + p.id: i for i, p in enumerate(processes)}
    result = []
    for items in sorted(members.values(), key=lambda xs: min(order.get(x, 10**6) for x in xs)):
        members_ids = [x[2:] for x in sorted(items, key=lambda x: order.get(x, 10**6)) if x.startswith("P:")]
        if members_ids:
            result.append((members_ids, [x[2:] for x in items if x.startswith("B:")]))
    return result


def build(
    definitions: Definitions,
    media: list[ProcessMedia | None],
    findings: Iterable[Finding],
    overrides: dict[str, str] | None = None,
    readiness: list[Readiness | None] | None = None,
    identities: list[Identity] | None = None,
    found: list[tuple[list[str], list[str]]] | None = None,
) -> list[Procedure]:
    """The procedures of one file, in file order. ``readiness``: of each pool, reused where a
    procedure is that one pool as it is; ``identities``: of each group of :func:`groups`
    (``found``, when the caller has them already)."""
    processes = list(definitions.processes)
    media_of = {p.id: m for p, m in zip(processes, media) if m is not None}
    findings = list(findings)
    known = {p.id: r for p, r in zip(processes, readiness or [])}
    found = groups(definitions) if found is None else found
    identities = identities or [NOT_IDENTIFIED] * len(found)
    return [
        replace(_procedure(definitions, members_ids, black, media_of, findings, overrides or {}, known),
                identity=identity)
        for (members_ids, black), identity in zip(found, identities)
    ]


def _procedure(definitions, process_ids, black, media_of, findings, overrides, known=None) -> Procedure:
    processes = {p.id: p for p in definitions.processes}
    pools_by_ref = {pa.process_ref: pa for pa in definitions.participants if pa.process_ref}
    participants = {pa.id: pa for pa in definitions.participants}
    roles = _roles(definitions, processes, process_ids, black, media_of, overrides, pools_by_ref, participants)
    working = [pid for pid in process_ids if roles[pid].role in WORKING and pid in media_of]
    applicant_processes = {pid for pid in process_ids if roles[pid].role is Role.APPLICANT}
    applicant_pools = {bid for bid in black if roles["B:" + bid].role is Role.APPLICANT}
    node_process = {n.id: pid for pid in process_ids for n in processes[pid].nodes}
    pool_of = {ref: pa.id for ref, pa in pools_by_ref.items()}

    def side(element: str) -> str | None:
        return _side(element, node_process, participants, processes)

    def applicant(element: str) -> bool:
        where = side(element)
        return where in applicant_processes or (where or "").removeprefix("B:") in applicant_pools

    steps: dict[str, StepMedium] = {}
    for pid in working:
        steps.update(media_of[pid].steps)

    intake, intake_node, intake_from, intake_message = _intake_of(
        definitions, processes, working, steps, media_of, side, applicant
    )
    # output: what reaches the applicant
    out_flows = [f for f in definitions.message_flows if side(f.source) in working and applicant(f.target)]
    output = None
    for flow in out_flows:
        step = steps.get(flow.source)
        if step is not None:
            output = step.medium if output is None or output == step.medium else Medium.UNKNOWN
    mailbox = intake is Medium.DIGITAL and any(_prints_intake(s) for s in steps.values())

    name, name_from = _name(definitions, process_ids, roles, pools_by_ref)
    ident = _ident(definitions, process_ids)
    display = _merged(ident, name, [processes[p] for p in process_ids], pool_of)
    working_process = _merged(ident, name, [processes[p] for p in working], pool_of)
    alone = len(process_ids) == 1 and working == process_ids
    same = alone and media_of[working[0]].intake == intake and media_of[working[0]].intake_node == intake_node
    merged_media = media_of[working[0]] if same and media_of[working[0]].digital_mailbox == mailbox else \
        _merged_media(working_process, steps, intake, intake_node, mailbox, media_of, working, display)
    reason = _not_rated(definitions, [processes[p] for p in process_ids], working, steps, roles)
    readiness = None
    if reason is None:
        if merged_media is media_of[working[0]] and (known or {}).get(working[0]) is not None:
            readiness = known[working[0]]  # the procedure is this one pool as it is
        else:
            relabelled = [replace(f, process=ident) for f in findings if f.process in set(working)]
            readiness = assess_readiness(working_process, merged_media, relabelled, definitions)
    pools = tuple(
        Pool(pools_by_ref[pid].name if pid in pools_by_ref and pools_by_ref[pid].name else processes[pid].display_name,
             roles[pid].role, roles[pid].reason, pid, pools_by_ref[pid].id if pid in pools_by_ref else None)
        for pid in process_ids
    ) + tuple(
        Pool(participants[bid].name or bid, roles["B:" + bid].role, roles["B:" + bid].reason, None, bid)
        for bid in black
    )
    return Procedure(
        ident, name, name_from, pools, intake, intake_node, intake_from, intake_message, output,
        tuple(f.source for f in out_flows), mailbox, reason is None, reason, readiness, display, merged_media,
        tuple(working),
    )


def _roles(definitions, processes, process_ids, black, media_of, overrides, pools_by_ref,
           participants) -> dict[str, PoolRole]:
    """The role of each pool with a process (by process id) and of each black-box pool ("B:" + id)."""
    roles: dict[str, PoolRole] = {}
    for pid in process_ids:
        media = media_of.get(pid)
        roles[pid] = (PoolRole(media.role, media.role_reason) if media is not None and media.role_reason
                      else role_of(processes[pid], definitions, pools_by_ref.get(pid), overrides))
    starts = {n.id for pid in process_ids for n in processes[pid].nodes if n.type == "startEvent"}
    for bid in black:
        roles["B:" + bid] = role_of_pool(participants[bid], definitions, overrides)
        if roles["B:" + bid].role is Role.UNKNOWN and any(
            f.source == bid and f.target in starts for f in definitions.message_flows
        ):
            roles["B:" + bid] = PoolRole(Role.APPLICANT, "angenommen: Black-Box-Pool, der den Vorgang anstößt")
    # a pool that does work and has no recognisable role is taken as the authority, when none is named
    if not any(r.role is Role.AUTHORITY for r in roles.values()):
        for pid in process_ids:
            if roles[pid].role is Role.UNKNOWN:
                roles[pid] = PoolRole(Role.AUTHORITY, "angenommen: Pool mit Ablauf ohne erkennbare Rolle")
    return roles


def _intake_of(definitions, processes, working, steps, media_of, side, applicant):
    """(medium, step, sender, message name) of what arrives from outside (the applicant, a portal drawn
    as a black box) where a working pool's case begins; a later submission into a running case is not
    the intake. Without such a message: the first working pool with a known intake of its own."""
    intake, intake_node, intake_from, intake_message = Medium.UNKNOWN, None, None, None
    starts = {n.id for pid in working for n in processes[pid].nodes if n.type == "startEvent" or not n.incoming}
    sent = [f for f in definitions.message_flows
            if f.target in starts and side(f.target) in working and side(f.source) not in working]
    if sent:
        flow = min(sent, key=lambda f: (not applicant(f.source), processes_order(definitions, side(f.target))))
        intake_node, intake_from, intake_message = flow.target, flow.source, flow.name or None
        step = steps[intake_node]
        intake = step.in_medium if step.in_medium is not None and step.in_medium.known else step.medium
    if not intake.known:
        for pid in working:
            if media_of[pid].intake.known:
                intake, intake_node = media_of[pid].intake, media_of[pid].intake_node
                break
    return intake, intake_node, intake_from, intake_message


def _side(element: str, process_of_node: dict[str, str], pools: dict, process_ids) -> str | None:
    """The process a node or pool belongs to; ``B:<pool id>`` for a black-box pool; None for neither.

    (BPMN ids are NCNames and hold no colon, so the prefix cannot clash with a process id.)
    """
    if element in process_of_node:
        return process_of_node[element]
    pool = pools.get(element)
    if pool is None:
        return None
    return pool.process_ref if pool.process_ref in process_ids else "B:" + pool.id


def processes_order(definitions: Definitions, pid: str | None) -> int:
    for index, process in enumerate(definitions.processes):
        if process.id == pid:
            return index
    return 10**6


def _prints_intake(step: StepMedium) -> bool:
    """Digital work the back office prints (not a letter or a copy going out) or types in again by hand."""
    if step.conversion not in ("print", "rekey"):
        return False
    if step.conversion == "rekey" and not any(w in " ".join(step.evidence).casefold() for w in _RETYPING):
        return False  # "erfassen" alone is everyday work in a system; typing over from a document is not
    return converts_digital_work(step)


def _ident(definitions: Definitions, process_ids: list[str]) -> str:
    if len(process_ids) == 1:
        return process_ids[0]
    wanted = set(process_ids)
    for collaboration in definitions.collaborations:
        if wanted <= {p.process_ref for p in collaboration.participants}:
            return collaboration.id
    return "+".join(process_ids)


def _name(definitions, process_ids, roles, pools_by_ref) -> tuple[str, str]:
    if len(process_ids) > 1 or any(roles.get(k) for k in roles if k.startswith("B:")):
        wanted = set(process_ids)
        for collaboration in definitions.collaborations:
            if collaboration.name and wanted <= {p.process_ref for p in collaboration.participants}:
                return collaboration.name, "collaboration"
    processes = {p.id: p for p in definitions.processes}
    for pid in process_ids:
        if roles[pid].role is Role.AUTHORITY:
            pool = pools_by_ref.get(pid)
            if pool is not None and pool.name:
                return _strip_role(pool.name), "authority pool"
            if processes[pid].name:
                return processes[pid].name, "process"
    if definitions.name:
        return definitions.name, "file"
    stem = PurePosixPath(definitions.path).name.split(".")[0]
    return stem or process_ids[0], "file"


def _strip_role(name: str) -> str:
    """"Organisation: Ordnungsamt" → "Ordnungsamt"."""
    head, sep, rest = name.partition(":")
    return rest.strip() if sep and head.strip().casefold() in ("organisation", "behörde", "behoerde") and rest.strip() else name


def _merged(ident: str, name: str, processes: list[Process], pool_of: dict[str, str]) -> Process:
    if len(processes) == 1:
        return processes[0]
    first = processes[0] if processes else None
    return Process(
        id=ident, name=name, line=first.line if first else None,
        documentation="\n".join(p.documentation for p in processes if p.documentation),
        is_executable=None, participant=None, participant_name=name,
        nodes=tuple(n for p in processes for n in p.nodes),
        flows=tuple(f for p in processes for f in p.flows),
        lanes=tuple(lane for p in processes for lane in p.lanes),
        data=tuple(d for p in processes for d in p.data),
        data_associations=tuple(a for p in processes for a in p.data_associations),
    )


def _merged_media(working: Process, steps, intake, intake_node, mailbox, media_of, working_ids, display) -> ProcessMedia:
    counts = {m.value: 0 for m in Medium}
    for pid in working_ids:
        for key, value in media_of[pid].counts.items():
            counts[key] += value
    all_steps = dict(steps)
    for pid, media in media_of.items():
        for node, step in media.steps.items():
            all_steps.setdefault(node, step)
    invalid = tuple(i for pid in working_ids for i in media_of[pid].invalid_annotations)
    role = Role.AUTHORITY
    return ProcessMedia(all_steps, intake, intake_node, None if not intake.known else intake is Medium.DIGITAL,
                        mailbox, counts, invalid, role)


def _not_rated(definitions: Definitions, processes: list[Process], working: list[str], steps, roles) -> str | None:
    texts = [p.name for p in processes] + [p.participant_name or "" for p in processes]
    texts += [n.name for p in processes for n in p.nodes if n.name]
    # one search over all names first: most models have no placeholder at all
    found = _PLACEHOLDER.search("\n".join(texts)) is not None
    placeholders = sorted({m.group(0) for t in texts for m in _PLACEHOLDER.finditer(t)}) if found else []
    generic = [t for t in texts if _GENERIC.match(t)]
    if placeholders or len(generic) >= 2:
        shown = ", ".join((placeholders + generic)[:3])
        return f"Vorlage mit Platzhaltern ({shown}): erst ein ausgefülltes Modell lässt sich bewerten."
    if not working:
        return "Keine Behörde erkennbar: kein Pool mit der Rolle Behörde oder IT-System (Rolle im Pool angeben: „Rolle: Behörde“)."
    working_nodes = [n for p in processes if p.id in working for n in p.nodes if n.is_activity]
    if not any(steps[n.id].medium.known for n in working_nodes if n.id in steps):
        return "Für keinen Schritt der Behörde ist das Medium bekannt: das Modell sagt nicht, wie gearbeitet wird."
    return None


fast_pickle(Pool, Procedure)  # parallel checks that keep the models (the site) send them back
