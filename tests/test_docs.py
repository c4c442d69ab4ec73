"""Every built-in rule has a page a user can read: what, why, an example, how to fix."""

from __future__ import annotations

import re

from conftest import ROOT
from prozess.catalog import builtin_rules
from prozess.suppress import RULES as SUPPRESSION_RULES

SECTIONS = ("**Was:**", "**Warum:**", "**Beispiel:**", "**Behebung:**")


def section(page: str, anchor: str | None) -> str:
    if anchor is None:
        return page
    match = re.search(rf"^#{{2,3}} {re.escape(anchor)}\n(.*?)(?=^#{{1,3}} |\Z)", page, re.S | re.M)
    assert match, f"no section {anchor}"
    return match.group(1)


def test_every_builtin_rule_has_a_page_with_four_sections():
    for rule in [*builtin_rules().values(), *SUPPRESSION_RULES.values()]:
        path, _, anchor = rule.doc.partition("#")
        page = (ROOT / "docs" / path).read_text(encoding="utf-8")
        text = section(page, anchor or None)
        for heading in SECTIONS:
            assert heading in text, f"{rule.id}: {heading} missing in docs/{rule.doc}"
        if not anchor:
            assert rule.id in page.splitlines()[0], f"{rule.id}: page title should name the rule"


def test_every_media_pattern_is_listed_on_the_overview():
    overview = (ROOT / "docs" / "medienbrueche" / "index.md").read_text(encoding="utf-8")
    for rule_id in builtin_rules():
        if rule_id.startswith("media/"):
            assert f"`{rule_id}`" in overview
