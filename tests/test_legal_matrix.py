"""Procedure × act: realistic wordings of each rule's act inside its procedure (it fires, with the
right verdict) and the same or similar wordings inside procedures governed by another law (it does
not fire, or the rule of the right law fires instead).

The wordings are written the way municipal staff name steps, not copied from the rules' keywords.
"""

from __future__ import annotations

import pytest

from bpmn_builder import chain
from prozess.bpmn.loader import load_bytes
from prozess.check import Options, analyse

# (process name, step name, rule that must fire at the step, its verdict)
FIRES = [
    ("Personalausweis beantragen", "Antragsteller erscheint persönlich im Bürgerbüro", "LB-BUND-PAUSWG-9-ANTRAG", "hard"),
    ("Personalausweis beantragen", "Fingerabdrücke scannen", "LB-BUND-PAUSWG-9-ANTRAG", "hard"),
    ("Vorläufiger Personalausweis", "Unterschrift auf dem Unterschriftenpad erfassen", "LB-BUND-PAUSWG-9-ANTRAG", "hard"),
    ("Kinderreisepass beantragen", "Eltern sprechen mit dem Kind im Bürgeramt vor", "LB-BUND-PASSG-6-ANTRAG", "hard"),
    ("Reisepass beantragen", "Mitgebrachtes Passfoto einscannen", "LB-BUND-PAUSWG-9-LICHTBILD", "unlawful_paper"),
    ("Aufenthaltserlaubnis verlängern", "Passbild auf Papier mitbringen", "LB-BUND-PAUSWG-9-LICHTBILD", "unlawful_paper"),
    ("Aufenthaltserlaubnis verlängern", "Fingerabdrücke abnehmen", "LB-BUND-AUFENTHG-78-EAT-BIOMETRIE", "hard"),
    ("Personalausweis beantragen", "Neuen Ausweis am Schalter aushändigen", "LB-BUND-PAUSWV-18-ABHOLUNG", "conditional"),
    ("Vaterschaftsanerkennung", "Anerkennungserklärung zur Niederschrift aufnehmen", "LB-BUND-BGB-1597-VATERSCHAFT", "hard"),
    ("Vaterschaftsanerkennung", "Vater erscheint mit Ausweis beim Standesamt", "LB-BUND-BGB-1597-VATERSCHAFT", "hard"),
    ("Sorgeerklärung", "Erklärungen beider Eltern beurkunden", "LB-BUND-BGB-1626D-SORGEERKLAERUNG", "hard"),
    ("Namenserklärung nach Scheidung", "Erklärung zur Rückkehr zum Geburtsnamen beglaubigen",
     "LB-BUND-BGB-1355-NAMENSERKLAERUNG", "hard"),
    ("Anmeldung der Eheschließung", "Verlobte sprechen gemeinsam im Standesamt vor", "LB-BUND-PSTV-28-EHEANMELDUNG",
     "conditional"),
    ("Eheschließung", "Standesbeamtin führt die Trauung durch", "LB-BUND-BGB-1311-TRAUUNG", "inherent"),
    ("Einbürgerung", "Einbürgerungsurkunde feierlich aushändigen", "LB-BUND-STAG-16-EINBUERGERUNGSURKUNDE", "inherent"),
    ("Unterschriftsbeglaubigung", "Unterschrift vor der Sachbearbeiterin leisten", "LB-BUND-VWVFG-34-UNTERSCHRIFTSBEGLAUBIGUNG",
     "hard"),
    ("Beglaubigung von Kopien", "Bürgerin legt das Zeugnis im Original vor", "LB-BUND-VWVFG-33-ABSCHRIFTSBEGLAUBIGUNG",
     "conditional"),
    ("Jugendamtsurkunde", "Unterhaltsverpflichtung des Vaters beurkunden", "LB-BUND-SGB8-59-JUGENDAMTSURKUNDE", "hard"),
    ("Kfz-Zulassung", "Halter legt die Zulassungsbescheinigung Teil II im Original vor", "LB-BUND-FZV-6-ZULASSUNG",
     "conditional"),
    ("Führerschein umtauschen", "Neuen Führerschein aushändigen, alten einziehen", "LB-BUND-FEV-25-AUSHAENDIGUNG",
     "conditional"),
    ("Fahrerlaubnis beantragen", "Antragsteller erscheint persönlich in der Führerscheinstelle",
     "LB-BUND-FEV-21-FAHRERLAUBNIS", "conditional"),
    ("Wohnsitz anmelden", "Meldepflichtige Person erscheint im Bürgerbüro", "LB-BUND-BMG-23-ANMELDUNG", "quick_win"),
    ("Führungszeugnis beantragen", "Antragstellerin spricht im Bürgerbüro vor", "LB-BUND-BZRG-30-FUEHRUNGSZEUGNIS",
     "quick_win"),
    ("Gewerbeanmeldung", "Formular GewA 1 unterschreiben lassen", "LB-BUND-GEWO-14-GEWERBEANZEIGE", "quick_win"),
    ("Wohngeld beantragen", "Bescheid per Post versenden", "LB-BUND-SGBX-37-BEKANNTGABE", "conditional"),
    ("Elterngeld beantragen", "Bewilligungsbescheid ausdrucken", "LB-BUND-SGBX-37-BEKANNTGABE", "conditional"),
    ("Grundsteuer festsetzen", "Grundsteuerbescheid drucken und per Post versenden", "LB-BUND-AO-122A-STEUERBESCHEID",
     "conditional"),
    ("Hundesteuer", "Steuerbescheid per Post versenden", "LB-BUND-AO-122A-STEUERBESCHEID", "conditional"),
    ("Sondernutzungserlaubnis", "Bescheid drucken und per Post versenden", "LB-BUND-BESCHEID-SCHRIFTLICH", "quick_win"),
    ("Baugenehmigung", "Baugenehmigung mit Postzustellungsurkunde zustellen", "LB-BUND-VWZG-5-ZUSTELLUNG", "conditional"),
    ("Kinderzuschlag beantragen", "Antrag ausdrucken und unterschreiben lassen", "LB-BUND-SGBI-36A-SCHRIFTFORM",
     "quick_win"),
    ("Elterngeld beantragen", "Unterschrift des zweiten Elternteils einholen", "LB-BUND-BEEG-7-SCHRIFTFORM", "quick_win"),
    ("Vertragserfüllungsbürgschaft", "Bürgschaftserklärung im Original entgegennehmen", "LB-BUND-BGB-766-BUERGSCHAFT",
     "hard"),
    ("Schwerbehindertenausweis beantragen", "Passbild beibringen", "LB-BUND-SGB9-152-SCHWERBEHINDERTENAUSWEIS", "no_form"),
    ("Waffenerwerb anzeigen", "Anzeige ausdrucken und unterschreiben", "LB-BUND-WAFFG-37A-ANZEIGE", "quick_win"),
    ("Urkunde Standesamt", "Geburtsurkunde drucken und per Post versenden", "LB-BUND-PSTG-55-PERSONENSTANDSURKUNDE",
     "quick_win"),
    ("Geburt beurkunden", "Eltern legen die Eheurkunde vor", "LB-BUND-PSTV-33-GEBURT-NACHWEISE", "conditional"),
]

# (process name, step name, rule that must NOT fire anywhere in the model)
SILENT = [
    ("Führerschein beantragen", "Passbild mitbringen", "LB-BUND-PAUSWG-9-LICHTBILD"),
    ("Schwerbehindertenausweis beantragen", "Passbild vorlegen", "LB-BUND-PAUSWG-9-LICHTBILD"),
    ("Kindergeld beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Kindergeld beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-SGBI-36A-SCHRIFTFORM"),
    ("Kita-Platz beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Schwerbehindertenausweis beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Aufenthaltserlaubnis verlängern", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Fahrzeug zulassen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Fahrerlaubnis beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Bürgergeld beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-SGBI-36A-SCHRIFTFORM"),
    ("Wohngeld beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-SGBI-36A-SCHRIFTFORM"),
    ("Personalausweis beantragen", "Vorsprache im Bürgerbüro mit Ausweis", "LB-BUND-BMG-23-ANMELDUNG"),
    ("Personalausweis beantragen", "Antrag ausdrucken und unterschreiben", "LB-BUND-VWVFG-3A-SCHRIFTFORM"),
    ("Namensänderung nach Scheidung", "Namensänderung beantragen", "LB-BUND-NAMAENDG-5-ANTRAG"),
    ("Vertragserfüllungsbürgschaft", "Bürgschaft unterschreiben", "LB-BUND-BGB-126-SCHRIFTFORM"),
    ("Wohngeld beantragen", "Bescheid per Post versenden", "LB-BUND-BESCHEID-SCHRIFTLICH"),
    ("Hundesteuer", "Steuerbescheid per Post versenden", "LB-BUND-BESCHEID-SCHRIFTLICH"),
    ("Grundsteuer festsetzen", "Bescheid per Post versenden", "LB-BUND-BESCHEID-SCHRIFTLICH"),
    ("Sondernutzungserlaubnis", "Bescheid per Post versenden", "LB-BUND-SGBX-37-BEKANNTGABE"),
    ("Urkunde Standesamt", "Aushändigung gegen Ausweis (Schalter)", "LB-BUND-PAUSWV-18-ABHOLUNG"),
    ("Führerschein umtauschen", "Antragsteller erscheint persönlich", "LB-BUND-PAUSWG-9-ANTRAG"),
    ("Eheschließung", "Verlobte sprechen im Standesamt vor", "LB-BUND-PAUSWG-9-ANTRAG"),
    ("Einbürgerung", "Antragsteller spricht zur Erfassung der Biometrie vor", "LB-BUND-AUFENTHG-78-EAT-BIOMETRIE"),
    ("Kita-Platz beantragen", "Vater erscheint zur Beurkundung im Jugendamt", "LB-BUND-SGB8-59-JUGENDAMTSURKUNDE"),
    ("Gewerbeanmeldung", "Unterschrift in Gegenwart der Sachbearbeiterin leisten",
     "LB-BUND-VWVFG-34-UNTERSCHRIFTSBEGLAUBIGUNG"),
    ("Elterngeld beantragen", "Eltern legen die Eheurkunde vor", "LB-BUND-PSTV-33-GEBURT-NACHWEISE"),
    ("Personalausweis beantragen", "Online-Termin buchen", "LB-BUND-PAUSWG-9-ANTRAG"),
]


def _legal(process: str, step: str, jurisdiction: str | None = None):
    result = load_bytes(chain(step, name=process), "modell.bpmn")
    _, findings = analyse(result, Options(jurisdiction=jurisdiction))
    return [f for f in findings if f.kind == "legal"]


@pytest.mark.parametrize(("process", "step", "rule", "verdict"), FIRES, ids=[f"{p}: {s}" for p, s, _, _ in FIRES])
def test_rule_fires_on_its_act_inside_its_procedure(process, step, rule, verdict):
    found = {f.rule.removeprefix("legal/"): f for f in _legal(process, step) if f.element == "N1"}
    assert rule in found, f"{rule} missing; found {sorted(found)}"
    assert found[rule].data["verdict"] == verdict


@pytest.mark.parametrize(("process", "step", "rule"), SILENT, ids=[f"{p}: {s} ≠ {r}" for p, s, r in SILENT])
def test_rule_stays_silent_in_a_procedure_of_another_law(process, step, rule):
    assert f"legal/{rule}" not in {f.rule for f in _legal(process, step) if f.element == "N1"}


def test_land_procedure_needs_its_land():
    step = "Austrittserklärung zur Niederschrift aufnehmen"
    assert "legal/LB-NI-KIAUSTRG-2-KIRCHENAUSTRITT" not in {f.rule for f in _legal("Kirchenaustritt", step)}
    found = {f.rule: f for f in _legal("Kirchenaustritt", step, "DE-NI") if f.element == "N1"}
    assert found["legal/LB-NI-KIAUSTRG-2-KIRCHENAUSTRITT"].data["verdict"] == "hard"


def test_no_finding_in_a_foreign_procedure_offers_a_substitute_of_another_law():
    """Across the matrix: every finding cites a rule whose procedural law is the procedure's own."""
    from prozess.check import default_rulebase

    base = default_rulebase()
    for process, step, *_ in FIRES + SILENT:
        result = load_bytes(chain(step, name=process), "modell.bpmn")
        report, findings = analyse(result, Options())
        law = report.procedures[0].identity.procedural_law
        if law is None:
            continue  # not identified: keywords and context decide
        for finding in findings:
            if finding.kind != "legal" or finding.data["matched_by"] in ("named", "cited"):
                continue
            rule = base.by_id(finding.rule.removeprefix("legal/")).rule
            assert not rule.procedural_law or law in rule.procedural_law, (process, step, finding.rule)
