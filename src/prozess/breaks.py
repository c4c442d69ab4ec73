"""Media-break patterns: where the work item leaves (or re-enters) the digital world.

A break is a step with its own evidence whose medium differs, digital versus
paper/in person, from the medium its work item arrives on. Conversion steps
(printing, scanning) are breaks in themselves. An automated step (service,
script, business-rule task) after an analogue one is not reported: software
cannot read paper, so the switch lies in a step the model does not show. Each break gets exactly one
pattern: the first function in :data:`PATTERNS` that claims it. Switches
between paper and in person are not media breaks (both are analogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from .findings import Finding, RuleInfo, Severity
from .media import Medium, ProcessMedia, StepMedium
from .model import Definitions, Node, Process


AUTOMATED = frozenset({"serviceTask", "scriptTask", "businessRuleTask"})


@dataclass(frozen=True, slots=True)
class Break:
    node: Node
    step: StepMedium
    from_medium: Medium
    to_medium: Medium


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
    return b.to_medium is Medium.PAPER and b.step.input


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


def _info(key: str, title: str, summary: str) -> RuleInfo:
    slug = key.replace("_", "-")
    return RuleInfo(f"media/{slug}", title, Severity.WARNING, summary, f"medienbrueche/{slug}.md")


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "in_person", in_person,
        _info("in_person", "Persönliches Erscheinen",
              "Der Vorgang verlangt, dass jemand persönlich in der Behörde erscheint."),
        "Medienbruch ({from_} → vor Ort): Ab hier muss jemand persönlich erscheinen.",
    ),
    Pattern(
        "scan", scan,
        _info("scan", "Einscannen", "Papierunterlagen werden eingescannt, um digital weiterzuarbeiten."),
        "Medienbruch ({from_} → digital): Papierunterlagen werden eingescannt.",
    ),
    Pattern(
        "re_keying", re_keying,
        _info("re_keying", "Abtippen", "Angaben aus Papier oder einer Vorsprache werden von Hand in ein IT-System übertragen."),
        "Medienbruch ({from_} → digital): Angaben werden von Hand in ein IT-System übertragen.",
    ),
    Pattern(
        "paper_intake", paper_intake,
        _info("paper_intake", "Eingang auf Papier",
              "Unterlagen gehen auf Papier ein, während der Vorgang digital bearbeitet wird."),
        "Medienbruch ({from_} → Papier): Unterlagen gehen hier auf Papier ein.",
    ),
    Pattern(
        "paper_output", paper_output,
        _info("paper_output", "Ausgang auf Papier", "Ein Ergebnis, meist der Bescheid, verlässt die Behörde auf Papier oder per Post."),
        "Medienbruch ({from_} → Papier): Das Ergebnis verlässt die Behörde auf Papier.",
    ),
    Pattern(
        "print_after_digital_intake", print_after_digital_intake,
        _info("print_after_digital_intake", "Ausdruck nach digitalem Eingang",
              "Digital vorliegende Unterlagen werden ausgedruckt und auf Papier weiterbearbeitet."),
        "Medienbruch ({from_} → Papier): Digitale Unterlagen werden ab hier auf Papier bearbeitet.",
    ),
)

UNKNOWN_MEDIUM = RuleInfo(
    "media/unknown-medium", "Medium unbekannt", Severity.INFO,
    "Für einen Schritt ist nicht erkennbar, ob er digital, auf Papier oder vor Ort stattfindet.",
    "medienbrueche/unknown-medium.md",
)
INVALID_ANNOTATION = RuleInfo(
    "media/invalid-annotation", "Ungültige Medium-Angabe", Severity.WARNING,
    "Eine Angabe „Medium: …“ oder eine Eigenschaft medium hat einen Wert, den prozess nicht kennt.",
    "medienbrueche/invalid-annotation.md",
)
RULES = {p.info.id: p.info for p in PATTERNS} | {
    UNKNOWN_MEDIUM.id: UNKNOWN_MEDIUM,
    INVALID_ANNOTATION.id: INVALID_ANNOTATION,
}


def find_breaks(process: Process, media: ProcessMedia) -> Iterator[Break]:
    for node in process.nodes:
        step = media.steps[node.id]
        if not step.evidenced:
            continue
        arriving = step.in_medium
        if step.conversion == "print":  # a conversion is a break by definition: what it reads, what it makes
            yield Break(node, step, Medium.DIGITAL, Medium.PAPER)
        elif step.conversion == "scan":
            yield Break(node, step, Medium.PAPER, Medium.DIGITAL)
        elif arriving is not None and arriving is not Medium.UNKNOWN and step.medium is not Medium.UNKNOWN:
            if (arriving is Medium.DIGITAL) == (step.medium is Medium.DIGITAL):
                continue
            if step.medium is Medium.DIGITAL and node.type in AUTOMATED and step.conversion != "rekey":
                # software cannot read paper: the switch happened in a step the model does not show
                continue
            yield Break(node, step, arriving, step.medium)


def detect(process: Process, definitions: Definitions, media: ProcessMedia) -> Iterator[Finding]:
    path = definitions.path
    lanes = {lane.id: lane.name or lane.id for lane in process.lanes}
    nodes = {n.id: n for n in process.nodes}
    for brk in find_breaks(process, media):
        pattern = next(p for p in PATTERNS if p.claims(brk))
        origin = nodes.get(brk.step.origin) if brk.step.origin else None
        yield Finding(
            pattern.info.id, pattern.info.severity,
            pattern.message.format(from_=brk.from_medium.german, to=brk.to_medium.german),
            path, brk.node.line, process.id, brk.node.id, brk.node.name or None,
            {
                "pattern": pattern.key,
                "from_medium": brk.from_medium.value,
                "to_medium": brk.to_medium.value,
                "from_element": origin.id if origin else None,
                "from_element_name": (origin.name or None) if origin else None,
                "lane": lanes.get(brk.node.lane) if brk.node.lane else None,
                "evidence": list(brk.step.evidence),
            },
        )
    parents = {n.parent for n in process.nodes if n.parent}
    for node in process.nodes:
        step = media.steps[node.id]
        if node.is_activity and step.medium is Medium.UNKNOWN and node.id not in parents:
            yield Finding(
                UNKNOWN_MEDIUM.id, UNKNOWN_MEDIUM.severity,
                "Medium unbekannt: Ergänzen Sie in der Dokumentation eine Zeile „Medium: Digital“, "
                "„Medium: Papier“ oder „Medium: Vor Ort“ (oder eine Eigenschaft medium).",
                path, node.line, process.id, node.id, node.name or None,
                {"evidence": list(step.evidence)},
            )
    for bad in media.invalid_annotations:
        node = nodes[bad.node]
        yield Finding(
            INVALID_ANNOTATION.id, INVALID_ANNOTATION.severity,
            f"Die Medium-Angabe „{bad.value}“ ist unbekannt; erlaubt sind Digital, Papier und Vor Ort.",
            path, node.line, process.id, node.id, node.name or None,
        )
