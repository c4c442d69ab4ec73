"""Procedures, not pools (procedures.py): pools linked by message flows are one procedure with
roles, one intake, one output, one level; the digital mailbox means what officers mean; templates and
models that say nothing are not rated."""

from __future__ import annotations

import json

import pytest

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file
from prozess.check import Options, analyse
from prozess.media.roles import Role
from test_cli import run

PROCEDURES = FIXTURES / "procedures"
EVIDENCE = FIXTURES / "evidence"


def procedures_of(result, options=Options()):
    file_report, _ = analyse(result, options)
    return file_report.procedures


def one(data: bytes, options=Options()):
    (procedure,) = procedures_of(load_bytes(data, "t.bpmn"), options)
    return procedure


def test_three_pools_are_one_procedure_with_one_level_and_the_applicants_intake():
    (procedure,) = procedures_of(load_file(EVIDENCE / "three_pools.bpmn"))
    assert procedure.id == "C" and procedure.name == "Ordnungsamt" and procedure.name_from == "authority pool"
    assert {p.name: p.role for p in procedure.pools} == {
        "Kunde: Antragsteller/in": Role.APPLICANT, "IT: Serviceportal": Role.IT_SYSTEM,
        "Organisation: Ordnungsamt": Role.AUTHORITY,
    }
    assert procedure.intake.value == "digital" and procedure.intake_from == "K_Send"
    assert procedure.intake_node == "IT_Start" and procedure.intake_message == "Online-Antrag"
    assert procedure.output.value == "paper" and procedure.output_nodes == ("A_Send",)
    assert procedure.digital_mailbox is True and procedure.rated
    assert procedure.readiness.level == 1  # a digital front door, paper in the back office
    # the applicant's steps count for intake and output only
    assert "K_Scan" not in {e for c in procedure.readiness.caps for e in c.elements}


def test_a_black_box_pool_that_starts_the_case_is_the_applicant_and_the_collaboration_names_it():
    (procedure,) = procedures_of(load_file(PROCEDURES / "black_box_applicant.bpmn"))
    roles = {p.name: (p.role, p.reason) for p in procedure.pools}
    assert roles["Team Nord"] == (Role.AUTHORITY, "Dokumentation (Pool): „Rolle: …“")
    assert roles["Gerüstbau Meyer"][0] is Role.APPLICANT and "anstößt" in roles["Gerüstbau Meyer"][1]
    assert procedure.name == "Sondernutzungserlaubnis" and procedure.name_from == "collaboration"
    assert procedure.intake.value == "paper" and procedure.intake_from == "Pool_B"
    assert procedure.digital_mailbox is False


def test_unconnected_processes_stay_separate_procedures():
    procedures = procedures_of(load_file(PROCEDURES / "two_unconnected.bpmn"))
    assert [(p.id, p.name, p.intake.value) for p in procedures] == [
        ("P1", "Hundesteuer anmelden", "digital"), ("P2", "Hundesteuer abmelden", "paper"),
    ]


def test_a_role_set_in_the_project_configuration_wins(tmp_path):
    project = tmp_path / "repo"
    (project / ".git").mkdir(parents=True)
    (project / "prozess.toml").write_text('roles = { "Team Nord" = "it_system" }\n', encoding="utf-8")
    (project / "m.bpmn").write_bytes((PROCEDURES / "black_box_applicant.bpmn").read_bytes())
    result = run("check", str(project / "m.bpmn"), "-f", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    # the configuration is found from the working directory
    import os
    cwd = os.getcwd()
    os.chdir(project)
    try:
        report = json.loads(run("check", "m.bpmn", "-f", "json", "--fail-on", "never").stdout)
    finally:
        os.chdir(cwd)
    pools = {p["name"]: p for p in report["files"][0]["procedures"][0]["pools"]}
    assert pools["Team Nord"]["role"] == "it_system" and pools["Team Nord"]["role_from"] == "Konfiguration: roles.Team Nord"
    bad = tmp_path / "bad"
    (bad / ".git").mkdir(parents=True)
    (bad / "prozess.toml").write_text('roles = { "Team Nord" = "chef" }\n', encoding="utf-8")
    os.chdir(bad)
    try:
        result = run("config")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2 and "roles must be a table" in result.output


def test_a_role_from_an_extension_property():
    data = b"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x">
  <bpmn:collaboration id="C"><bpmn:participant id="Pool" name="Team Nord" processRef="P">
    <bpmn:extensionElements><camunda:properties><camunda:property name="rolle" value="IT-System" /></camunda:properties></bpmn:extensionElements>
  </bpmn:participant></bpmn:collaboration>
  <bpmn:process id="P"><bpmn:serviceTask id="T" name="Daten abgleichen" /></bpmn:process>
</bpmn:definitions>"""
    procedure = one(data)
    assert procedure.pools[0].role is Role.IT_SYSTEM and procedure.pools[0].reason == "Eigenschaft rolle = IT-System"


# --- the digital mailbox, case by case (docs/methodik.md) ----------------------------------------

@pytest.mark.parametrize(("steps", "mailbox"), [
    (("Antrag über das Portal eingegangen", "Antrag ausdrucken", "Antrag auf dem Ausdruck prüfen"), True),
    (("Antrag als PDF per E-Mail eingegangen", "Antragsdaten aus der E-Mail ins Fachverfahren abtippen"), True),
    (("Termin online gebucht", "Persönliche Vorsprache: Antrag aufnehmen", "Ausweis am Schalter aushändigen"), False),
    (("Antrag über das Portal eingegangen", "Antrag im FV prüfen", "Durchschrift per Post an das Finanzamt senden"), False),
    (("Antrag über das Portal eingegangen", "Bescheid im FV erstellen", "Bescheid per Post versenden"), False),
])
def test_digital_mailbox_means_the_back_office_prints_or_retypes_a_digital_intake(steps, mailbox):
    assert one(chain(*steps)).digital_mailbox is mailbox


def test_an_outgoing_letter_is_never_the_intake():
    procedure = one(chain("Anschreiben per Post versenden", "Antwort über das Portal erhalten"))
    assert procedure.intake.value != "paper"


# --- not rateable ---------------------------------------------------------------------------------

def test_templates_with_placeholders_are_not_rated():
    procedure = one(chain("${antrag} eingegangen", "Task 1", "Task 2", "Antrag im FV prüfen"))
    assert not procedure.rated and procedure.readiness is None
    assert procedure.not_rated.startswith("Vorlage mit Platzhaltern (${antrag}")


def test_a_model_that_says_nothing_about_media_is_not_rated():
    procedure = one(chain("Antrag bewerten", "Entscheidung treffen"))
    assert not procedure.rated and "Für keinen Schritt der Behörde ist das Medium bekannt" in procedure.not_rated


def test_a_model_of_the_applicant_alone_is_not_rated():
    data = b"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:collaboration id="C"><bpmn:participant id="Pool" name="Antragsteller/in" processRef="P" /></bpmn:collaboration>
  <bpmn:process id="P"><bpmn:task id="T" name="Antrag online ausfuellen" /></bpmn:process>
</bpmn:definitions>"""
    procedure = one(data)
    assert not procedure.rated and procedure.not_rated.startswith("Keine Behörde erkennbar")


def test_procedures_in_the_json_report(tmp_path):
    report = json.loads(run("check", str(EVIDENCE / "three_pools.bpmn"), "-f", "json").stdout)
    (procedure,) = report["files"][0]["procedures"]
    assert procedure["readiness"]["level"] == "E1" and procedure["intake"]["from_element"] == "K_Send"
    assert report["summary"]["procedures"] == 1 and report["summary"]["processes"] == 3


def test_ci_formats_speak_of_procedures():
    from lxml import etree

    path = str(EVIDENCE / "three_pools.bpmn")
    sarif = json.loads(run("check", path, "-f", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert results and all(r["properties"]["procedure"] == "C" for r in results)
    assert all(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("C/P_Amt/") for r in results)
    junit = etree.fromstring(run("check", path, "-f", "junit").stdout.encode())
    assert [c.get("name") for c in junit.iter("testcase")] == ["Ordnungsamt (C)"]
    markdown = run("check", path, "-f", "markdown").stdout
    assert "1 Verfahren (3 Pools)" in markdown and "| Ordnungsamt | E1 | digital | ja | 2 |" in markdown
