"""The rules of one run: the built-in ones (registry.py) and the legal rules of the rule base."""

from __future__ import annotations

from .findings import RuleInfo
from .legal.reference import anchor
from .legal.rules import Rule
from .legal.verdict import strongest
from .registry import of_kind


def builtin_rules() -> dict[str, RuleInfo]:
    """Every built-in rule (registry.py): model checks, media patterns and hints, loading, internal errors."""
    return of_kind("model", "media_break", "media_hint", "load", "internal")


def legal_rule_info(rule: Rule) -> RuleInfo:
    """How a legal rule appears in rule catalogues (SARIF, docs): its strongest possible severity."""
    severity = strongest(rule)  # the severity policy lives in verdict.py
    summary = f"{rule.title} ({rule.norm.citation})"
    return RuleInfo(f"legal/{rule.id}", rule.title, severity, summary, f"regelwerk/referenz.md#{anchor(rule.id)}",
                    "legal")
