"""The end-to-end readiness model (E0–E5): each criterion caps the level and names its elements."""

from __future__ import annotations

from bpmn_builder import chain
from prozess.bpmn.loader import load_bytes
from prozess.check import analyse


def readiness(*steps, name="Testverfahren", process_doc=""):
    data = chain(*steps, name=name)
    if process_doc:
        data = data.replace(f'name="{name}">'.encode(), f'name="{name}"><bpmn:documentation>{process_doc}</bpmn:documentation>'.encode())
    file_report, _ = analyse(load_bytes(data, "t.bpmn"))
    return file_report.processes[0].readiness


def caps(r):
    return {(c.criterion, c.level): c.elements for c in r.caps}


def test_paper_intake_is_e0():
    r = readiness(("task", "Papierantrag per Post annehmen"), ("serviceTask", "Daten prüfen"))
    assert r.level == 0 and r.label == "E0"
    assert caps(r)[("K1", 0)] == ("N1",)
    assert r.front == "analog" and r.digital_intake is False
    assert r.ozg == {"model": "OZG-Reifegradmodell 1.1", "level": 2, "qualifier": "höchstens", "estimate": True}


def test_digital_front_door_with_paper_back_office_is_e1():
    r = readiness(("task", "Online-Antrag über FIT-Connect annehmen"), ("task", "Antrag ausdrucken"),
                  ("task", "Vorgang in der Papierakte abheften"))
    assert r.level == 1 and r.digital_mailbox
    assert caps(r)[("K2", 1)] == ("N2",) and caps(r)[("K4", 1)] == ("N3",)
    assert r.front == "digital-strukturiert" and r.back == "papier"


def test_document_intake_and_manual_transfer_are_e2():
    r = readiness(("task", "Antrag per E-Mail empfangen"), ("userTask", "Antrag im Fachverfahren bearbeiten"))
    assert r.level == 2 and caps(r)[("K1", 2)] == ("N1",) and r.front == "digital-dokument"
    r = readiness(("task", "Online-Antrag annehmen"), ("task", "Nachweise einscannen"), ("userTask", "Entscheiden"))
    assert r.level == 2 and caps(r)[("K2", 2)] == ("N2",) and r.back == "hybrid"


def test_postal_output_caps_at_e2_and_email_output_at_e3():
    r = readiness(("task", "Online-Antrag annehmen"), ("sendTask", "Bescheid per Post versenden"))
    assert caps(r)[("K3", 2)] == ("N2",)
    r = readiness(("task", "Online-Antrag annehmen"), ("sendTask", "Bescheid per E-Mail versenden"))
    assert r.level == 3 and caps(r)[("K3", 3)] == ("N2",)


def test_unknown_steps_make_it_provisional():
    r = readiness(("task", "Online-Antrag annehmen"), ("task", "Sonderfall klären"), ("task", "Rückfrage stellen"))
    # propagation carries "digital", so only a step without any arriving medium stays unknown
    assert not r.provisional
    r = readiness(("task", "Sonderfall klären"))
    assert r.provisional and caps(r)[("K7", 3)] == ("N1",) and r.evidence_share == 0.0


def test_fully_digital_needs_registers_for_e5():
    r = readiness(("task", "Online-Antrag über den Onlinedienst"), ("serviceTask", "Anspruch berechnen"),
                  ("serviceTask", "Bescheid ins Postfach des Nutzerkontos stellen"))
    assert r.level == 4 and r.end_to_end and caps(r)[("K6", 4)] == ()
    r = readiness(("task", "Online-Antrag über den Onlinedienst"), ("serviceTask", "Meldedaten aus dem Melderegister abrufen"),
                  ("serviceTask", "Bescheid ins Postfach des Nutzerkontos stellen"))
    assert r.level == 5 and r.caps == () and r.ozg["level"] == 4


def test_legal_caps_hard_blockers_quick_wins_and_inherent_acts():
    r = readiness(("task", "Online-Termin buchen"), ("task", "Vaterschaft vor der Urkundsperson anerkennen"))
    assert r.level <= 2 and r.legally_blocked and r.hard_blockers == 1 and caps(r)[("K5", 2)] == ("N2",)
    r = readiness(("task", "Online-Termin buchen"), ("task", "Trauung durchführen"), name="Eheschließung")
    assert not any(c.criterion == "K5" for c in r.caps)  # a constitutive act does not cap
    r = readiness(("task", "Online-Antrag annehmen"), ("task", "Namensänderung beantragen",
                                                       "Medium: Papier"))
    assert caps(r)[("K5", 3)] == ("N2",)
    assert r.quick_wins[0]["rule"] == "legal/LB-BUND-NAMAENDG-5-ANTRAG" and r.quick_wins[0]["substitutes"]
    missing = r.missing_for(4)
    assert missing[0].criterion == "K5" and missing[0].level == 3  # quick wins first


def test_suppressed_findings_do_not_cap():
    r = readiness(("task", "Online-Antrag annehmen"),
                  ("task", "Antrag ausdrucken", "prozess: ignore media/print-after-digital-intake — nur Aktenkopie"))
    assert all(c.criterion != "K2" or c.level != 2 for c in r.caps)


def test_readiness_in_the_json_report():
    import json

    from conftest import FIXTURES
    from prozess.check import check_paths
    from prozess.formats.json import render

    report = json.loads(render(check_paths([FIXTURES / "media" / "digital_mailbox.bpmn"])))
    r = report["files"][0]["processes"][0]["readiness"]
    assert r["model_version"] == 1 and r["level"] == "E1" and r["name"] == "Digitale Haustür"
    assert {"criterion": "K2", "criterion_name": "Bearbeitung", "level": "E1",
            "reason": "In der Bearbeitung wird auf Papier oder vor Ort gearbeitet.", "elements": ["Print", "Check"]} in r["caps"]
    assert set(r["missing"]) == {"E2", "E3", "E4", "E5"}
    assert r["missing"]["E2"][0]["level"] == "E1"
