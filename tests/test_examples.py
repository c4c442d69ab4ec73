"""The bundled procedures in processes/: they load cleanly, carry complete diagrams, and their
verdicts are pinned here, so that a change in the analysis that alters one is seen in review.

Each entry: (step name, rule, severity E/W/I). The expected verdicts follow the evaluation
cases C1–C12 of the legal research (shared/research/legal-detailed.md §6); processes/README.md
explains each model.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from prozess.bpmn.loader import load_file
from prozess.check import check_paths

PROCESSES = ROOT / "processes"

EXPECTED = {
    "baugenehmigung-hessen.bpmn": [
        ('Bauvorlagen für die Fachämter ausdrucken', 'media/print-after-digital-intake', 'W'),
        ('Stellungnahmen der Fachämter im Fachverfahren erfassen', 'media/re-keying', 'W'),
    ],
    "baugenehmigung-niedersachsen.bpmn": [
        ('Bauantrag per Post eingegangen', 'legal/LB-NI-NBAUO-3A-BAUANTRAG', 'E'),
        ('Bauvorlagen einscannen', 'media/scan', 'W'),
        ('Träger öffentlicher Belange per Post beteiligen', 'media/paper-output', 'W'),
        ('Stellungnahmen einscannen', 'media/scan', 'W'),
        ('Baugenehmigung per Post zustellen', 'legal/LB-BUND-BESCHEID-SCHRIFTLICH', 'W'),
        ('Baugenehmigung per Post zustellen', 'media/paper-output', 'W'),
    ],
    "eheschliessung.bpmn": [
        ('Eingang im Funktionspostfach ausdrucken', 'media/print-after-digital-intake', 'W'),
        ('Persönliche Vorsprache beider Verlobter, Niederschrift unterschreiben', 'legal/LB-BUND-PSTV-28-EHEANMELDUNG', 'W'),
        ('Geburtsurkunden und Aufenthaltsbescheinigungen im Original vorlegen lassen', 'legal/LB-BUND-PSTG-12-NACHWEISE', 'W'),
        ('Anmeldedaten in das Personenstandsverfahren abtippen', 'media/re-keying', 'W'),
        ('Urkunden kopieren und einscannen', 'media/scan', 'W'),
        ('Unterlagen per Post an das Standesamt des Trauorts senden', 'legal/LB-BUND-PSTV-28-UEBERMITTLUNG', 'I'),  # S. 2 allows post
        ('Unterlagen per Post an das Standesamt des Trauorts senden', 'media/paper-output', 'W'),
        ('Trauung durchführen', 'legal/LB-BUND-BGB-1311-TRAUUNG', 'I'),
    ],
    "elterngeld.bpmn": [
        ('Elterngeldantrag per Post eingegangen', 'legal/LB-BUND-BEEG-7-SCHRIFTFORM', 'W'),
        ('Posteingang scannen', 'media/scan', 'W'),
        ('Antrag auf Unterschrift beider Elternteile prüfen', 'legal/LB-BUND-BEEG-7-SCHRIFTFORM', 'W'),
        ('Beigelegte Geburtsbescheinigung und Gehaltsnachweise prüfen', 'legal/LB-BUND-BEEG-25-NACHWEISE', 'W'),
        ('Bescheid per Post versenden', 'legal/LB-BUND-SGBX-37-BEKANNTGABE', 'W'),  # SGB X, not VwVfG/OZG
        ('Bescheid per Post versenden', 'media/paper-output', 'W'),
    ],
    "fuehrungszeugnis.bpmn": [
        ('Vorsprache zum Führungszeugnis: Identität mit Ausweis prüfen', 'legal/LB-BUND-BZRG-30-FUEHRUNGSZEUGNIS', 'W'),
        ('Antragsdaten im Meldeverfahren erfassen', 'media/re-keying', 'W'),
        ('Führungszeugnis wird vom Bundesamt per Post versandt', 'media/paper-output', 'W'),
    ],
    "gewerbeanmeldung.bpmn": [
        ('E-Mail-Anhang ausdrucken', 'media/print-after-digital-intake', 'W'),
        ('Gewerbeanmeldung auf Vollständigkeit und Unterschrift prüfen', 'legal/LB-BUND-GEWO-14-GEWERBEANZEIGE', 'W'),
        ('Daten ins Gewerberegister abtippen', 'media/re-keying', 'W'),
        ('Empfangsbescheinigung per Post versenden', 'media/paper-output', 'W'),
        ('Durchschriften an IHK, Handwerkskammer und Finanzamt per Post versenden', 'legal/LB-BUND-GEWANZV-3-WEITERGABE', 'W'),
        ('Durchschriften an IHK, Handwerkskammer und Finanzamt per Post versenden', 'media/paper-output', 'W'),
    ],
    "hundesteuer.bpmn": [
        ('Anmeldung per Post eingegangen', 'legal/LB-NI-KOMMUNE-HUNDESTEUER', 'W'),
        ('Anmeldeformular und Unterschrift prüfen', 'legal/LB-NI-KOMMUNE-HUNDESTEUER', 'W'),
        ('Anmeldung einscannen', 'media/scan', 'W'),
        ('Steuerbescheid und Hundesteuermarke per Post versenden', 'legal/LB-BUND-AO-122A-STEUERBESCHEID', 'W'),  # AO via KAG
        ('Steuerbescheid und Hundesteuermarke per Post versenden', 'media/paper-output', 'W'),
    ],
    "personalausweis.bpmn": [
        ('Mitgebrachtes Papier-Passbild einscannen', 'legal/LB-BUND-PAUSWG-9-LICHTBILD', 'E'),
        ('Mitgebrachtes Papier-Passbild einscannen', 'media/scan', 'W'),
        ('Persönliche Vorsprache: Antrag auf Personalausweis aufnehmen, Fingerabdrücke erfassen', 'legal/LB-BUND-PAUSWG-9-ANTRAG', 'E'),
        ('Persönliche Vorsprache: Antrag auf Personalausweis aufnehmen, Fingerabdrücke erfassen', 'media/in-person', 'W'),
        ('Personalausweis persönlich abholen lassen und aushändigen', 'legal/LB-BUND-PAUSWV-18-ABHOLUNG', 'W'),
        ('Personalausweis persönlich abholen lassen und aushändigen', 'media/in-person', 'W'),
    ],
    "rechnungsfreigabe.bpmn": [
        ('Rechnung ausdrucken und in die Umlaufmappe legen', 'media/print-after-digital-intake', 'W'),
        ('Buchungsdaten ins Finanzverfahren eingeben', 'media/re-keying', 'W'),
        ('Belege im Aktenordner abheften', 'media/print-after-digital-intake', 'W'),
    ],
    "untersuchungsberechtigungsschein.bpmn": [
        ('Antrag auf Untersuchungsberechtigungsschein aufnehmen, Ausweis prüfen', 'legal/LB-BUND-JARBSCHUV-2-BERECHTIGUNGSSCHEIN', 'I'),
        ('Berechtigungsschein und Erhebungsbogen ausdrucken und aushändigen', 'media/paper-output', 'W'),
        ('Erhebungsbogen unterschreiben', 'legal/LB-BUND-JARBSCHUV-7-UNTERSCHRIFT', 'W'),
        ('Ärztliche Untersuchung durchführen', 'legal/LB-BUND-JARBSCHG-32-UNTERSUCHUNG', 'I'),
        ('Ärztliche Bescheinigung für den Arbeitgeber unterschreiben', 'legal/LB-BUND-JARBSCHUV-7-UNTERSCHRIFT', 'W'),
    ],
    "vaterschaftsanerkennung.bpmn": [
        ('Vaterschaft vor der Urkundsperson anerkennen', 'legal/LB-BUND-BGB-1597-VATERSCHAFT', 'E'),
        ('Vaterschaft vor der Urkundsperson anerkennen', 'media/in-person', 'W'),
        ('Zustimmung der Mutter beurkunden', 'legal/LB-BUND-BGB-1597-VATERSCHAFT', 'E'),
        ('Sorgeerklärungen abgeben und beurkunden', 'legal/LB-BUND-BGB-1626D-SORGEERKLAERUNG', 'E'),
    ],
    "wohngeld.bpmn": [
        ('Antrag und Anlagen ausdrucken', 'media/print-after-digital-intake', 'W'),
        ('Antragsdaten ins Fachverfahren übertragen', 'media/re-keying', 'W'),
        ('Bescheid per Post versenden', 'legal/LB-BUND-SGBX-37-BEKANNTGABE', 'W'),  # § 37 Abs. 2a SGB X: real consent
        ('Bescheid per Post versenden', 'media/paper-output', 'W'),
    ],
    "wohnsitzanmeldung.bpmn": [
        ('Meldeschein ausfüllen und unterschreiben lassen', 'legal/LB-BUND-BMG-23-ANMELDUNG', 'W'),
        ('Wohnungsgeberbestätigung auf Papier prüfen', 'legal/LB-BUND-BMG-23-ANMELDUNG', 'W'),
        ('Meldeschein ins Melderegister eingeben', 'media/re-keying', 'W'),
        ('Adressaufkleber auf den Personalausweis kleben', 'legal/LB-BUND-BMG-23-ANMELDUNG', 'W'),
        ('Adressaufkleber auf den Personalausweis kleben', 'media/in-person', 'W'),
        ('Meldebestätigung ausdrucken und aushändigen', 'media/paper-output', 'W'),
    ],
    "bewohnerparkausweis.bpmn": [],
}


LEVELS = {
    "baugenehmigung-hessen.bpmn": "E1",
    "baugenehmigung-niedersachsen.bpmn": "E0",
    "bewohnerparkausweis.bpmn": "E5",
    "eheschliessung.bpmn": "E1",
    "elterngeld.bpmn": "E0",
    "fuehrungszeugnis.bpmn": "E0",
    "gewerbeanmeldung.bpmn": "E1",
    "hundesteuer.bpmn": "E0",
    "personalausweis.bpmn": "E1",
    "rechnungsfreigabe.bpmn": "E1",
    "untersuchungsberechtigungsschein.bpmn": "E0",
    "vaterschaftsanerkennung.bpmn": "E2",
    "wohngeld.bpmn": "E1",
    "wohnsitzanmeldung.bpmn": "E0",
}


@pytest.fixture(scope="module")
def report():
    return check_paths([PROCESSES])


def test_every_example_is_pinned_and_loads_without_model_problems(report):
    names = sorted(f.path.rsplit("/", 1)[-1] for f in report.files)
    assert names == sorted(EXPECTED) and len(names) >= 12
    assert all(f.ok for f in report.files)
    assert [f for f in report.findings if f.kind in ("model", "load")] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_verdicts(report, name):
    found = [
        (f.element_name, f.rule, f.severity.label[0].upper())
        for f in report.findings
        if f.file.endswith("/" + name)
    ]
    assert found == EXPECTED[name]


def test_fully_digital_example_has_no_break_and_no_unknown_step(report):
    (file,) = [f for f in report.files if f.path.endswith("bewohnerparkausweis.bpmn")]
    facts = file.processes[0].facts
    assert facts["digital_intake"] is True and facts["digital_mailbox"] is False
    assert facts["media_counts"]["paper"] == facts["media_counts"]["unknown"] == 0


def test_hard_blockers_only_where_the_law_has_no_digital_route(report):
    errors = {(f.file.rsplit("/", 1)[-1], f.rule) for f in report.findings if f.severity.label == "error"}
    assert errors == {
        ("personalausweis.bpmn", "legal/LB-BUND-PAUSWG-9-ANTRAG"),  # § 9 Abs. 1 S. 2 PAuswG excludes § 3a
        ("personalausweis.bpmn", "legal/LB-BUND-PAUSWG-9-LICHTBILD"),  # paper photos inadmissible since 1.5.2025
        ("vaterschaftsanerkennung.bpmn", "legal/LB-BUND-BGB-1597-VATERSCHAFT"),
        ("vaterschaftsanerkennung.bpmn", "legal/LB-BUND-BGB-1626D-SORGEERKLAERUNG"),
        ("baugenehmigung-niedersachsen.bpmn", "legal/LB-NI-NBAUO-3A-BAUANTRAG"),  # electronic only since 1.1.2024
    }
    quick_wins = [f for f in report.findings if f.kind == "legal" and f.data["verdict"] == "quick_win"]
    assert quick_wins and all(f.data["substitutes"] and f.data["norm"] for f in quick_wins)


IDENTITIES = {
    "baugenehmigung-hessen.bpmn": {"BAUGENEHMIGUNG"}, "baugenehmigung-niedersachsen.bpmn": {"BAUGENEHMIGUNG"},
    "bewohnerparkausweis.bpmn": {"BEWOHNERPARKEN"}, "eheschliessung.bpmn": {"EHESCHLIESSUNG"},
    "elterngeld.bpmn": {"ELTERNGELD"}, "fuehrungszeugnis.bpmn": {"FUEHRUNGSZEUGNIS"},
    "gewerbeanmeldung.bpmn": {"GEWERBEANZEIGE"}, "hundesteuer.bpmn": {"KOMMUNALE_AUFWANDSTEUER"},
    "personalausweis.bpmn": {"PERSONALAUSWEIS"}, "rechnungsfreigabe.bpmn": set(),
    "untersuchungsberechtigungsschein.bpmn": {"JUGENDARBEITSSCHUTZ"},
    "vaterschaftsanerkennung.bpmn": {"VATERSCHAFT", "SORGEERKLAERUNG"}, "wohngeld.bpmn": {"WOHNGELD"},
    "wohnsitzanmeldung.bpmn": {"WOHNSITZ"},
}


def test_each_example_is_identified_and_no_finding_offers_the_substitute_of_another_law(report):
    from prozess.check import default_rulebase

    base = default_rulebase()
    for file in report.files:
        name = file.path.rsplit("/", 1)[-1]
        (procedure,) = file.procedures
        assert set(procedure.identity.ids) == IDENTITIES[name], name
        law = procedure.identity.procedural_law
        for finding in report.findings:
            if finding.file != file.path or finding.kind != "legal":
                continue
            rule = base.by_id(finding.rule.removeprefix("legal/")).rule
            # a rule of another procedural law, a rule of another procedure: never in an identified one
            assert not (law and rule.procedural_law) or law in rule.procedural_law, (name, finding.rule)
            assert not rule.match.procedures or set(rule.match.procedures) & (
                set(procedure.identity.ids) | procedure.identity.mentioned), (name, finding.rule)
            assert finding.data["verdict"] != "not_modelled", (name, finding.rule)  # every required act is drawn


def test_both_export_styles_and_explicit_annotations_are_represented():
    styles = set()
    annotated = 0
    for path in PROCESSES.glob("*.bpmn"):
        head = path.read_text(encoding="utf-8")[:600]
        styles.add("camunda" if "<bpmn:definitions" in head else "signavio" if "<definitions" in head else "?")
        text = path.read_text(encoding="utf-8")
        annotated += 'name="medium"' in text or 'metaKey="medium"' in text
    assert styles == {"camunda", "signavio"} and annotated >= 3


@pytest.mark.parametrize("path", sorted(PROCESSES.glob("*.bpmn")), ids=lambda p: p.name)
def test_diagram_interchange_is_complete(path):
    d = load_file(path).definitions
    drawn = {s.element for s in d.shapes()} | {e.element for e in d.edges()}
    (process,) = d.processes
    needed = (
        {n.id for n in process.nodes} | {f.id for f in process.flows} | {lane.id for lane in process.lanes}
        | {p.id for p in d.participants} | {m.id for m in d.message_flows} | {a.id for a in d.associations}
        | {a.id for a in d.annotations} | {a.id for a in process.data_associations}
        | {i.id for i in process.data}
    )
    assert needed - drawn == set()
    for shape in d.shapes():
        assert shape.bounds is not None and shape.bounds.width > 0 and shape.bounds.height > 0
    for edge in d.edges():
        assert len(edge.waypoints) >= 2
    pool = next(s.bounds for s in d.shapes() if s.element == process.participant)
    for node in process.nodes:  # every step is drawn inside its pool
        b = next(s.bounds for s in d.shapes() if s.element == node.id)
        assert pool.x <= b.x and b.x + b.width <= pool.x + pool.width
        assert pool.y <= b.y and b.y + b.height <= pool.y + pool.height


def test_examples_are_generated_from_their_specs(tmp_path):
    """processes/*.bpmn are written by tools/build_examples.py; edit the specs, not the files."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_examples.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_quick_start_demo_exits_zero_and_shows_findings():
    done = subprocess.run([sys.executable, "-m", "prozess", "check", str(PROCESSES), "--fail-on", "never"],
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert "media/print-after-digital-intake" in done.stdout and "legal/LB-BUND-PAUSWG-9-ANTRAG" in done.stdout
    summary = json.loads(subprocess.run(
        [sys.executable, "-m", "prozess", "check", str(PROCESSES), "-f", "json", "--fail-on", "never"],
        capture_output=True, text=True).stdout)["summary"]
    assert summary["files"] == len(EXPECTED) and summary["unreadable_files"] == 0


def test_example_readiness_levels(report):
    """Readiness model v1 on the examples: from the paper-only Bauantrag (E0) to the Bewohnerparkausweis (E5)."""
    got = {f.path.rsplit("/", 1)[-1]: p.readiness.label for f in report.files for p in f.processes}
    assert got == LEVELS
    (ausweis,) = [p for f in report.files if f.path.endswith("personalausweis.bpmn") for p in f.processes]
    assert ausweis.readiness.legally_blocked  # § 9 PAuswG
    (trauung,) = [p for f in report.files if f.path.endswith("eheschliessung.bpmn") for p in f.processes]
    assert not trauung.readiness.legally_blocked  # the wedding itself is inherent, not a blocker
