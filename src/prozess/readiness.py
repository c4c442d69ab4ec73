"""End-to-end readiness of a process: level E0–E5, the caps that hold it down, and the way up.

The level is the minimum over seven criteria (the rule of the OZG maturity
model 1.1); every cap names the BPMN elements that cause it, so a site can
highlight them. Model version 1 (see docs/methodik.md).

| level | name | |
|---|---|---|
| E0 | Analog | request arrives on paper or in person |
| E1 | Digitale Haustür | digital intake, paper (or a counter) in the back office |
| E2 | Digital mit Medienbrüchen | manual transfers, analogue output, or a hard legal blocker |
| E3 | Digital mit Vorbehalt | no break, but an unused legal substitute, e-mail output or unknown steps |
| E4 | Ende-zu-Ende digital | digital from intake to notice and filing |
| E5 | Ende-zu-Ende datenbasiert | E4 with structured intake and evidence from registers (once-only) |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .bpmn.model import Definitions, Process
from .findings import Finding, Severity
from .legal.verdict import LegalVerdict, Verdict
from .media.breaks import MediaBreak
from .media.inference import Medium, ProcessMedia
from .media.lexicon import words
from .pickling import fast_pickle

MODEL_VERSION = 1
NAMES = {
    0: "Analog", 1: "Digitale Haustür", 2: "Digital mit Medienbrüchen", 3: "Digital mit Vorbehalt",
    4: "Ende-zu-Ende digital", 5: "Ende-zu-Ende datenbasiert",
}
CRITERIA = {
    "K1": "Eingang", "K2": "Bearbeitung", "K3": "Ausgang", "K4": "Ablage", "K5": "Recht", "K6": "Nachweise",
    "K7": "Evidenz",
}
_DOCUMENT_INTAKE = {"email", "mail", "pdf", "anhang", "scan", "eingescannt", "funktionspostfach", "fax"}
_FILING = ("abheft", "ablage", "ablegen", "handakte", "papierakte", "aktenordner", "ordner", "archiv")
_REGISTER = ("register", "abruf", "abfrag")


@dataclass(frozen=True, slots=True)
class Cap:
    criterion: str  # K1 … K7
    level: int  # the highest level this cap allows
    reason: str  # German, one sentence
    elements: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "criterion_name": CRITERIA[self.criterion], "level": f"E{self.level}",
                "reason": self.reason, "elements": list(self.elements)}


@dataclass(frozen=True, slots=True)
class Readiness:
    level: int
    caps: tuple[Cap, ...]  # every cap below E5, lowest first
    provisional: bool  # steps of unknown medium: the level may be too high
    digital_intake: bool | None
    digital_mailbox: bool
    end_to_end: bool
    legally_blocked: bool
    quick_wins: tuple[dict[str, Any], ...]
    breaks: int
    hard_blockers: int
    digital_share: float | None
    evidence_share: float | None
    front: str
    back: str
    ozg: dict[str, Any]

    @property
    def label(self) -> str:
        return f"E{self.level}"

    def missing_for(self, target: int) -> list[Cap]:
        """What holds the process below ``target``; legal quick wins first."""
        blocking = [c for c in self.caps if c.level < target]
        return sorted(blocking, key=lambda c: (c.criterion != "K5" or c.level != 3, c.level, c.criterion))

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_version": MODEL_VERSION,
            "level": self.label,
            "name": NAMES[self.level],
            "provisional": self.provisional,
            "caps": [c.to_dict() for c in self.caps],
            "digital_intake": self.digital_intake,
            "digital_mailbox": self.digital_mailbox,
            "end_to_end": self.end_to_end,
            "legally_blocked": self.legally_blocked,
            "quick_wins": list(self.quick_wins),
            "breaks": self.breaks,
            "hard_blockers": self.hard_blockers,
            "digital_share": self.digital_share,
            "evidence_share": self.evidence_share,
            "front_door": self.front,
            "back_office": self.back,
            "ozg_estimate": self.ozg,
            "missing": {
                f"E{target}": [c.to_dict() for c in self.missing_for(target)]
                for target in range(self.level + 1, 6)
            },
        }


def _text_words(*texts: str) -> set[str]:
    return {w for text in texts if text for w in words(text)}


def assess(process: Process, media: ProcessMedia, findings: Iterable[Finding], definitions: Definitions) -> Readiness:
    """Readiness of ``process`` from its media analysis and its (unsuppressed) findings.

    The level is the lowest cap of the seven criteria, each checked by its own function below.
    """
    findings = [f for f in findings if f.process == process.id and f.suppressed is None]
    steps = media.steps
    legal = [f for f in findings if isinstance(f.detail, LegalVerdict)]
    hard = [f for f in legal if f.detail.blocks]
    joined_names = {n.id: "".join(words(n.name)) for n in process.nodes if n.name}
    front, intake_caps = _k1_intake(process, media, definitions)
    caps = intake_caps + _k2_k4_processing(process, media, findings, legal, joined_names) + _k5_law(legal, hard)
    activities = [n for n in process.nodes if n.is_activity]
    unknown = [n.id for n in activities if steps[n.id].medium is Medium.UNKNOWN]
    if unknown:  # K7 Evidenz
        caps.append(Cap("K7", 3, "Für einige Schritte ist das Medium unbekannt.", tuple(unknown)))
    caps += _k6_evidence(process, media, front, joined_names)
    level = min([5] + [c.level for c in caps])
    caps.sort(key=lambda c: (c.level, c.criterion))
    evidenced = [n for n in activities if steps[n.id].evidenced]
    known = [n for n in activities if steps[n.id].medium is not Medium.UNKNOWN]
    digital = [n for n in known if steps[n.id].medium is Medium.DIGITAL]
    back = "digital"
    if any(c.criterion in ("K2", "K4") and c.level <= 1 for c in caps):
        back = "papier"
    elif any(c.criterion in ("K2", "K4") for c in caps):
        back = "hybrid"
    quick_wins = tuple(
        {"rule": f.rule, "element": f.element, "element_name": f.element_name, "norm": f.detail.norm,
         "substitutes": [dict(s) for s in f.detail.substitutes]}
        for f in legal if f.detail.verdict is Verdict.QUICK_WIN
    )
    return Readiness(
        level=level,
        caps=tuple(caps),
        provisional=bool(unknown),
        digital_intake=media.digital_intake,
        digital_mailbox=media.digital_mailbox,
        end_to_end=level >= 4,
        legally_blocked=bool(hard),
        quick_wins=quick_wins,
        breaks=sum(1 for f in findings if f.kind == "media_break"),
        hard_blockers=len(hard),
        digital_share=round(len(digital) / len(known), 3) if known else None,
        evidence_share=round(len(evidenced) / len(activities), 3) if activities else None,
        front=front,
        back=back,
        ozg=_ozg(level, front),
    )


def _k1_intake(process: Process, media: ProcessMedia, definitions: Definitions) -> tuple[str, list[Cap]]:
    """K1 Eingang: how the request arrives (analogue, a document, structured data)."""
    intake = media.intake_node
    if media.intake is Medium.PAPER or media.intake is Medium.IN_PERSON:
        return "analog", [Cap("K1", 0, f"Der Antrag geht {'auf Papier' if media.intake is Medium.PAPER else 'persönlich'} ein.",
                              (intake,) if intake else ())]
    if media.intake is Medium.DIGITAL and intake:
        node = next(n for n in process.nodes if n.id == intake)
        said = _text_words(node.name, node.documentation, *definitions.message_names(intake))
        joined = "".join(said)
        if said & _DOCUMENT_INTAKE or any(m in joined for m in ("email", "pdf")):
            return "digital-dokument", [
                Cap("K1", 2, "Der Antrag kommt als Dokument (E-Mail, PDF, Scan), nicht als strukturierte Daten.", (intake,))]
        return "digital-strukturiert", []
    return "analog", []


def _k2_k4_processing(process: Process, media: ProcessMedia, findings: list[Finding], legal: list[Finding],
                      joined_names: dict[str, str]) -> list[Cap]:
    """K2 Bearbeitung, K4 Ablage, K3 Ausgang: paper or counters inside, manual transfers, filing, the result."""
    steps = media.steps
    intake = media.intake_node
    legal_by_element: dict[str, list[Finding]] = {}
    for f in legal:
        legal_by_element.setdefault(f.element or "", []).append(f)
    paper_inside, filing, transfers, outputs_paper, outputs_mail = [], [], [], [], []
    for node in process.nodes:
        step = steps[node.id]
        if node.id == intake or node.is_gateway:
            continue
        name_words = joined_names.get(node.id, "")
        inherent_or_hard = any(
            f.detail.verdict in (Verdict.INHERENT, Verdict.HARD) for f in legal_by_element.get(node.id, [])
        )
        if step.output:
            if step.medium is Medium.PAPER or step.medium is Medium.IN_PERSON or step.conversion == "print":
                outputs_paper.append(node.id)
            elif step.medium is Medium.DIGITAL and "mail" in name_words:
                outputs_mail.append(node.id)
            continue
        if step.input and step.medium is Medium.PAPER:
            paper_inside.append(node.id)
            continue
        if not node.is_activity:
            continue  # events and end points take the medium of their surroundings
        if step.medium is Medium.PAPER or step.conversion == "print":
            (filing if any(w in name_words for w in _FILING) else paper_inside).append(node.id)
        elif step.medium is Medium.IN_PERSON and not inherent_or_hard and node.is_activity:
            paper_inside.append(node.id)
    for f in findings:
        if isinstance(f.detail, MediaBreak) and f.detail.pattern in ("re_keying", "scan"):
            transfers.append(f.element)
    caps: list[Cap] = []
    if media.intake is not Medium.PAPER and media.intake is not Medium.IN_PERSON:
        if paper_inside:
            caps.append(Cap("K2", 1, "In der Bearbeitung wird auf Papier oder vor Ort gearbeitet.", tuple(paper_inside)))
        if filing:
            caps.append(Cap("K4", 1, "Die Akte wird auf Papier geführt oder abgelegt.", tuple(filing)))
    elif paper_inside or filing:
        caps.append(Cap("K2", 0, "Auch die Bearbeitung läuft auf Papier oder vor Ort.", tuple(paper_inside + filing)))
    if transfers:
        caps.append(Cap("K2", 2, "Daten werden von Hand übertragen oder eingescannt.", tuple(dict.fromkeys(transfers))))
    if outputs_paper:
        caps.append(Cap("K3", 2, "Das Ergebnis geht auf Papier, per Post oder persönlich hinaus.", tuple(outputs_paper)))
    if outputs_mail:
        caps.append(Cap("K3", 3, "Das Ergebnis geht per ungesicherter E-Mail hinaus.", tuple(outputs_mail)))
    return caps


def _k5_law(legal: list[Finding], hard: list[Finding]) -> list[Cap]:
    """K5 Recht: paper where the law prescribes the electronic way, hard blockers, unused substitutes."""
    # paper where the law prescribes the electronic route; a mere "soll" (rule severity warning) counts as open
    unlawful = [f for f in legal if f.detail.verdict is Verdict.UNLAWFUL_PAPER and f.severity is Severity.ERROR]
    open_subst = [f for f in legal if f.detail.open_substitute(f.severity)]
    caps = []
    if unlawful:
        caps.append(Cap("K5", 1, "Papier, wo das Recht den elektronischen Weg vorschreibt.",
                        tuple(dict.fromkeys(f.element for f in unlawful))))
    if hard:
        caps.append(Cap("K5", 2, "Ein Gesetz verlangt hier Papier oder Anwesenheit, ohne digitalen Ersatz.",
                        tuple(dict.fromkeys(f.element for f in hard))))
    if open_subst:
        caps.append(Cap("K5", 3, "Das Recht kennt einen digitalen Ersatz, den der Prozess nicht nutzt.",
                        tuple(dict.fromkeys(f.element for f in open_subst))))
    return caps


def _k6_evidence(process: Process, media: ProcessMedia, front: str, joined_names: dict[str, str]) -> list[Cap]:
    """K6 Nachweise (and E5): once-only evidence from registers and a structured intake."""
    registers = [n.id for n in process.nodes
                 if media.steps[n.id].medium is Medium.DIGITAL and any(w in joined_names.get(n.id, "") for w in _REGISTER)]
    if front != "digital-strukturiert" or not registers:
        reason = ("Nachweise werden nicht aus Registern abgerufen (kein Once-only modelliert)."
                  if not registers else "Der Antrag kommt nicht als strukturierte Daten an.")
        return [Cap("K6", 4, reason, ())]
    return []


def _ozg(level: int, front: str) -> dict[str, Any]:
    """An indicative level of the OZG maturity model 1.1 (0–4) – an estimate, not a measurement."""
    if level == 0:
        value, qualifier = 2, "höchstens"
    elif level == 1:
        value, qualifier = (3 if front == "digital-strukturiert" else 2), "etwa"
    elif level <= 4:
        value, qualifier = 3, "etwa"
    else:
        value, qualifier = 4, "etwa"
    return {"model": "OZG-Reifegradmodell 1.1", "level": value, "qualifier": qualifier, "estimate": True}


fast_pickle(Cap, Readiness)  # parallel checks that keep the models (the site) send them back
