"""Every built-in rule in one place, for documentation and report formats."""

from __future__ import annotations

from .breaks import RULES as MEDIA_RULES
from .findings import RuleInfo, Severity
from .quality import RULES as MODEL_RULES

LOAD_RECOVERED = RuleInfo(
    "load/recovered", "Fehlertolerant gelesen", Severity.WARNING,
    "Die Datei ist kein wohlgeformtes XML und wurde fehlertolerant gelesen.",
    "regeln/laden.md#load-recovered",
)


def builtin_rules() -> dict[str, RuleInfo]:
    return {**MODEL_RULES, **MEDIA_RULES, LOAD_RECOVERED.id: LOAD_RECOVERED}
