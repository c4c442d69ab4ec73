"""Procedure identity (identity.py), act types (acts.py), absences and the form of the application."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file
from prozess.bpmn.model import Node
from prozess.check import Options, analyse
from prozess.cli import app
from prozess.legal.acts import acts_of


def _with_process_doc(data: bytes, doc: str) -> bytes:
    return data.replace(b'<bpmn:startEvent id="S0" />',
                        f"<bpmn:documentation>{doc}</bpmn:documentation><bpmn:startEvent id=\"S0\" />".encode())


def _analysed(data: bytes, path: str = "modell.bpmn", **options):
    report, findings = analyse(load_bytes(data, path), Options(**options))
    return report, findings


def _identity(data: bytes, path: str = "modell.bpmn"):
    report, _ = _analysed(data, path)
    return report.procedures[0].identity


# ------------------------------------------------------------------------------------------ identity


def test_identified_by_name_with_the_law_and_the_form():
    identity = _identity(chain("Antrag prüfen", name="Wohngeld beantragen"))
    assert identity.ids == {"WOHNGELD"} and identity.how == "name"
    assert identity.procedural_law == "sgb" and identity.application_form == "formless"
    assert identity.describe().startswith("Verfahren: Wohngeld (Name: „Wohngeld“); Verfahrensrecht: SGB X")


def test_the_most_specific_name_wins_and_equal_ones_are_kept():
    assert _identity(chain("Antrag prüfen", name="Schwerbehindertenausweis beantragen")).ids == {"SCHWERBEHINDERUNG"}
    both = _identity(chain("Antrag prüfen", name="Personalausweis und Reisepass beantragen"))
    assert both.ids == {"PERSONALAUSWEIS", "REISEPASS"}
    assert both.excludes_general  # both exclude § 3a VwVfG


def test_explicit_statement_and_service_key_come_first():
    data = _with_process_doc(chain("Antrag prüfen", name="Wohngeld beantragen"), "Verfahren: KINDERGELD")
    explicit = _identity(data)
    assert explicit.ids == {"KINDERGELD"} and explicit.how == "explicit"
    keyed = _identity(_with_process_doc(chain("Antrag prüfen", name="Leistung X"), "Leistungsschlüssel: 99107108017000"))
    assert keyed.ids == {"BUERGERGELD"} and keyed.how == "service_key" and keyed.evidence == "99107108017000"


def test_documentation_and_file_name_are_fallbacks():
    documented = _identity(_with_process_doc(chain("Antrag prüfen", name="Vorgang 12"), "Antrag auf Unterhaltsvorschuss"))
    assert documented.ids == {"UNTERHALTSVORSCHUSS"} and documented.how == "documentation"
    by_file = _identity(chain("Antrag prüfen", name="Vorgang 12"), "processes/kita-beitrag-signavio.bpmn")
    assert by_file.ids == {"KITA"} and by_file.how == "file"


def test_unidentified_says_so_in_the_report():
    report, _ = _analysed(chain("Rechnung prüfen", name="Rechnungsfreigabe"))
    data = report.procedures[0].to_dict()["identity"]
    assert data["identified"] is False and data["ids"] == [] and data["evidence"]
    assert "nicht erkannt" in report.procedures[0].identity.describe()


def test_a_third_party_pool_does_not_name_the_procedure():
    report, _ = analyse(load_file(FIXTURES / "legal" / "third_party_pool.bpmn"), Options())
    identity = report.procedures[0].identity
    assert identity.ids == {"GASTSTAETTE"} and "FUEHRUNGSZEUGNIS" in identity.mentioned


def test_a_procedure_of_several_pools_has_one_identity():
    report, findings = analyse(load_file(FIXTURES / "legal" / "ausweis_two_pools.bpmn"), Options())
    assert len(report.procedures) == 1 and report.procedures[0].identity.ids == {"PERSONALAUSWEIS"}
    hard = [f for f in findings if f.rule == "legal/LB-BUND-PAUSWG-9-ANTRAG"]
    # the appearance drawn in the applicant's pool is found, so nothing is reported missing
    assert [f.data["verdict"] for f in hard] == ["hard"] and hard[0].element == "Appear"


def test_identity_in_the_json_report(tmp_path):
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["check", str(FIXTURES / "legal" / "ausweis_two_pools.bpmn"), "-f", "json",
                                      "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    identity = report["files"][0]["procedures"][0]["identity"]
    assert identity["ids"] == ["PERSONALAUSWEIS"] and identity["excludes_general"] == "§ 9 Abs. 1 S. 2 PAuswG"
    legal = [f for f in report["findings"] if f["kind"] == "legal"]
    assert all(f["procedure"] == ["PERSONALAUSWEIS"] and f["procedural_law"] == "vwvfg" for f in legal)


# ---------------------------------------------------------------------------------------------- acts


def _acts(name: str) -> set[str]:
    return {a.act for a in acts_of(Node(id="N", type="task", name=name, line=None), None)}


def test_acts_from_realistic_wordings():
    assert "presence" in _acts("Antragsteller erscheint persönlich im Bürgerbüro")
    assert "presence" in _acts("Antragstellerin spricht mit den Unterlagen vor")
    assert "biometrics" in _acts("Fingerabdrücke scannen")
    assert "certification" in _acts("Erklärung zur Niederschrift aufnehmen")
    assert "handover" in _acts("Personalausweis aushändigen")
    assert "original" in _acts("Eltern legen die Eheurkunde vor")
    assert "photo" in _acts("Passfoto einscannen")
    assert "service" in _acts("Bescheid mit PZU versenden")  # the abbreviation is read as Postzustellungsurkunde


def test_acts_are_not_found_where_the_step_denies_or_only_names_a_document():
    assert "presence" not in _acts("Antrag ohne persönliches Erscheinen bearbeiten")
    assert "certification" not in _acts("Beglaubigte Abschriften per Post versenden")
    assert "photo" not in _acts("Fotokopie anfertigen")
    assert "presence" not in _acts("Ausweis persönlich abholen")  # collecting is the handover


# -------------------------------------------------------------------------------------- absences, form


def test_a_required_act_that_is_not_drawn_is_reported_at_the_process():
    data = chain(("userTask", "Online-Antrag mit Online-Ausweis ausfüllen"), ("serviceTask", "Antrag im Fachverfahren prüfen"),
                 name="Personalausweis beantragen")
    report, findings = _analysed(data)
    missing = [f for f in findings if f.rule == "legal/LB-BUND-PAUSWG-9-ANTRAG"]
    assert len(missing) == 1 and missing[0].element == "P" and missing[0].severity.label == "error"
    assert missing[0].data["verdict"] == "not_modelled" and missing[0].data["matched_by"] == "absent"
    assert missing[0].message.startswith("Nicht modelliert: Personalausweis")
    assert "§ 9 Abs. 1 S. 2, 4, 6, Abs. 3 PAuswG" in missing[0].message
    assert report.processes[0].readiness.legally_blocked


def test_an_inherent_act_that_is_not_drawn_is_only_an_info():
    data = chain("Verlobte sprechen im Standesamt vor", "Niederschrift aufnehmen", name="Eheschließung")
    _, findings = _analysed(data)
    trauung = [f for f in findings if f.rule == "legal/LB-BUND-BGB-1311-TRAUUNG"]
    assert [(f.severity.label, f.data["verdict"]) for f in trauung] == [("info", "not_modelled")]


def test_no_absence_without_an_identity_or_when_the_rule_is_disabled(tmp_path):
    _, findings = _analysed(chain("Online-Antrag ausfüllen", name="Bürgerservice"))
    assert not [f for f in findings if f.data.get("verdict") == "not_modelled"]
    layer = tmp_path / "stadt"
    layer.mkdir()
    (layer / "aus.yaml").write_text(
        "disable:\n  - id: LB-BUND-PAUSWG-9-ANTRAG\n    reason: Wir modellieren nur den Online-Teil\n", encoding="utf-8")
    from prozess.legal.rules import default_rule_dir, load_rulebase

    base = load_rulebase([default_rule_dir(), layer])
    assert base.ok, base.problems
    _, findings = _analysed(chain("Online-Antrag ausfüllen", name="Personalausweis beantragen"), rulebase=base)
    assert not [f for f in findings if f.data.get("verdict") == "not_modelled"]


def test_unknown_form_gives_a_check_hint_not_a_quick_win():
    _, findings = _analysed(chain("Antrag ausdrucken und unterschreiben", name="Sondernutzungserlaubnis"))
    general = [f for f in findings if f.rule == "legal/LB-BUND-VWVFG-3A-SCHRIFTFORM"]
    assert [(f.severity.label, f.data["verdict"]) for f in general] == [("info", "form_unknown")]
    assert general[0].message.startswith("Formerfordernis prüfen")
    assert "§ 13 EGovG, § 36a Abs. 2c SGB I" in general[0].message


def test_a_cited_norm_asserts_the_form():
    data = chain(("task", "Antrag ausdrucken und unterschreiben", "Rechtsgrundlage: § 3a Abs. 2 VwVfG"),
                 name="Sondernutzungserlaubnis")
    _, findings = _analysed(data)
    general = [f for f in findings if f.rule == "legal/LB-BUND-VWVFG-3A-SCHRIFTFORM"]
    assert [f.data["verdict"] for f in general] == ["quick_win"]


def test_a_written_form_procedure_gives_the_quick_win():
    _, findings = _analysed(chain("Antrag ausdrucken und unterschreiben lassen", name="Unterhaltsvorschuss beantragen"))
    assert {f.rule: f.data["verdict"] for f in findings if f.kind == "legal"} == {
        "legal/LB-BUND-SGBI-36A-SCHRIFTFORM": "quick_win"}


def test_a_statutory_exclusion_removes_the_general_substitutes_in_the_whole_process():
    data = chain("Bürgschaftserklärung im Original entgegennehmen", "Vertrag ausdrucken und unterschreiben",
                 name="Bauvorhaben Sicherheiten")
    _, findings = _analysed(data)
    rules = {f.rule for f in findings if f.kind == "legal"}
    assert "legal/LB-BUND-BGB-766-BUERGSCHAFT" in rules and "legal/LB-BUND-BGB-126-SCHRIFTFORM" not in rules


def test_a_process_level_legal_basis_applies_to_its_steps():
    data = _with_process_doc(chain("Antragsteller erscheint persönlich", name="Bürgerservice"),
                             "Rechtsgrundlage: § 9 PAuswG")
    _, findings = _analysed(data)
    assert {f.rule: f.data["matched_by"] for f in findings if f.kind == "legal" and f.element == "N1"} == {
        "legal/LB-BUND-PAUSWG-9-ANTRAG": "act"}


def test_rule_base_errors_for_the_catalogue_name_file_line_and_field(tmp_path):
    from prozess.legal.rules import load_rulebase

    layer = tmp_path / "regeln"
    layer.mkdir()
    (layer / "verfahren.yaml").write_text(
        "procedures:\n"
        "  - id: MEIN_VERFAHREN\n"
        "    name: Mein Verfahren\n"
        "    names: [Mein Verfahren]\n"
        "    procedural_law: vwfg\n", encoding="utf-8")
    problems = [str(p) for p in load_rulebase([layer]).problems]
    assert any(p.startswith("verfahren.yaml:5:") or "verfahren.yaml:5:" in p for p in problems), problems
    assert any("procedures[0].procedural_law: Ungültiger Wert „vwfg“" in p for p in problems), problems
    assert any("procedures[0].examples: Pflichtfeld fehlt." in p for p in problems), problems


def test_the_worked_example_of_the_guide():
    """docs/regelwerk/index.md, "Durchgerechnetes Beispiel": the same model, the same findings."""
    data = chain("Termin online buchen", "Antragstellerin spricht mit den Unterlagen vor", "Passfoto einscannen",
                 "Antrag ausdrucken und unterschreiben", name="Personalausweis beantragen")
    report, findings = _analysed(data)
    assert report.procedures[0].identity.excludes_general == "§ 9 Abs. 1 S. 2 PAuswG"
    legal = sorted((f.element, f.rule.removeprefix("legal/"), f.data["verdict"]) for f in findings if f.kind == "legal")
    assert legal == [
        ("N2", "LB-BUND-PAUSWG-9-ANTRAG", "hard"),
        ("N3", "LB-BUND-PAUSWG-9-LICHTBILD", "unlawful_paper"),
        ("N4", "LB-BUND-PAUSWG-9-ANTRAG", "hard"),
    ]


def test_citations_match_up_and_down_the_hierarchy():
    from prozess.legal.match import cites
    from prozess.legal.rules import citation_tokens as tokens

    rule_ref = tokens("§ 9 Abs. 1 PAuswG")
    assert cites(tokens("§ 9 PAuswG"), rule_ref)  # the whole paragraph
    assert cites(tokens("§ 9 Abs. 1 S. 2 PAuswG"), rule_ref)  # more exact
    assert not cites(tokens("§ 9 Abs. 3 PAuswG"), rule_ref)  # another paragraph part
    assert not cites(tokens("PAuswG"), rule_ref)  # a law name alone names no rule
    for doc in ("Rechtsgrundlage: § 9 PAuswG", "Rechtsgrundlage: § 9 Abs. 1 S. 2 PAuswG"):
        _, findings = _analysed(chain(("task", "Antrag aufnehmen", doc), name="Bürgerservice"))
        assert "legal/LB-BUND-PAUSWG-9-ANTRAG" in {f.rule for f in findings if f.element == "N1"}, doc
