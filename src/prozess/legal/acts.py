"""Act types: what a step does in law's terms, independent of the procedure.

The legal rules of an identified procedure fire on acts, not on how a step
happens to be worded: the ID-card rule on any appearance, biometrics or
signature at the application, whether the model says "Antragsteller erscheint
persönlich im Bürgerbüro", "spricht vor" or "Fingerabdrücke scannen".

An act is found in the step's name and documentation with the media lexicon's
word matching (stems, compounds, participles, separated verbs, abbreviations,
negation: "ohne persönliches Erscheinen" is no appearance) and from the media
analysis: a step on site (in person, with evidence) is an appearance, a print
or a paper output is print and post. An appearance named by words alone does
not count where the media analysis has evidence that the step is digital
("persönliche Daten online eingeben").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..bpmn.model import Node
from ..media.inference import Medium, StepMedium
from ..media.lexicon import Lexicon, default_lexicon, term
from .rules import ACT_DE

# The vocabulary, written like the media lexicon (docs/regelwerk/index.md, "Handlungen"):
# one word matches as stem and in compounds, "=Wort" only as that word, two or three words only
# when they stand together.
TERMS: dict[str, tuple[str, ...]] = {
    "presence": (
        "erscheinen", "Erscheinen", "persönlich", "Vorsprache", "vorsprechen", "vorstellig", "anwesend",
        "Anwesenheit", "Schalter", "vor Ort", "im Amt", "ins Amt", "Bürgerbüro", "Bürgeramt", "Termin wahrnehmen",
        "Präsenz",
    ),
    "biometrics": (
        "Fingerabdruck", "Fingerabdrücke", "Fingerabdrucke", "Fingerprint", "biometrisch", "Biometrie",
        "Unterschriftenpad", "Signaturpad",
    ),
    "photo": ("Lichtbild", "Passbild", "Passfoto", "=Foto", "=Fotos"),
    "signature": ("unterschreiben", "Unterschrift", "unterzeichnen", "Unterzeichnung", "gegenzeichnen"),
    "original": ("Original", "Urschrift", "vorlegen", "Urkunde vorlegen"),
    "certification": (
        "beurkunden", "Beurkundung", "beglaubigen", "Beglaubigung", "Niederschrift", "zu Protokoll",
        "Urkundsperson", "Urkundsbeamter", "notariell", "Notar",
    ),
    "handover": ("aushändigen", "Aushändigung", "abholen", "Abholung", "überreichen"),
    "notice": ("Bescheid", "Bekanntgabe", "bekanntgeben", "Verwaltungsakt"),
    "service": ("zustellen", "Zustellung", "Postzustellungsurkunde", "Zustellungsurkunde", "Einschreiben", "Rückschein"),
    "post": ("per Post", "=Post", "Brief", "postalisch", "Postweg", "ausdrucken", "drucken", "Ausdruck", "kuvertieren",
             "frankieren"),
    "application": ("Antrag", "beantragen", "Antragstellung", "Anmeldung", "anmelden", "Anzeige"),
    # documents named after an act are no act: "beglaubigte Abschriften versenden" certifies nothing
    "document": ("beglaubigte Abschrift", "beglaubigte Abschriften", "beglaubigten Abschriften", "beglaubigte Kopie",
                 "beglaubigte Kopien", "beglaubigten Kopien", "Urkunde", "Urkunden"),
}


@dataclass(frozen=True, slots=True)
class ActHit:
    act: str  # a key of rules.ACT_DE
    evidence: str  # German: what in the step shows it


@lru_cache(maxsize=1)
def act_lexicon() -> Lexicon:
    media = default_lexicon()
    terms = [term(text, act, True) for act, items in TERMS.items() for text in items]
    return Lexicon(terms, media.abbreviations, media.forms)


def acts_of(node: Node, step: StepMedium | None) -> tuple[ActHit, ...]:
    """The act types of one step, each with its first piece of evidence, in the order of ACT_DE."""
    found: dict[str, str] = {}
    text = f"{node.name}\n{node.documentation}" if node.documentation else node.name
    for match in act_lexicon().match(text):
        act = match.term.category
        if act in ACT_DE:
            found.setdefault(act, f"Schritt nennt „{match.found}“: {ACT_DE[act]}")
    if step is not None:
        if step.medium is Medium.IN_PERSON and step.evidenced:
            found.setdefault("presence", f"Medium des Schritts: vor Ort ({ACT_DE['presence']})")
        elif "presence" in found and step.medium is Medium.DIGITAL and step.evidenced:
            del found["presence"]
        if step.conversion == "print" or (step.output and step.medium is Medium.PAPER):
            found.setdefault("post", f"Der Schritt druckt oder gibt auf Papier aus ({ACT_DE['post']})")
    if "handover" in found:  # being there to collect a document is the handover, not an appearance of its own
        found.pop("presence", None)
    return tuple(ActHit(act, found[act]) for act in ACT_DE if act in found)
