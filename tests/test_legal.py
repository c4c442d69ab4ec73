from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file
from prozess.check import Options, analyse
from prozess.cli import app

VERDICTS = FIXTURES / "legal" / "verdicts.bpmn"


def legal(result, **options):
    _, findings = analyse(result, Options(**options))
    return {(f.element, f.rule.removeprefix("legal/")): f for f in findings if f.kind == "legal"}


def test_each_verdict_has_its_severity():
    found = legal(load_file(VERDICTS))
    severities = {key: (f.severity.label, f.data["verdict"]) for key, f in found.items()}
    assert severities == {
        ("Hard", "LB-BUND-PAUSWG-9-ANTRAG"): ("error", "hard"),
        ("Photo", "LB-BUND-PAUSWG-9-LICHTBILD"): ("error", "unlawful_paper"),
        ("QuickWin", "LB-BUND-NAMAENDG-5-ANTRAG"): ("warning", "quick_win"),
        ("Met", "LB-BUND-NAMAENDG-5-ANTRAG"): ("info", "met"),
        ("Ceremony", "LB-BUND-BGB-1311-TRAUUNG"): ("info", "inherent"),
        ("Named", "LB-BUND-PSTG-12-NACHWEISE"): ("warning", "conditional"),
        ("Cited", "LB-BUND-BZRG-30-FUEHRUNGSZEUGNIS"): ("warning", "quick_win"),
    }


def test_finding_carries_norm_substitutes_remedy_and_evidence():
    found = legal(load_file(VERDICTS))
    quick = found[("QuickWin", "LB-BUND-NAMAENDG-5-ANTRAG")]
    assert quick.data["norm"] == "§ 5 Abs. 1, § 11 NamÄndG"
    assert quick.data["substitute_available"] is True
    assert {"means": "nutzerkonto_9a", "label": "Online-Formular im Verwaltungsportal nach Identifizierung im Nutzerkonto",
            "norm": "§ 9a Abs. 5 OZG", "conditions": None} in quick.data["substitutes"]
    assert quick.data["remedy"].startswith("Online-Antrag")
    assert "Schritt enthält „Namensänderung beantragen“" in quick.data["evidence"]
    assert quick.message.startswith("Lösbar: Öffentlich-rechtliche Namensänderung")
    hard = found[("Hard", "LB-BUND-PAUSWG-9-ANTRAG")]
    assert hard.data["substitute_available"] is False and "ohne digitalen Weg" in hard.message
    assert found[("Cited", "LB-BUND-BZRG-30-FUEHRUNGSZEUGNIS")].data["evidence"] == [
        "Dokumentation nennt die Rechtsgrundlage § 30 BZRG"
    ]
    assert found[("Named", "LB-BUND-PSTG-12-NACHWEISE")].data["evidence"] == [
        "Dokumentation nennt die Regel LB-BUND-PSTG-12-NACHWEISE"
    ]


def test_land_rules_apply_only_in_their_jurisdiction():
    assert not any(rule.startswith("LB-NI") for _, rule in legal(load_file(VERDICTS)))
    in_ni = legal(load_file(VERDICTS), jurisdiction="DE-NI")
    assert in_ni[("Land", "LB-NI-NBAUO-3A-BAUANTRAG")].data["verdict"] == "check"  # medium unknown
    in_he = legal(load_file(VERDICTS), jurisdiction="DE-HE")
    assert ("Land", "LB-HE-HBO-62-SCHRIFTFORM") in in_he and ("Land", "LB-NI-NBAUO-3A-BAUANTRAG") not in in_he


def test_process_declares_its_jurisdiction():
    data = chain("Bauantrag per Post einreichen", name="Baugenehmigung")
    data = data.replace(b'name="Baugenehmigung">', b'name="Baugenehmigung"><bpmn:documentation>Land: Niedersachsen</bpmn:documentation>')
    found = legal(load_bytes(data, "bau.bpmn"))
    assert found[("N1", "LB-NI-NBAUO-3A-BAUANTRAG")].severity.label == "error"  # paper where electronic is required


def test_specific_rule_replaces_the_general_one():
    data = chain("Antrag ausdrucken und unterschreiben", name="Elterngeld beantragen")
    assert set(legal(load_bytes(data, "e.bpmn"))) == {("N1", "LB-BUND-BEEG-7-SCHRIFTFORM")}


def test_validity_dates_are_respected():
    data = chain("Passbild auf Papier mitbringen", name="Reisepass beantragen")
    assert ("N1", "LB-BUND-PAUSWG-9-LICHTBILD") in legal(load_bytes(data, "p.bpmn"), on=date(2025, 5, 1))
    assert ("N1", "LB-BUND-PAUSWG-9-LICHTBILD") not in legal(load_bytes(data, "p.bpmn"), on=date(2025, 4, 30))


def test_negative_controls_from_the_research():
    # Wohngeld: a signature is a media break, never a legal error
    wohngeld = legal(load_bytes(chain("Antrag zusätzlich unterschreiben und nachsenden", name="Wohngeld"), "w.bpmn"))
    assert {(k, f.severity.label) for k, f in wohngeld.items()} == {(("N1", "LB-BUND-WOGG-22-ANTRAG"), "info")}
    # Bewohnerparkausweis: an added signature step must not produce an error
    parking = legal(load_bytes(chain("Online-Antrag mit Kennzeichen stellen", "Antrag unterschreiben",
                                      name="Bewohnerparkausweis"), "b.bpmn"))
    assert all(f.severity.label != "error" for f in parking.values())
    # an online appointment for an ID card is not the application
    assert legal(load_bytes(chain("Online-Termin für Personalausweis buchen"), "t.bpmn")) == {}


def test_check_with_extra_rule_layer_and_invalid_rules(tmp_path):
    runner = CliRunner()
    layer = tmp_path / "stadt"
    layer.mkdir()
    (layer / "aus.yaml").write_text(
        "disable:\n  - id: LB-BUND-BGB-1311-TRAUUNG\n    reason: Trauungen modellieren wir nicht\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(VERDICTS), "-f", "json", "--rules", str(layer), "--fail-on", "never"],
                           catch_exceptions=False)
    assert result.exit_code == 0 and "LB-BUND-BGB-1311-TRAUUNG" not in result.stdout
    (layer / "kaputt.yaml").write_text("rules: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(VERDICTS), "--rules", str(layer)], catch_exceptions=False)
    assert result.exit_code == 2 and result.stdout == ""
    assert "kaputt.yaml:2:1: error: Kein gültiges YAML" in result.stderr


def test_the_verb_agrees_with_one_or_several_norms():
    """„§ 9 Abs. 3 PAuswG; § 6 Abs. 2 PassG schreiben …“, „§ 3a Abs. 1 NBauO schreibt …“."""
    from prozess.legal.verdict import several_norms

    assert several_norms("§ 9 Abs. 3 S. 3 PAuswG; § 6 Abs. 2 S. 3 PassG")
    assert several_norms("§§ 1, 2 GewAnzV") and several_norms("§ 9 Abs. 1, § 9a Abs. 6 OZG")
    assert not several_norms("§ 28 Abs. 3 PStV") and not several_norms("§ 30 Abs. 2 S. 1, 3 BZRG")
    assert not several_norms("§ 7 i. V. m. § 3 JArbSchUV")  # one provision read with another
