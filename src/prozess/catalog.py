"""Every built-in rule in one place, for documentation and report formats."""

from __future__ import annotations

from .media.breaks import RULES as MEDIA_RULES
from .findings import RuleInfo, Severity
from .bpmn.checks import RULES as MODEL_RULES
from .legal.rules import Rule
from .legal.verdict import strongest

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
    severity = strongest(rule)  # the severity policy lives in verdict.py
    summary = f"{rule.title} ({rule.norm.citation})"
    return RuleInfo(f"legal/{rule.id}", rule.title, severity, summary, f"regelwerk/referenz.md#{rule.id.lower()}")
