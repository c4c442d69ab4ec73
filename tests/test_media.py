from __future__ import annotations

from bpmn_builder import chain
from conftest import FIXTURES
from prozess.bpmn.loader import load_bytes, load_file
from prozess.check import Options, analyse
from prozess.media.inference import Medium, infer
from prozess.media.lexicon import default_lexicon, load_lexicon

MEDIA = FIXTURES / "media"


def run(result, options=Options()):
    file_report, findings = analyse(result, options)
    return file_report, [f for f in findings if f.kind in ("media_break", "media_hint")]


def breaks_of(data: bytes, options=Options()):
    _, findings = run(load_bytes(data, "t.bpmn"), options)
    return [(f.element, f.data["pattern"]) for f in findings if f.rule != "media/unknown-medium"]


def media_of(data: bytes) -> dict[str, Medium]:
    d = load_bytes(data, "t.bpmn").definitions
    result = infer(d.processes[0], d, default_lexicon())
    return {k: v.medium for k, v in result.steps.items()}


def test_digital_mailbox_print_rekey_and_postal_decision():
    file_report, findings = run(load_file(MEDIA / "digital_mailbox.bpmn"))
    got = [(f.element, f.data["pattern"], f.data["from_medium"], f.data["to_medium"], f.data["lane"])
           for f in findings if f.kind == "media_break"]
    assert got == [
        ("Print", "print_after_digital_intake", "digital", "paper", "Poststelle"),
        ("Type", "re_keying", "paper", "digital", "Sachbearbeitung"),
        ("Send", "paper_output", "digital", "paper", "Sachbearbeitung"),
    ]
    rekey = findings[1]
    assert rekey.rule == "media/re-keying" and rekey.data["from_element"] == "Print"
    assert rekey.message.startswith("Medienbruch (Papier → digital)")
    facts = file_report.processes[0].facts
    assert facts["digital_intake"] is True and facts["digital_mailbox"] is True
    steps = {s.id: extra for s, extra in zip(file_report.processes[0].process.nodes, file_report.processes[0].steps)}
    assert steps["Start"]["medium"] == "digital"
    assert "Landesportal" in steps["Start"]["evidence"][0]
    assert steps["Check"]["medium"] == "paper" and steps["Check"]["medium_source"] == "propagated"
    assert steps["File"]["medium"] == "digital"  # sending a letter does not turn the file into paper


def test_fully_digital_process_has_no_break_and_no_unknown_step():
    file_report, findings = run(load_file(MEDIA / "fully_digital.bpmn"))
    assert findings == []
    assert file_report.processes[0].facts["digital_mailbox"] is False
    assert file_report.processes[0].facts["media_counts"] == {"digital": 5, "paper": 0, "in_person": 0, "unknown": 0}


def test_propagation_through_gateways_and_loops_terminates():
    d = load_file(MEDIA / "loop_and_gateways.bpmn").definitions
    media = infer(d.processes[0], d, default_lexicon())
    steps = media.steps
    assert steps["Start"].medium is Medium.PAPER
    assert steps["Scan"].medium is Medium.DIGITAL and steps["Scan"].conversion == "scan"
    # everything after the scan is digital, around the loop too
    assert {steps[n].medium for n in ("G1", "Ask", "Wait", "G2", "Decide", "End")} == {Medium.DIGITAL}
    assert breaks_of((MEDIA / "loop_and_gateways.bpmn").read_bytes()) == [("Scan", "scan")]


def test_disagreeing_paths_give_unknown():
    data = b"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <bpmn:process id="P">
    <bpmn:startEvent id="S" />
    <bpmn:parallelGateway id="Split" />
    <bpmn:task id="A" name="Antrag online annehmen" />
    <bpmn:task id="B" name="Nachweise per Post annehmen" />
    <bpmn:parallelGateway id="Join" />
    <bpmn:task id="C" name="Antrag bewerten" />
    <bpmn:sequenceFlow id="1" sourceRef="S" targetRef="Split" />
    <bpmn:sequenceFlow id="2" sourceRef="Split" targetRef="A" />
    <bpmn:sequenceFlow id="3" sourceRef="Split" targetRef="B" />
    <bpmn:sequenceFlow id="4" sourceRef="A" targetRef="Join" />
    <bpmn:sequenceFlow id="5" sourceRef="B" targetRef="Join" />
    <bpmn:sequenceFlow id="6" sourceRef="Join" targetRef="C" />
  </bpmn:process>
</bpmn:definitions>"""
    media = media_of(data)
    assert media["C"] is Medium.UNKNOWN and media["Join"] is Medium.UNKNOWN
    d = load_bytes(data, "t.bpmn")
    _, findings = run(d)
    unknown = [f for f in findings if f.rule == "media/unknown-medium"]
    assert [f.element for f in unknown] == ["C"] and "Medium: Digital" in unknown[0].message


def test_lexicon_matches_compounds_umlauts_and_inflections():
    assert breaks_of(chain(("task", "Onlineantrag annehmen"), "Bescheiddruck veranlassen")) == [
        ("N2", "print_after_digital_intake")
    ]
    assert breaks_of(chain("Papierantrag annehmen", "Daten in das Fachverfahren uebertragen")) == [("N2", "re_keying")]
    assert breaks_of(chain("Papierantrag annehmen", "Daten in das Fachverfahren übertragen")) == [("N2", "re_keying")]
    assert breaks_of(chain("Antrag im Postfach empfangen", "Antragsteller muss persönlich vorsprechen")) == [
        ("N2", "in_person")
    ]
    assert breaks_of(chain("Antrag im Portal empfangen", "Ausweis wird persoenlich abgeholt")) == [("N2", "in_person")]
    assert breaks_of(chain("Eingang per Brief", "Brief einscannen")) == [("N2", "scan")]
    # "Postfach" is digital although it begins with "Post"
    assert media_of(chain("Antrag per Postfach erhalten"))["N1"] is Medium.DIGITAL
    # a digital qualifier beats weak paper words; short terms never match inside words
    assert media_of(chain("Antrag online mit eID unterschreiben"))["N1"] is Medium.DIGITAL
    assert media_of(chain("Bescheid erstellen"))["N1"] is Medium.UNKNOWN


def test_bpmn_semantics_service_manual_data_and_messages():
    media = media_of(chain(("serviceTask", "Gebühr berechnen"), ("manualTask", "Akte heraussuchen")))
    # a manual task alone is no evidence of paper: it works on what arrives
    assert media["N1"] is Medium.DIGITAL and media["N2"] is Medium.DIGITAL
    assert media_of(chain(("manualTask", "Akte heraussuchen")))["N1"] is Medium.UNKNOWN
    d = load_file(FIXTURES / "model" / "camunda_collaboration.bpmn").definitions
    steps = infer(d.processes[0], d, default_lexicon()).steps
    assert steps["Inner_Task"].medium is Medium.DIGITAL and steps["Inner_Task"].source == "data"
    assert "Fachverfahren" in steps["Inner_Task"].evidence[0]
    assert steps["Start_1"].source == "arrival" and steps["Start_1"].medium is Medium.DIGITAL


def test_explicit_annotations_in_signavio_and_camunda_files():
    d = load_file(MEDIA / "annotated_signavio.bpmn").definitions
    steps = infer(d.processes[0], d, default_lexicon()).steps
    assert steps["Start"].medium is Medium.DIGITAL and steps["Start"].source == "explicit"
    assert steps["Check"].medium is Medium.PAPER and steps["Check"].evidence == ("Dokumentation: „Medium: Papier“",)
    assert steps["Note"].medium is Medium.IN_PERSON and "Textanmerkung" in steps["Note"].evidence[0]
    _, findings = run(load_file(MEDIA / "annotated_signavio.bpmn"))
    rules = [(f.element, f.rule) for f in findings]
    assert ("Bad", "media/invalid-annotation") in rules
    assert ("Check", "media/print-after-digital-intake") in rules
    c = load_file(FIXTURES / "model" / "camunda_collaboration.bpmn").definitions
    camunda = infer(c.processes[0], c, default_lexicon()).steps
    assert camunda["Task_Check"].evidence == ("Eigenschaft medium = digital",)


def test_weak_words_do_not_break_a_known_digital_flow():
    # "unterschreiben" alone may well be a qualified electronic signature
    assert breaks_of(chain(("task", "Antrag über Portal annehmen"), "Vertrag unterschreiben")) == []
    assert media_of(chain("Vertrag unterschreiben"))["N1"] is Medium.PAPER


def test_project_lexicon_extends_the_shipped_one(tmp_path):
    extra = tmp_path / "terms.yaml"
    extra.write_text("digital:\n  strong:\n    - OK.VERW\n", encoding="utf-8")
    options = Options(lexicon=default_lexicon().extended(load_lexicon(extra)))
    data = chain("Papierantrag annehmen", "Vorgang in OK.VERW bearbeiten")
    assert breaks_of(data) == []  # unknown medium without the project term
    assert breaks_of(data, options) == [("N2", "re_keying")]


def test_muenchen_fully_digital_approval_has_no_media_break():
    from conftest import shared

    path = shared("corpus", "real", "muenchen-digiwf__AntragDVMoHo.bpmn")
    _, findings = run(load_file(path))
    assert [f for f in findings if f.rule != "media/unknown-medium"] == []


def test_twenty_thousand_steps_propagate_to_the_end():
    # timing lives in benchmarks/analysis.py; this checks the result on a long chain
    data = chain(*[("task", "Antrag per Post annehmen" if i == 0 else f"Vorgang {i} bearbeiten") for i in range(20_000)])
    result = load_bytes(data, "big.bpmn")
    media = infer(result.definitions.processes[0], result.definitions, default_lexicon())
    assert media.steps["N20000"].medium is Medium.PAPER
    assert media.steps["N20000"].origin == "N1"


def test_explain_lists_steps_in_flow_order_with_medium_evidence_and_findings():
    from typer.testing import CliRunner

    from prozess.cli import app

    result = CliRunner().invoke(app, ["explain", str(MEDIA / "digital_mailbox.bpmn")], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Verfahren „Wohngeldstelle“: E1 Digitale Haustür"
    assert "digitaler Briefkasten: ja" in lines[1] and "Antragstellerin (Antragsteller)" in lines[1]
    assert "Wohngeld bearbeiten (P)" in lines
    assert "Ende-zu-Ende-Stufe: E1 Digitale Haustür" in result.stdout
    rows = [line for line in lines if line[:3].strip().isdigit()]
    names = [row.split("  ")[1].strip() for row in rows]
    assert names[:3] == ["Antrag eingegangen", "Antrag ausdrucken", "Antrag auf Vollständigkeit prüfen"]
    printed = next(row for row in rows if "Antrag ausdrucken" in row)
    assert "Papier" in printed and "media/print-after-digital-intake" in printed and "Poststelle" in printed
    missing = CliRunner().invoke(app, ["explain", str(MEDIA / "digital_mailbox.bpmn"), "--process", "nope"])
    assert missing.exit_code == 2


def test_result_sent_on_unnamed_way_right_after_a_print_sends_the_printout():
    d = load_bytes(chain("Antrag im Fachverfahren prüfen", "Bescheid drucken", "Bescheid versenden"), "t.bpmn").definitions
    steps = infer(d.processes[0], d, default_lexicon()).steps
    assert steps["N3"].medium is Medium.PAPER
    assert steps["N3"].evidence == ("Versendet den Ausdruck von „Bescheid drucken“",)
    # without the print the way out stays open
    d = load_bytes(chain("Antrag im Fachverfahren prüfen", "Bescheid versenden"), "t.bpmn").definitions
    steps = infer(d.processes[0], d, default_lexicon()).steps
    assert steps["N2"].medium is Medium.UNKNOWN
    assert steps["N2"].evidence == ("Ergebnis geht nach außen, der Weg ist nicht angegeben",)


def test_an_english_step_that_posts_a_letter_sends_paper_out():
    """HMCTS: "Post PIN in Letter Defendant LiP" after a digital intake is paper output (K3), not a print
    into the back office; the German noun ("Post öffnen") stays what it was."""
    digital = ("serviceTask", "Receive claim online")
    assert breaks_of(chain(digital, ("serviceTask", "Post PIN in Letter Defendant LiP"))) == [("N2", "paper_output")]
    assert breaks_of(chain(("task", "Antrag online empfangen"), ("task", "Post öffnen"))) == [
        ("N2", "print_after_digital_intake")
    ]
