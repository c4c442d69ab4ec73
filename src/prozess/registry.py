"""Every built-in rule in one table: id, title, severity, summary, documentation page and kind.

Model checks, media-break patterns, media hints, loading, internal errors and suppressions all
take their metadata from here; documentation links, SARIF rule metadata, ``prozess rules show``
and the kind of a finding (``Finding.kind``) read it. Legal rules come from the YAML rule base and
are added per run (``catalog.py``). A new built-in rule gets a line here, a page (the ``doc`` path,
with What / Why / Example / Fix) and a valid and an invalid fixture under ``tests/rules/<id>/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Documentation of a rule (built-in, or a legal rule of the rule base)."""

    id: str
    title: str  # German, short
    severity: Severity
    summary: str  # German: what it detects, one sentence
    doc: str  # path of the documentation page below docs/, e.g. "regeln/modell.md#model-unreachable"
    kind: str = "legal"  # model | media_break | media_hint | load | internal | suppression | legal


_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO


def _model(slug: str, title: str, severity: Severity, summary: str) -> RuleInfo:
    return RuleInfo(f"model/{slug}", title, severity, summary, f"regeln/modell.md#model-{slug}", "model")


def _media(slug: str, title: str, summary: str) -> RuleInfo:
    return RuleInfo(f"media/{slug}", title, _W, summary, f"medienbrueche/{slug}.md", "media_break")


BUILTIN: tuple[RuleInfo, ...] = (
    _model("duplicate-id", "Doppelte ID", _E,
           "Zwei Elemente der Datei tragen dieselbe ID; Verweise darauf sind mehrdeutig."),
    _model("dangling-reference", "Verweis ins Leere", _E,
           "Ein Fluss, ein Randereignis oder eine Lane verweist auf ein Element, das es nicht gibt."),
    _model("unnamed-activity", "Aktivität ohne Namen", _W,
           "Eine Aktivität hat keinen Namen; über ihr Medium und ihre Rechtslage lässt sich nichts sagen."),
    _model("unreachable", "Unerreichbarer Schritt", _W,
           "Ein Schritt ist von keinem Start des Prozesses aus erreichbar."),
    _model("no-start", "Prozess ohne Start", _W,
           "Der Prozess hat weder ein Startereignis noch einen Schritt ohne eingehenden Fluss."),
    _media("in-person", "Persönliches Erscheinen",
           "Der Vorgang verlangt, dass jemand persönlich in der Behörde erscheint."),
    _media("scan", "Einscannen", "Papierunterlagen werden eingescannt, um digital weiterzuarbeiten."),
    _media("re-keying", "Abtippen",
           "Angaben aus Papier oder einer Vorsprache werden von Hand in ein IT-System übertragen."),
    _media("paper-intake", "Eingang auf Papier",
           "Unterlagen gehen auf Papier ein, während der Vorgang digital bearbeitet wird."),
    _media("paper-output", "Ausgang auf Papier",
           "Ein Ergebnis, meist der Bescheid, verlässt die Behörde auf Papier oder per Post."),
    _media("print-after-digital-intake", "Ausdruck nach digitalem Eingang",
           "Digital vorliegende Unterlagen werden ausgedruckt und auf Papier weiterbearbeitet."),
    RuleInfo("media/unknown-medium", "Medium unbekannt", _I,
             "Für einen Schritt ist nicht erkennbar, ob er digital, auf Papier oder vor Ort stattfindet.",
             "medienbrueche/unknown-medium.md", "media_hint"),
    RuleInfo("media/invalid-annotation", "Ungültige Medium-Angabe", _W,
             "Eine Angabe „Medium: …“ oder eine Eigenschaft medium hat einen Wert, den prozess nicht kennt.",
             "medienbrueche/invalid-annotation.md", "media_hint"),
    RuleInfo("load/recovered", "Fehlertolerant gelesen", _W,
             "Die Datei ist kein wohlgeformtes XML und wurde fehlertolerant gelesen.",
             "regeln/laden.md#load-recovered", "load"),
    RuleInfo("internal/error", "Interner Fehler", _E,
             "prozess ist bei der Analyse eines Prozesses an einem eigenen Fehler gescheitert; die anderen "
             "Ergebnisse stehen.", "regeln/laden.md#internal-error", "internal"),
    RuleInfo("suppression/missing-reason", "Unterdrückung ohne Begründung", _W,
             "Eine Zeile „prozess: ignore …“ nennt keinen Grund und wird deshalb nicht angewandt.",
             "ci.md#suppression-missing-reason", "suppression"),
    RuleInfo("suppression/unknown-rule", "Unterdrückung einer unbekannten Regel", _W,
             "Eine Zeile „prozess: ignore …“ nennt eine Regel, die es nicht gibt.",
             "ci.md#suppression-unknown-rule", "suppression"),
    RuleInfo("suppression/malformed", "Unlesbare Unterdrückung", _W,
             "Eine Zeile beginnt mit „prozess: ignore“, lässt sich aber nicht lesen und wirkt nicht.",
             "ci.md#suppression-malformed", "suppression"),
    RuleInfo("suppression/unused", "Unterdrückung ohne Wirkung", _I,
             "Eine Zeile „prozess: ignore …“ unterdrückt keinen Befund (mehr) und kann entfernt werden.",
             "ci.md#suppression-unused", "suppression"),
)
BY_ID: dict[str, RuleInfo] = {info.id: info for info in BUILTIN}


def info(rule_id: str) -> RuleInfo:
    return BY_ID[rule_id]


def of_kind(*kinds: str) -> dict[str, RuleInfo]:
    return {i.id: i for i in BUILTIN if i.kind in kinds}


def kind_of(rule_id: str) -> str:
    """The kind of a finding's rule: from the table, else ``legal`` for the rule base's ``legal/…`` ids."""
    found = BY_ID.get(rule_id)
    if found is not None:
        return found.kind
    return "legal" if rule_id.startswith("legal/") else "model"
