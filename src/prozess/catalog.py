"""Every built-in rule in one place, for documentation and report formats."""

from __future__ import annotations

from .breaks import RULES as MEDIA_RULES
from .findings import RuleInfo, Severity
from .quality import RULES as MODEL_RULES
from .rules import Rule

LOAD_RECOVERED = RuleInfo(
    "load/recovered", "Fehlertolerant gelesen", Severity.WARNING,
    "Die Datei ist kein wohlgeformtes XML und wurde fehlertolerant gelesen.",
    "regeln/laden.md#load-recovered",
)


INTERNAL = RuleInfo(
    "internal/error", "Interner Fehler", Severity.ERROR,
    "prozess ist bei der Analyse eines Prozesses an einem eigenen Fehler gescheitert; die anderen Ergebnisse stehen.",
    "regeln/laden.md#internal-error",
)


def builtin_rules() -> dict[str, RuleInfo]:
    return {**MODEL_RULES, **MEDIA_RULES, LOAD_RECOVERED.id: LOAD_RECOVERED, INTERNAL.id: INTERNAL}


def legal_rule_info(rule: Rule) -> RuleInfo:
    """How a legal rule appears in rule catalogues (SARIF, docs): its strongest possible severity."""
    if rule.severity is not None:
        severity = Severity.parse(rule.severity)
    elif rule.inherent or rule.blocking == "none" and rule.requirement != "electronic_required":
        severity = Severity.INFO
    elif rule.blocking == "hard" or rule.requirement == "electronic_required":
        severity = Severity.ERROR
    else:
        severity = Severity.WARNING
    summary = f"{rule.title} ({rule.norm.citation})"
    return RuleInfo(f"legal/{rule.id}", rule.title, severity, summary, f"regelwerk/referenz.md#{rule.id.lower()}")
