"""Context evidence for the medium of a step, each with a realistic wording (media.py, evidence.py,
lexicon.py, roles.py). Every test shows one way real exports say how a step is worked."""

from __future__ import annotations

import pytest

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file
from prozess.check import Options, analyse
from prozess.media.inference import Medium, infer_file
from prozess.media.lexicon import LexiconError, default_lexicon, load_lexicon
from prozess.media.roles import Role, role_of

EVIDENCE = FIXTURES / "evidence"


def steps_of(result):
    media = infer_file(result.definitions, default_lexicon())
    return {node: step for m in media for node, step in m.steps.items()}


def breaks(result, options=Options()):
    _, findings = analyse(result, options)
    return [(f.element, f.data["pattern"]) for f in findings if f.kind == "media_break"]


def chain_steps(*steps):
    return steps_of(load_bytes(chain(*steps), "t.bpmn"))


def chain_breaks(*steps):
    return breaks(load_bytes(chain(*steps), "t.bpmn"))


# --- the words of the lexicon -------------------------------------------------------------------

def found(text: str) -> list[tuple[str, str]]:
    return [(m.term.category, m.describe()) for m in default_lexicon().match(text)]


def test_abbreviations_are_read_as_what_they_stand_for():
    assert ("digital", "„FV“ (Fachverfahren)") in found("Erfasung der Antragsdaten im FV")
    assert ("paper", "„PZU“ (Postzustellungsurkunde)") in found("Erlaubnis zugestellt (PZU)")
    assert ("neutral", "„tel.“ (telefonisch)") in found("Termin tel. vereinbaren")
    assert ("paper", "„handschriftl.“ (handschriftlich)") in found("Einkommensberechnung (Rechenblatt, handschriftl.)")
    # an abbreviation is a whole word: "FV" inside "FVB" is nothing
    assert found("FVB-Nummer prüfen") == []


def test_separated_verbs_participles_and_irregular_forms():
    assert ("in_person", "„spricht … vor“ (vorsprechen)") in found("Bürger/in spricht vor, füllt Vordruck aus")
    assert ("in_person", "„legt … vor“ (vorlegen)") in found("Antragsteller/in legt Originale vor (Unterrichtung)")
    assert ("output", "„zugestellt“ (zustellen)") in found("Bescheid zugestellt")
    assert ("output", "„versandt“ (versenden)") in found("WBS versandt")
    assert ("paper", "„unterschrieben“ (unterschreiben)") in found("Urkunde unterschrieben")
    # the particle must close its clause: "vor Ort" is no separated "vorlegen" of "legt"
    assert not any(c == "in_person" and "legt" in d for c, d in found("legt den Termin vor Ort fest"))


def test_negated_terms_do_not_count():
    assert found("es gibt keine Papierakte") == []
    assert found("Poststelle nicht beteiligt") == []
    assert ("digital", "„Postfach“") in found("Poststelle nicht beteiligt, Zustellung ins Postfach")


def test_compounds_hold_two_terms_but_phrases_never_match_inside_words():
    assert {c for c, _ in found("Papieroriginal aufbewahren")} == {"paper"}
    assert any("Papier" in d for _, d in found("Papieroriginal aufbewahren"))
    assert found("Einkommensberechnung") == []  # not an "E-Rechnung"
    assert ("digital", "„eAkte“") in found("Führungszeugnis zur eAkte")


def test_template_placeholders_say_nothing():
    assert found("Ablage in ${dms} (TODO)") == []
    assert chain_steps("Ablage in ${dms}")["N1"].medium is Medium.UNKNOWN


def test_project_lexicon_adds_abbreviations_and_reports_bad_entries(tmp_path):
    extra = tmp_path / "begriffe.yaml"
    extra.write_text("abbreviations:\n  SNU: Fachverfahren\n", encoding="utf-8")
    lexicon = default_lexicon().extended(load_lexicon(extra))
    assert [m.describe() for m in lexicon.match("Erlaubnis in SNU erstellen")] == ["„SNU“ (Fachverfahren)"]
    bad = tmp_path / "kaputt.yaml"
    bad.write_text("abbreviations:\n  SNU: [Fachverfahren]\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(bad)
    assert error.value.line == 2 and "Langform" in error.value.message
    bad.write_text("forms:\n  senden: sandt\n", encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(bad)
    assert error.value.line == 2 and "Liste" in error.value.message


# --- what a step's name says ----------------------------------------------------------------------

def test_a_phone_call_or_a_choice_of_ways_leaves_the_medium_open():
    steps = chain_steps("Antrag im Portal eingegangen", "Rückfrage tel. klären",
                        "Nachweise per E-Mail oder Brief nachreichen", "teils online, teils per Post nachreichen")
    assert steps["N2"].medium is Medium.UNKNOWN and "weder digital" in steps["N2"].evidence[0]
    assert steps["N3"].medium is Medium.UNKNOWN and "mehrere Wege" in steps["N3"].evidence[0]
    assert steps["N4"].medium is Medium.UNKNOWN


def test_re_keying_from_paper_is_the_step_where_data_becomes_digital():
    steps = chain_steps("Papierantrag eingegangen", "Daten aus Vordruck in FiWeb erfassen")
    assert steps["N2"].medium is Medium.DIGITAL and steps["N2"].conversion == "rekey"
    assert chain_breaks("Papierantrag eingegangen", "Daten aus Vordruck in FiWeb erfassen") == [("N2", "re_keying")]
    # capturing fingerprints during a visit is no re-keying from paper
    visit = chain_steps("Termin online gebucht", "Persönliche Vorsprache: Fingerabdrücke erfassen")
    assert visit["N2"].medium is Medium.IN_PERSON


def test_a_manual_task_alone_is_no_evidence_of_paper():
    steps = chain_steps("Antrag im Portal eingegangen", ("manualTask", "Antrag prüfen"))
    assert steps["N2"].medium is Medium.DIGITAL and steps["N2"].source == "propagated"
    assert chain_breaks("Antrag im Portal eingegangen", ("manualTask", "Antrag prüfen")) == []


def test_events_state_results_and_are_never_conversions():
    # "Rechnung erfasst" after paper work is no re-keying; a need ("Urkunde benötigt") is no paper
    assert chain_breaks("Rechnung per Post eingegangen", ("endEvent", "Rechnung erfasst")) == []
    steps = chain_steps(("intermediateThrowEvent", "Geburtsurkunde benötigt"))
    assert steps["N1"].medium is Medium.UNKNOWN


def test_a_result_going_out_without_its_way_is_unknown_and_a_break_behind_it_is_still_found():
    data = chain("Antrag online eingegangen", "Bescheid im FV erstellen", "Bescheid versenden",
                 "Bescheidkopie in die Papierakte")
    steps = steps_of(load_bytes(data, "t.bpmn"))
    assert steps["N3"].medium is Medium.UNKNOWN and "nicht angegeben" in steps["N3"].evidence[0]
    _, findings = analyse(load_bytes(data, "t.bpmn"))
    (brk,) = [f for f in findings if f.kind == "media_break"]
    # the letter of unknown way does not change the case: the file arrives digital at the paper step
    assert brk.element == "N4" and brk.data["from_element"] == "N2" and brk.data["from_medium"] == "digital"
    # something arriving on an unknown way is a gap the break is still found across
    data = chain("Antrag online eingegangen", ("receiveTask", "Unterlagen eingetroffen"), "Unterlagen in die Papierakte")
    _, findings = analyse(load_bytes(data, "t.bpmn"))
    (brk,) = [f for f in findings if f.kind == "media_break"]
    assert brk.element == "N3" and brk.data["from_element"] == "N1" and brk.data["unknown_between"] == ["N2"]
    assert "dazwischen Schritte mit unbekanntem Medium: „Unterlagen eingetroffen“" in brk.data["evidence"]


def test_after_a_letter_went_out_the_office_goes_on_with_its_file():
    # the digital case file: no break when it is filed in the E-Akte after the letter
    assert chain_breaks("Antrag online eingegangen", "Bescheid im FV erstellen", "Bescheid per Post versenden",
                        "Vorgang in der E-Akte ablegen") == [("N3", "paper_output")]
    # a second document going out on paper is compared with the file, not with the first letter
    assert chain_breaks("Antrag online eingegangen", "Daten im FV prüfen", "Empfangsbescheinigung per Post versenden",
                        "Durchschriften per Post an die IHK versenden") == [("N3", "paper_output"), ("N4", "paper_output")]


def test_a_printout_handled_on_paper_is_no_second_print():
    assert chain_breaks("Papierantrag eingegangen", "Ausdruck + Bescheidkopie z.d.A.") == []
    assert chain_breaks("Antrag online eingegangen", "Antrag ausdrucken") == [("N2", "print_after_digital_intake")]


# --- the surroundings: annotations, lanes, pools, data, engines, other pools ----------------------

def test_annotations_at_the_step_and_at_the_pool_questions_say_nothing():
    steps = steps_of(load_file(EVIDENCE / "annotations.bpmn"))
    assert steps["Check"].medium is Medium.PAPER and steps["Check"].source == "annotation"
    assert "SB arbeitet am Ausdruck" in steps["Check"].evidence[0]
    assert steps["S"].medium is Medium.PAPER and steps["S"].source == "pool"
    assert "Vorgabe" in steps["S"].evidence[0]
    assert not any("Scannen" in e for step in steps.values() for e in step.evidence)


def test_lane_names_and_data_objects():
    result = load_file(EVIDENCE / "data_and_lanes.bpmn")
    steps = steps_of(result)
    assert steps["Sort"].medium is Medium.PAPER and steps["Sort"].source == "lane"
    assert steps["Enter"].medium is Medium.DIGITAL and steps["Enter"].source == "data"
    assert "Liest „Rechenblatt Einkommen (Papier)“" in steps["Enter"].evidence[0]
    assert breaks(result) == [("Enter", "re_keying")]


def test_engine_executable_process_runs_in_the_engine_and_timers_have_no_medium():
    steps = steps_of(load_file(EVIDENCE / "engine.bpmn"))
    assert {steps[n].medium for n in ("S", "Check", "Decide", "E")} == {Medium.DIGITAL}
    assert steps["Check"].source == "engine" and "Camunda" in steps["Check"].evidence[0]
    assert steps["Wait"].medium is Medium.UNKNOWN and steps["Wait"].source == "timer"
    # the same model without isExecutable is no engine model
    plain = (EVIDENCE / "engine.bpmn").read_bytes().replace(b'isExecutable="true"', b'isExecutable="false"')
    assert steps_of(load_bytes(plain, "t.bpmn"))["S"].medium is Medium.UNKNOWN


def test_three_pools_one_case_the_medium_crosses_message_flows():
    result = load_file(EVIDENCE / "three_pools.bpmn")
    steps = steps_of(result)
    assert steps["IT_Start"].medium is Medium.DIGITAL and "Online-Antrag" in steps["IT_Start"].evidence[0]
    # the office's inbox gets what the portal's service task sent (an unnamed message flow)
    assert steps["A_Start"].medium is Medium.DIGITAL and steps["A_Start"].source == "arrival"
    assert "Antrag als PDF an das Fachamt übergeben" in steps["A_Start"].evidence[0]
    assert steps["K_Receive"].medium is Medium.PAPER  # the letter the office sent
    file_report, findings = analyse(result)
    authority = next(p for p in file_report.processes if p.process.id == "P_Amt")
    assert authority.facts["digital_intake"] is True and authority.facts["digital_mailbox"] is True
    assert authority.facts["pool_role"] == "authority"
    # the applicant scanning a certificate for the upload is no break of the authority
    assert [(f.element, f.data["pattern"]) for f in findings if f.kind == "media_break"] == [
        ("A_Print", "print_after_digital_intake")
    ]


def test_a_letter_arriving_into_a_digital_case_and_the_paper_original_after_the_scan():
    assert breaks(load_file(EVIDENCE / "letter_into_digital_case.bpmn")) == [("Letter", "paper_intake"), ("Scan", "scan")]


def test_hints_are_not_media_breaks():
    _, findings = analyse(load_bytes(chain("Antrag bewerten"), "t.bpmn"))
    hint = next(f for f in findings if f.rule == "media/unknown-medium")
    assert hint.kind == "media_hint" and hint.to_dict()["kind"] == "media_hint"


@pytest.mark.parametrize(("name", "doc", "role"), [
    ("Kunde: Eltern / Sorgeberechtigte", "", Role.APPLICANT),
    ("IT: Elternportal", "", Role.IT_SYSTEM),
    ("Bürgerbüro Musterstadt", "", Role.AUTHORITY),
    ("Bauordnungsamt - Akteneinsicht", "", Role.AUTHORITY),
    ("Bundesamt für Justiz (BfJ)", "", Role.OTHER_AUTHORITY),
    ("Wohngeldstelle", "Rolle: Behörde", Role.AUTHORITY),
    ("Team Nord", "Rolle: Antragsteller", Role.APPLICANT),
    ("Team Nord", "", Role.UNKNOWN),
])
def test_pool_roles_from_names_and_documentation(name, doc, role):
    documentation = f"<bpmn:documentation>{doc}</bpmn:documentation>" if doc else ""
    data = f"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:collaboration id="C"><bpmn:participant id="Pool" name="{name}" processRef="P">{documentation}</bpmn:participant></bpmn:collaboration>
  <bpmn:process id="P"><bpmn:task id="T" name="Antrag prüfen" /></bpmn:process>
</bpmn:definitions>""".encode()
    definitions = load_bytes(data, "t.bpmn").definitions
    assert role_of(definitions.processes[0], definitions).role is role


def test_a_result_sent_right_after_a_print_goes_out_on_paper():
    steps = chain_steps("Antrag online eingegangen", "Bescheid im FV erstellen", "Bescheid drucken", "Versand")
    assert steps["N4"].medium is Medium.PAPER and "Ausdruck" in steps["N4"].evidence[0]
    assert chain_breaks("Antrag online eingegangen", "Bescheid im FV erstellen", "Bescheid drucken", "Versand") == [
        ("N3", "paper_output")
    ]
    # without the print the way stays open
    assert chain_steps("Antrag online eingegangen", "Bescheid erstellen", "Versand")["N3"].medium is Medium.UNKNOWN


def test_wording_says_what_comes_in_and_what_goes_out():
    assert chain_breaks("Onlineantrag über Serviceportal", "Nachforderung per Mail", "Unterlagen gehen per Post ein",
                        "Unterlagen scannen") == [("N3", "paper_intake"), ("N4", "scan")]
    assert chain_breaks("Antrag über das Portal eingegangen", "Bescheid im FV erstellen", "Bescheid zur Post geben") == [
        ("N3", "paper_output")
    ]
    # the incoming item printed is a print, a receipt sent by post is an output
    assert chain_breaks("Antrag über das Portal eingegangen", "Eingang im Funktionspostfach ausdrucken") == [
        ("N2", "print_after_digital_intake")
    ]


def _with_extension(extension: str, name: str = "Antragsdaten prüfen") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:signavio="http://www.signavio.com"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:ppp="http://example.org/picture" id="D" targetNamespace="x">
  <bpmn:process id="P">
    <bpmn:startEvent id="S" name="Papierantrag eingegangen" />
    <bpmn:task id="T" name="{name}"><bpmn:extensionElements>{extension}</bpmn:extensionElements></bpmn:task>
    <bpmn:sequenceFlow id="f" sourceRef="S" targetRef="T" />
  </bpmn:process>
</bpmn:definitions>""".encode()


def test_vendor_attributes_name_the_it_system_or_the_channel():
    signavio = _with_extension('<signavio:signavioMetaData metaKey="meta-itsystem" metaValue="WoBiS" />')
    steps = steps_of(load_bytes(signavio, "t.bpmn"))
    assert steps["T"].medium is Medium.DIGITAL and "meta-itsystem = WoBiS" in steps["T"].evidence[0]
    assert breaks(load_bytes(signavio, "t.bpmn")) == [("T", "re_keying")]
    camunda = _with_extension('<camunda:properties><camunda:property name="Kanal" value="Postfach Nutzerkonto (BundID)" />'
                              '</camunda:properties>', "Bescheid bekanntgeben")
    assert steps_of(load_bytes(camunda, "t.bpmn"))["T"].medium is Medium.DIGITAL
    picture = _with_extension('<ppp:attributes><ppp:attribute label="Medium"><ppp:value>Brief</ppp:value>'
                              '</ppp:attribute></ppp:attributes>', "Antragsteller benachrichtigen")
    step = steps_of(load_bytes(picture, "t.bpmn"))["T"]
    assert step.medium is Medium.PAPER and step.source == "explicit"
    empty = _with_extension('<signavio:signavioMetaData metaKey="meta-itsystem" metaValue="" />')
    assert steps_of(load_bytes(empty, "t.bpmn"))["T"].source != "explicit"


def test_a_call_or_a_letter_of_unknown_way_does_not_change_the_case():
    steps = chain_steps("Papierantrag eingegangen", "Rückfrage tel. klären", "Antrag prüfen",
                        "Nachforderung an Antragsteller senden", "Unterlagen prüfen")
    assert steps["N2"].medium is Medium.UNKNOWN and steps["N4"].medium is Medium.UNKNOWN
    assert steps["N3"].medium is Medium.PAPER and steps["N5"].medium is Medium.PAPER
    assert "Papierantrag eingegangen" in steps["N5"].evidence[0]


def test_the_applicant_as_a_lane_of_the_authoritys_pool_reports_no_break_of_its_own():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="P" name="Wohngeld">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="LA" name="Antragsteller/in"><bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>A</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="LB" name="Sachbearbeitung"><bpmn:flowNodeRef>B</bpmn:flowNodeRef><bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="S" name="Antrag online gestellt" />
    <bpmn:task id="A" name="Nachweise einscannen und hochladen" />
    <bpmn:task id="B" name="Antrag ausdrucken" />
    <bpmn:task id="C" name="Antrag pruefen" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A" />
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B" />
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="C" />
  </bpmn:process>
</bpmn:definitions>"""
    assert breaks(load_bytes(data, "t.bpmn")) == [("B", "print_after_digital_intake")]


def test_named_flows_say_the_way_to_the_step_they_lead_to():
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="P">
    <bpmn:startEvent id="S" name="Antrag eingegangen" />
    <bpmn:exclusiveGateway id="G" name="Eingangsweg?" />
    <bpmn:task id="Paper" name="Posteingang bearbeiten" />
    <bpmn:task id="Online" name="Antrag sichten" />
    <bpmn:task id="FV" name="Antragsdaten im FV erfassen" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="G" />
    <bpmn:sequenceFlow id="f2" name="per Post" sourceRef="G" targetRef="Paper" />
    <bpmn:sequenceFlow id="f3" name="online" sourceRef="G" targetRef="Online" />
    <bpmn:sequenceFlow id="f4" sourceRef="Paper" targetRef="FV" />
  </bpmn:process>
</bpmn:definitions>"""
    steps = steps_of(load_bytes(data, "t.bpmn"))
    assert steps["Paper"].medium is Medium.PAPER and "Eingehender Weg „per Post“" in steps["Paper"].evidence[0]
    assert steps["Online"].medium is Medium.DIGITAL
    assert breaks(load_bytes(data, "t.bpmn")) == [("FV", "re_keying")]
