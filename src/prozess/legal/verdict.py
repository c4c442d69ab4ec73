"""Legal verdicts: how serious a rule is at a step – the one place the severity policy lives.

A hard blocker is an error (the procedure cannot be end-to-end digital without a change of law);
a requirement with a digital substitute is a warning while the step runs on paper or in person
(a quick win) and info once the step is digital; a rule without a legal form requirement is info;
paper where the law prescribes the electronic way is an error; a rule that replaces a written
form where the procedure's form is not known is only a hint to check it. The verdict and all facts
of a legal finding travel as a typed :class:`LegalVerdict` (serialised to the same JSON keys).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..findings import Severity
from ..media.inference import Medium, ProcessMedia
from ..pickling import fast_pickle
from .rules import REQUIREMENT_DE, Rule


class Verdict(str, Enum):
    HARD = "hard"
    QUICK_WIN = "quick_win"
    CONDITIONAL = "conditional"
    MET = "met"
    NO_FORM = "no_form"
    INHERENT = "inherent"
    UNLAWFUL_PAPER = "unlawful_paper"
    CHECK = "check"
    FORM_UNKNOWN = "form_unknown"
    NOT_MODELLED = "not_modelled"


@dataclass(frozen=True, slots=True)
class LegalVerdict:
    """What a legal finding says, typed (``Finding.detail`` of every ``legal/…`` finding)."""

    requirement: str
    blocking: str
    verdict: Verdict
    inherent: bool
    norm: str
    norm_url: str | None
    jurisdiction: str
    substitute_available: bool
    substitutes: tuple[dict[str, Any], ...]  # means, label, norm, conditions
    remedy: str
    confidence: str
    evidence: tuple[str, ...]
    matched_by: str  # named | cited | keyword | act | absent
    procedure: tuple[str, ...]  # ids of the identified procedure
    procedural_law: str | None
    step_medium: str | None
    lane: str | None
    rule_file: str
    rule_line: int | None

    @property
    def blocks(self) -> bool:
        """A hard legal blocker: at a step, or required by the procedure's law and not drawn."""
        return self.verdict is Verdict.HARD or (
            self.verdict is Verdict.NOT_MODELLED and self.blocking == "hard" and not self.inherent)

    def open_substitute(self, severity: Severity) -> bool:
        """The law knows a digital way the process does not use (a "soll" on paper counts here)."""
        return self.verdict in (Verdict.QUICK_WIN, Verdict.CONDITIONAL, Verdict.CHECK) or (
            self.verdict is Verdict.UNLAWFUL_PAPER and severity is not Severity.ERROR)

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirement": self.requirement, "blocking": self.blocking, "verdict": self.verdict.value,
            "inherent": self.inherent, "norm": self.norm, "norm_url": self.norm_url,
            "jurisdiction": self.jurisdiction, "substitute_available": self.substitute_available,
            "substitutes": [dict(s) for s in self.substitutes], "remedy": self.remedy,
            "confidence": self.confidence, "evidence": list(self.evidence), "matched_by": self.matched_by,
            "procedure": list(self.procedure), "procedural_law": self.procedural_law,
            "step_medium": self.step_medium, "lane": self.lane, "rule_file": self.rule_file,
            "rule_line": self.rule_line,
        }


fast_pickle(LegalVerdict)


_DECLARATIONS = ("written_form", "signature", "original_document")


def legal_medium(rule: Rule, step, media: ProcessMedia | None) -> Medium | None:
    """The medium in which a requirement is fulfilled at a step.

    A print or scan step handles paper, whatever it produces. A declaration that
    arrived on paper (intake not digital) stays a paper declaration where a step
    merely works on a scan of it (its medium is only carried over from before).
    """
    if step is None:
        return None
    if step.conversion in ("print", "scan"):
        return Medium.PAPER
    if (
        rule.requirement in _DECLARATIONS
        and media is not None
        and media.digital_intake is False
        and not step.evidenced
        and step.medium is Medium.DIGITAL
    ):
        return Medium.PAPER
    return step.medium


def assess(rule: Rule, medium: Medium | None, form_known: bool = True) -> tuple[Severity, Verdict]:
    """Severity and the German verdict for a rule on a step with the given medium.

    ``form_known`` False: the rule replaces a written form, but whether the procedure's act
    requires one is not known (procedure not identified, or its form not recorded).
    """
    if rule.requires_written_form and not form_known and not rule.inherent:
        return Severity.INFO, Verdict.FORM_UNKNOWN
    if rule.inherent:
        verdict = "inherent"
        severity = Severity.INFO
    elif rule.requirement == "electronic_required":
        if medium in (Medium.PAPER, Medium.IN_PERSON):
            verdict, severity = "unlawful_paper", Severity.ERROR
        elif medium is Medium.DIGITAL:
            verdict, severity = "met", Severity.INFO
        else:
            verdict, severity = "check", Severity.WARNING
    elif rule.blocking == "hard":
        verdict, severity = "hard", Severity.ERROR
    elif rule.blocking == "none":
        verdict, severity = "no_form", Severity.INFO
    elif medium is Medium.DIGITAL:
        verdict, severity = "met", Severity.INFO
    else:
        verdict, severity = ("quick_win" if rule.blocking == "substitutable" else "conditional"), Severity.WARNING
    if rule.severity is not None:
        severity = Severity.parse(rule.severity)
    return severity, Verdict(verdict)


def several_norms(citation: str) -> bool:
    """Whether a citation names more than one provision ("§ 9 Abs. 3 PAuswG; § 6 Abs. 2 PassG",
    "§§ 1, 2 GewAnzV", "§ 9 Abs. 1, § 9a Abs. 6 OZG"): the verb then agrees in the plural. One
    provision read with another ("§ 7 i. V. m. § 3 JArbSchUV") stays singular."""
    head = citation.split(" i. V. m. ")[0]
    return ";" in citation or head.lstrip().startswith("§§") or ", §" in head or " und §" in head


def message(rule: Rule, verdict: Verdict) -> str:
    subs = "; ".join(f"{s.display} ({s.basis})" for s in rule.digital_substitutes)
    citation = rule.norm.citation
    requirement = REQUIREMENT_DE[rule.requirement]
    prescribe = "schreiben" if several_norms(citation) else "schreibt"
    return {
        "hard": f"Rechtliches Hindernis: {rule.title}. {citation}: {requirement}, ohne digitalen Weg im geltenden Recht.",
        "quick_win": f"Lösbar: {rule.title}. Digitaler Ersatz im Recht: {subs or 'siehe Regel'}.",
        "conditional": f"Bedingt lösbar: {rule.title}. Digitaler Weg unter Voraussetzungen: {subs or 'siehe Ausnahmen der Regel'}.",
        "met": f"Erfüllt: {rule.title}. Der Schritt läuft digital; Grundlage: {subs or citation}.",
        "no_form": f"Keine gesetzliche Form: {rule.title} ({citation}). Ein Medienbruch, aber kein Rechtshindernis.",
        "inherent": f"Konstitutiver Präsenzakt: {rule.title} ({citation}). Kein Digitalisierungsziel; begrenzt die Reife nicht.",
        "unlawful_paper": f"Papier unzulässig: {rule.title}. {citation} {prescribe} den elektronischen Weg vor.",
        "check": f"Prüfen: {rule.title}. {citation} {prescribe} den elektronischen Weg vor; das Medium des Schritts ist "
                 "unbekannt.",
        "form_unknown": (
            f"Formerfordernis prüfen: {rule.title}. Ob das Fachrecht hier Schriftform anordnet, ist nicht bekannt; "
            "ein Unterschriftsfeld allein ist keine Schriftform (§ 13 EGovG, § 36a Abs. 2c SGB I). "
            f"Falls ja: {subs or citation}."
        ),
    }[verdict.value]


def absent_message(rule: Rule, procedure: str) -> str:
    requirement = REQUIREMENT_DE[rule.requirement]
    tail = (" Das Verfahren kann ohne Änderung des Rechts nicht Ende-zu-Ende digital sein."
            if rule.blocking == "hard" and not rule.inherent else "")
    demand = "verlangen" if several_norms(rule.norm.citation) else "verlangt"
    return (f"Nicht modelliert: {rule.title}. Im Verfahren „{procedure}“ {demand} {rule.norm.citation} "
            f"{requirement}; kein Schritt des Modells zeigt das.{tail}")


def absent_severity(rule: Rule) -> Severity:
    """Severity of an act the procedure's law requires and the model does not show: an error for a
    hard blocker or a required electronic way, info for a constitutive act, else a warning."""
    if rule.inherent:
        return Severity.INFO
    if rule.blocking == "hard" or rule.requirement == "electronic_required":
        return Severity.ERROR
    return Severity.WARNING


def strongest(rule: Rule) -> Severity:
    """The most serious severity the rule can have at any step (for rule catalogues: SARIF, docs)."""
    return max(assess(rule, medium)[0] for medium in (*Medium, None))
