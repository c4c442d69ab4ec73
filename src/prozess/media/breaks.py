"""Media-break patterns: where the work item leaves (or re-enters) the digital world.

A break is a step with its own evidence whose medium differs, digital versus
paper/in person, from the medium its work item arrives on. Conversion steps
(printing, scanning) are breaks in themselves. An automated step (service,
script, business-rule task) after an analogue one is not reported: software
cannot read paper, so the switch lies in a step the model does not show. Each break gets exactly one
pattern: the first function in :data:`PATTERNS` that claims it. Switches
between paper and in person are not media breaks (both are analogue).

Steps of unknown medium between two known ones do not hide a break: digital →
unknown → paper is a break at the paper step, from the last step whose medium
is known, and the evidence names the steps in between. Handling the paper
original after it was scanned (storing, destroying it) is no break: the case
goes on digitally from the scan; nor is a step that handles a printout while
the work is on paper already ("Ausdruck + Bescheidkopie z.d.A."); nor, right after
a result went out, a step in the medium the case file had before it ("Bescheid
per Post versenden" → "Vorgang in der E-Akte ablegen"). Steps in the applicant's
pool (see ``roles.py``), or in a lane named for the applicant, are the applicant's own
handling and report no break.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from ..bpmn.model import Definitions, Node, Process
from ..findings import Finding, RuleInfo
from ..pickling import fast_pickle
from ..registry import info
from .inference import Medium, ProcessMedia, StepMedium
from .roles import Role, by_name as lane_role

AUTOMATED = frozenset({"serviceTask", "scriptTask", "businessRuleTask"})



@dataclass(frozen=True, slots=True)
class MediaBreak:
    """The facts of a ``media/…`` break (``Finding.detail``)."""

    pattern: str  # re_keying, scan, print_after_digital_intake, …
    from_medium: Medium
    to_medium: Medium
    from_element: str | None  # the last step before with a known medium
    from_element_name: str | None
    lane: str | None
    evidence: tuple[str, ...]
    unknown_between: tuple[str, ...]  # steps of unknown medium between from_element and this one

    def to_dict(self) -> dict:
        return {
            "pattern": self.pattern, "from_medium": self.from_medium.value, "to_medium": self.to_medium.value,
            "from_element": self.from_element, "from_element_name": self.from_element_name, "lane": self.lane,
            "evidence": list(self.evidence), "unknown_between": list(self.unknown_between),
        }


@dataclass(frozen=True, slots=True)
class MediumHint:
    """Why a step's medium is unknown (``media/unknown-medium``)."""

    evidence: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"evidence": list(self.evidence)}


fast_pickle(MediaBreak, MediumHint)

@dataclass(frozen=True, slots=True)
class Break:
    node: Node
    step: StepMedium
    from_medium: Medium
    to_medium: Medium
    origin: str | None = None  # the last step upstream whose medium is known
    gap: tuple[str, ...] = ()  # steps of unknown medium between ``origin`` and this one


def in_person(b: Break) -> bool:
    """The procedure requires someone to come to the office."""
    return b.to_medium is Medium.IN_PERSON


def scan(b: Break) -> bool:
    """Paper documents are scanned into a system."""
    return b.step.conversion == "scan"


def re_keying(b: Break) -> bool:
    """Data that arrived on paper or at the counter is typed into a system by hand."""
    return b.to_medium is Medium.DIGITAL and (b.step.conversion == "rekey" or b.node.type not in AUTOMATED)


def paper_intake(b: Break) -> bool:
    """Documents reach the authority on paper (or at the counter) while the case runs digitally."""
    return b.to_medium is Medium.PAPER and b.step.input and not b.step.output and b.step.conversion != "print"


def paper_output(b: Break) -> bool:
    """A result (typically the Bescheid) leaves the authority on paper or by post."""
    return b.to_medium is Medium.PAPER and (b.step.output or b.step.feeds_output)


def print_after_digital_intake(b: Break) -> bool:
    """Digital documents are printed and handled on paper."""
    return b.to_medium is Medium.PAPER


@dataclass(frozen=True, slots=True)
class Pattern:
    key: str  # value of the finding's "pattern" field
    claims: Callable[[Break], bool]
    info: RuleInfo
    message: str  # German; {from_} and {to} are filled in


def _info(key: str) -> RuleInfo:
    return info("media/" + key.replace("_", "-"))


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "in_person", in_person,
        _info("in_person"),
        "Medienbruch ({from_} → vor Ort): Ab hier muss jemand persönlich erscheinen.",
    ),
    Pattern(
        "scan", scan,
        _info("scan"),
        "Medienbruch ({from_} → digital): Papierunterlagen werden eingescannt.",
    ),
    Pattern(
        "re_keying", re_keying,
        _info("re_keying"),
        "Medienbruch ({from_} → digital): Angaben werden von Hand in ein IT-System übertragen.",
    ),
    Pattern(
        "paper_intake", paper_intake,
        _info("paper_intake"),
        "Medienbruch ({from_} → Papier): Unterlagen gehen hier auf Papier ein.",
    ),
    Pattern(
        "paper_output", paper_output,
        _info("paper_output"),
        "Medienbruch ({from_} → Papier): Das Ergebnis verlässt die Behörde auf Papier.",
    ),
    Pattern(
        "print_after_digital_intake", print_after_digital_intake,
        _info("print_after_digital_intake"),
        "Medienbruch ({from_} → Papier): Digitale Unterlagen werden ab hier auf Papier bearbeitet.",
    ),
)

UNKNOWN_MEDIUM = info("media/unknown-medium")
INVALID_ANNOTATION = info("media/invalid-annotation")
RULES = {p.info.id: p.info for p in PATTERNS} | {
    UNKNOWN_MEDIUM.id: UNKNOWN_MEDIUM,
    INVALID_ANNOTATION.id: INVALID_ANNOTATION,
}


def find_breaks(process: Process, media: ProcessMedia) -> Iterator[Break]:
    for node in process.nodes:
        step = media.steps[node.id]
        if step.source == "arrival":
            # a letter or a visit that arrives into a running digital case
            if step.medium.analogue and step.in_medium is Medium.DIGITAL:
                yield Break(node, step, Medium.DIGITAL, step.medium, step.origin)
            continue
        if not step.evidenced:
            continue
        arriving, origin, gap = step.in_medium, step.origin, ()
        if (arriving is None or not arriving.known) and step.gap_medium is not None:
            arriving, origin, gap = step.gap_medium, step.gap_origin, step.gap
        if step.output and step.case_medium is not None and step.case_medium.known:
            arriving = step.case_medium  # a second document going out is made from the case file
        if step.conversion == "print":  # a conversion is a break by definition: what it reads, what it makes
            if step.printout and step.in_medium is not None and step.in_medium.analogue:
                continue  # it handles a printout: the work is on paper already
            yield Break(node, step, Medium.DIGITAL, Medium.PAPER, origin, gap)
        elif step.conversion == "scan":
            yield Break(node, step, Medium.PAPER, Medium.DIGITAL, origin, gap)
        elif arriving is not None and arriving.known and step.medium.known:
            if (arriving is Medium.DIGITAL) == (step.medium is Medium.DIGITAL):
                continue
            if step.medium is Medium.DIGITAL and node.type in AUTOMATED and step.conversion != "rekey":
                # software cannot read paper: the switch happened in a step the model does not show
                continue
            if step.original and origin is not None and _scanned(origin, media):
                continue  # the paper original after the scan: the case goes on digitally
            if not step.output and step.case_medium is not None and step.case_medium.known and (
                (step.case_medium is Medium.DIGITAL) == (step.medium is Medium.DIGITAL)
            ):
                continue  # after a letter went out, the office goes on with its case file
            yield Break(node, step, arriving, step.medium, origin, gap)


def _scanned(origin: str, media: ProcessMedia) -> bool:
    step = media.steps.get(origin)
    return step is not None and step.conversion == "scan"


def detect(process: Process, definitions: Definitions, media: ProcessMedia) -> Iterator[Finding]:
    path = definitions.path
    lanes = {lane.id: lane.name or lane.id for lane in process.lanes}
    nodes = process.node_map
    applicant = media.role is Role.APPLICANT
    # the applicant drawn as a lane of the authority's pool ("Antragsteller/in"): their own steps, too
    applicant_lanes = {lane.id for lane in process.lanes if lane.name and lane_role(lane.name) is Role.APPLICANT}
    for brk in () if applicant else find_breaks(process, media):
        if brk.node.lane in applicant_lanes:
            continue
        pattern = next(p for p in PATTERNS if p.claims(brk))
        origin = nodes.get(brk.origin) if brk.origin else None
        evidence = list(brk.step.evidence)
        if brk.gap:
            shown = ", ".join(f"„{nodes[g].name or g}“" for g in brk.gap[:3]) + (" …" if len(brk.gap) > 3 else "")
            evidence.append(f"dazwischen Schritte mit unbekanntem Medium: {shown}")
        yield Finding(
            pattern.info.id, pattern.info.severity,
            pattern.message.format(from_=brk.from_medium.german, to=brk.to_medium.german),
            path, brk.node.line, process.id, brk.node.id, brk.node.name or None,
            MediaBreak(
                pattern.key, brk.from_medium, brk.to_medium, origin.id if origin else None,
                (origin.name or None) if origin else None, lanes.get(brk.node.lane) if brk.node.lane else None,
                tuple(evidence), tuple(brk.gap),
            ),
        )
    parents = {n.parent for n in process.nodes if n.parent}
    for node in process.nodes:
        step = media.steps[node.id]
        if node.is_activity and step.medium is Medium.UNKNOWN and node.id not in parents:
            if step.source not in ("none", "propagated") and step.evidence:
                hint = f"Medium unbekannt ({step.evidence[0]}): Ergänzen"
            else:
                hint = "Medium unbekannt: Ergänzen"
            yield Finding(
                UNKNOWN_MEDIUM.id, UNKNOWN_MEDIUM.severity,
                f"{hint} Sie in der Dokumentation eine Zeile „Medium: Digital“, "
                "„Medium: Papier“ oder „Medium: Vor Ort“ (oder eine Eigenschaft medium).",
                path, node.line, process.id, node.id, node.name or None,
                MediumHint(tuple(step.evidence)),
            )
    for bad in media.invalid_annotations:
        node = nodes[bad.node]
        yield Finding(
            INVALID_ANNOTATION.id, INVALID_ANNOTATION.severity,
            f"Die Medium-Angabe „{bad.value}“ ist unbekannt; erlaubt sind Digital, Papier und Vor Ort.",
            path, node.line, process.id, node.id, node.name or None,
        )
