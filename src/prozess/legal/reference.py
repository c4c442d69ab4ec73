"""Rule reference pages, generated from the rule base so they cannot drift from it."""

from __future__ import annotations

from .rules import (
    ACT_DE,
    BLOCKING_DE,
    FORM_DE,
    PROCEDURAL_LAW_DE,
    REQUIREMENT_DE,
    LoadedProcedure,
    LoadedRule,
    RuleBase,
)
from .ruletest import as_step

_JURISDICTIONS = {"DE": "Bund", "EU": "Europäische Union", "DE-NI": "Niedersachsen", "DE-HE": "Hessen"}


def jurisdiction_label(code: str) -> str:
    land = code.split(":", 1)[0]
    label = _JURISDICTIONS.get(land, land)
    return f"{label} (Satzung {code.split(':', 1)[1]})" if ":" in code else label


def anchor(rule_id: str) -> str:
    return rule_id.lower()


def _example(example) -> str:
    step = as_step(example)
    extras = [f"{k}: {v}" for k, v in (("Prozess", step.process), ("Typ", step.type if step.type != "task" else None),
                                        ("Lane", step.lane), ("Dokumentation", step.documentation or None)) if v]
    return f"„{step.name}“" + (f" ({'; '.join(extras)})" if extras else "")


def rule_section(loaded: LoadedRule) -> str:
    rule = loaded.rule
    norm = rule.norm
    cited = f"[{norm.citation}]({norm.url})" if norm.url else norm.citation
    lines = [
        f"### {rule.id}",
        "",
        f"**{rule.title}**",
        "",
        f"**Was:** {REQUIREMENT_DE[rule.requirement]} – {BLOCKING_DE[rule.blocking]}."
        + (" Konstitutiver Präsenzakt: wird gemeldet, begrenzt die Reife nicht." if rule.inherent else ""),
        "",
        f"**Warum:** {cited} ({jurisdiction_label(norm.jurisdiction)}), gilt ab {rule.valid_from.isoformat()}"
        + (f" bis {rule.valid_until.isoformat()}" if rule.valid_until else "")
        + f". Verlässlichkeit: {rule.confidence}."
        + (f" {rule.note}" if rule.note else ""),
        "",
    ]
    if rule.unverified:
        lines += ["Noch nicht geprüft:", ""] + [f"- {item}" for item in rule.unverified] + [""]
    lines += ["**Beispiel:**", "", "| trifft zu | trifft nicht zu |", "|---|---|"]
    must, must_not = rule.examples.must_match, rule.examples.must_not_match
    for i in range(max(len(must), len(must_not))):
        left = _example(must[i]) if i < len(must) else ""
        right = _example(must_not[i]) if i < len(must_not) else ""
        lines.append(f"| {left} | {right} |")
    lines += ["", f"**Behebung:** {rule.remedy}", ""]
    if rule.digital_substitutes:
        lines += ["Digitaler Ersatz im Recht:", ""]
        for sub in rule.digital_substitutes:
            extra = f" – {sub.conditions}" if sub.conditions else ""
            level = f" (Vertrauensniveau {sub.assurance})" if sub.assurance else ""
            lines.append(f"- {sub.display}: {sub.basis}{level}{extra}")
        lines.append("")
    if rule.exceptions:
        lines += ["Ausnahmen:", ""] + [f"- {item}" for item in rule.exceptions] + [""]
    match = rule.match
    scope = []
    if match.procedures:
        scope.append("Verfahren " + ", ".join(f"[{p}](#{anchor(p)})" for p in match.procedures)
                     + (f" an den Handlungen {', '.join(ACT_DE[a] for a in match.acts)}" if match.acts else ""))
    if rule.procedural_law:
        scope.append("nur nach " + " oder ".join(PROCEDURAL_LAW_DE[law] for law in rule.procedural_law))
    if rule.general:
        scope.append("allgemeine Ersatzregel (entfällt, wo das Fachrecht sie ausschließt)")
    if rule.requires_written_form:
        scope.append("„lösbar“ nur, wo der Antrag Schriftform hat; sonst „Formerfordernis prüfen“")
    if rule.excludes_general:
        scope.append("schließt die allgemeinen Ersatzregeln im ganzen Prozess aus")
    if scope:
        lines += ["Geltung: " + "; ".join(scope) + ".", ""]
    lines += [
        f"Erkennung: Schlüsselwörter {', '.join(f'„{k}“' for k in match.keywords) or '–'}"
        + (f"; nicht bei {', '.join(f'„{k}“' for k in match.negative_keywords)}" if match.negative_keywords else "")
        + (f"; nur im Kontext {', '.join(f'„{k}“' for k in match.process_context)}" if match.process_context else "")
        + ".",
        "",
        f"Quellen: {', '.join(rule.sources)}. Regeldatei: `{loaded.file}`.",
        "",
    ]
    return "\n".join(lines)


def procedure_section(loaded: LoadedProcedure, base: RuleBase) -> str:
    p = loaded.procedure
    rules = [r.rule.id for r in base.rules if p.id in r.rule.match.procedures]
    lines = [
        f"### {p.id}",
        "",
        f"**{p.name}** ({jurisdiction_label(p.jurisdiction)}). Erkannt an: {', '.join(f'„{n}“' for n in p.names)}"
        + (f"; nicht bei {', '.join(f'„{n}“' for n in p.not_names)}" if p.not_names else "")
        + (f"; Leistungsschlüssel {', '.join(p.service_keys)}" if p.service_keys else "") + ".",
        "",
        f"Verfahrensrecht: {PROCEDURAL_LAW_DE[p.procedural_law]} – {p.procedural_law_basis}. "
        f"Form des Antrags: {FORM_DE[p.application_form]}"
        + (f" ({p.application_form_basis})" if p.application_form_basis else "") + "."
        + (f" Die allgemeinen Ersatzregeln sind ausgeschlossen: {p.excludes_general}." if p.excludes_general else ""),
        "",
    ]
    if p.requires:
        lines += ["Muss im Modell vorkommen: " + ", ".join(f"[{r}](#{anchor(r)})" for r in p.requires) + ".", ""]
    if rules:
        lines += ["Regeln des Verfahrens: " + ", ".join(f"[{r}](#{anchor(r)})" for r in rules) + ".", ""]
    lines += [f"Verlässlichkeit: {p.confidence}." + (f" {p.note}" if p.note else ""), ""]
    if p.unverified:
        lines += ["Noch nicht geprüft:", ""] + [f"- {item}" for item in p.unverified] + [""]
    lines += [
        f"Beispiele: erkannt in {', '.join(f'„{n}“' for n in p.examples.must_match)}; "
        f"nicht in {', '.join(f'„{n}“' for n in p.examples.must_not_match)}. "
        f"Quellen: {', '.join(p.sources)}. Datei: `{loaded.file}`.",
        "",
    ]
    return "\n".join(lines)


def reference_page(base: RuleBase) -> str:
    groups: dict[str, list[LoadedRule]] = {}
    for loaded in base.rules:
        groups.setdefault(jurisdiction_label(loaded.rule.jurisdiction), []).append(loaded)
    out = [
        "# Regelwerk: Referenz",
        "",
        "Diese Seite wird aus `legal_rules/` erzeugt (`prozess rules docs`); bitte nicht von Hand ändern.",
        f"Stand: {len(base.rules)} Regeln, {len(base.procedures)} Verfahren.",
        "",
        "| Regel | Titel | Anforderung | Einordnung | Norm |",
        "|---|---|---|---|---|",
    ]
    for loaded in base.rules:
        rule = loaded.rule
        out.append(
            f"| [{rule.id}](#{anchor(rule.id)}) | {rule.title} | {REQUIREMENT_DE[rule.requirement]} | "
            f"{rule.blocking} | {rule.norm.citation} |"
        )
    out.append("")
    for label in sorted(groups, key=lambda g: (g != "Bund", g)):
        out += [f"## {label}", ""]
        for loaded in groups[label]:
            out.append(rule_section(loaded))
    if base.procedures:
        out += [
            "## Verfahrenskatalog", "",
            f"{len(base.procedures)} Verfahren: woran `prozess` sie erkennt, welches Verfahrensrecht gilt und welche "
            "Form ihr Antrag hat (siehe [Verfahren und Handlungen](index.md#verfahren-und-handlungen)).", "",
            "| Verfahren | Name | Verfahrensrecht | Form des Antrags |", "|---|---|---|---|",
        ]
        out += [f"| [{p.procedure.id}](#{anchor(p.procedure.id)}) | {p.procedure.name} | "
                f"{p.procedure.procedural_law} | {FORM_DE[p.procedure.application_form]} |" for p in base.procedures]
        out.append("")
        out += [procedure_section(p, base) for p in base.procedures]
    return "\n".join(out).rstrip() + "\n"
