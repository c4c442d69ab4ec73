"""FIM process models in XProzess 2.x (xprozess.py): the embedded BPMN is loaded like any file, the
procedure key and the legal basis of each activity group come from the export itself, and every
way such a file can be broken gets its own located German error."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest

from conftest import shared
from prozess.bpmn.loader import Limits, load_bytes, load_file
from prozess.bpmn.xprozess import parse_norm
from prozess.check import Options, analyse
from test_cli import run

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x">
  <process id="P" name="Personalausweis beantragen">
    <startEvent id="S" />
    <subProcess id="AG1" name="Antrag aufnehmen">
      <startEvent id="AG1_S" />
      <task id="AG1_T" name="Antrag bei Vorsprache aufnehmen" />
      <sequenceFlow id="i1" sourceRef="AG1_S" targetRef="AG1_T" />
    </subProcess>
    <subProcess id="AG2" name="Bescheinigung bereitstellen" />
    <endEvent id="E" />
    <sequenceFlow id="f1" sourceRef="S" targetRef="AG1" />
    <sequenceFlow id="f2" sourceRef="AG1" targetRef="AG2" />
    <sequenceFlow id="f3" sourceRef="AG2" targetRef="E" />
  </process>
</definitions>
"""

GROUPS = """
          <x:aktivitaetengruppe>
            <x:referenzaktivitaetengruppeTyp><code>1</code></x:referenzaktivitaetengruppeTyp>
            <x:id>01</x:id>
            <x:subProzessID>AG1</x:subProzessID>
            <x:name>Antrag aufnehmen</x:name>
            <x:handlungsgrundlage><x:name>§ 9 (1) PAuswG</x:name><x:art><code>104</code></x:art>
              <x:uri>https://www.gesetze-im-internet.de/pauswg/__9.html</x:uri></x:handlungsgrundlage>
            <x:spezifischeAttribute><x:spezifischeAttribute1><x:empfangeneDaten>
              <x:uebermittlungsart><code>99</code></x:uebermittlungsart></x:empfangeneDaten></x:spezifischeAttribute1></x:spezifischeAttribute>
          </x:aktivitaetengruppe>
          <x:aktivitaetengruppe>
            <x:referenzaktivitaetengruppeTyp><code>2</code></x:referenzaktivitaetengruppeTyp>
            <x:id>02</x:id>
            <x:subProzessID>AG2</x:subProzessID>
            <x:name>Bescheinigung bereitstellen</x:name>
            <x:handlungsgrundlage><x:name>§ 27 (1) - (4) MuSchG</x:name></x:handlungsgrundlage>
            <x:spezifischeAttribute><x:spezifischeAttribute2><x:bereitgestellteDaten>
              <x:uebermittlungsart><code>99</code></x:uebermittlungsart></x:bereitgestellteDaten></x:spezifischeAttribute2></x:spezifischeAttribute>
          </x:aktivitaetengruppe>"""


def zipped(members: dict[str, bytes]) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return base64.b64encode(buffer.getvalue()).decode()


def envelope(content: str | None = None, version: str = "2", groups: str = GROUPS) -> bytes:
    content = zipped({"BPMN DI-Export.xml": BPMN.encode()}) if content is None else content
    model = (
        f"<x:prozessmodell><x:prozessmodelldatei><x:dateiname>BPMN DI-Export</x:dateiname>"
        f"<x:inhalt>{content}</x:inhalt></x:prozessmodelldatei></x:prozessmodell>" if content != "" else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<x:alleInhalte.export.0303 xmlns:x="http://www.regierung-mv.de/xprozess/{version}" produkt="Testwerkzeug" xprozessVersion="{version}.0">
  <x:prozesskatalog>
    <x:prozessklasse>
      <x:id>99010004001000</x:id>
      <x:version>01.00.00</x:version>
      <x:name>Personalausweis beantragen</x:name>
      <x:handlungsgrundlage><x:name>§ 9 PAuswG</x:name></x:handlungsgrundlage>
      <x:zustandsangaben><x:status><code>2</code></x:status>
        <x:gueltigkeitszeitraum><x:beginn>2024-01-01T00:00:00.000Z</x:beginn></x:gueltigkeitszeitraum></x:zustandsangaben>
    </x:prozessklasse>
  </x:prozesskatalog>
  <x:prozessbibliothek>
    <x:prozess>
      <x:id>99010004001000</x:id>
      <x:prozessstrukturbeschreibung><x:strukturbeschreibungFIM>{groups}
      </x:strukturbeschreibungFIM></x:prozessstrukturbeschreibung>
      {model}
    </x:prozess>
  </x:prozessbibliothek>
</x:alleInhalte.export.0303>
""".encode()


def test_fim_norm_names_are_parsed_into_law_paragraph_and_absaetze():
    assert parse_norm("§ 27 (1) MuSchG") == ("MuSchG", "27", ("1",))
    assert parse_norm("§ 27 (1) - (4) MuSchG") == ("MuSchG", "27", ("1", "2", "3", "4"))
    assert parse_norm("§ 3a Abs. 2 VwVfG") == ("VwVfG", "3a", ("2",))
    assert parse_norm("§ 29 MuSchG ") == ("MuSchG", "29", ())
    assert parse_norm("Satzung über die Hundesteuer") == (None, None, ())


def test_embedded_model_is_loaded_and_each_activity_group_joined_with_its_legal_basis():
    result = load_bytes(envelope(), "ausweis.xml")
    assert result.ok, result.error
    definitions = result.definitions
    assert definitions.embedded == "BPMN DI-Export.xml"
    service = definitions.service
    assert (service.key, service.name, service.version, service.status) == (
        "99010004001000", "Personalausweis beantragen", "01.00.00", "2")
    assert service.valid_from.startswith("2024-01-01") and service.source == "XProzess 2.0 (Testwerkzeug)"
    assert [b.name for b in service.legal_bases] == ["§ 9 PAuswG"]
    group = definitions.activity_group("AG2")
    assert group.name == "Bescheinigung bereitstellen" and group.semantics == ("stellt Daten bereit",)
    assert group.legal_bases[0].citations == tuple(f"§ 27 Abs. {n} MuSchG" for n in "1234")
    # lines point into the envelope: the step's activity group, inner steps the group around them
    nodes = {n.id: n for n in definitions.processes[0].nodes}
    assert nodes["AG1"].line == nodes["AG1_T"].line == definitions.activity_groups[0].line


def test_the_step_cites_its_fim_legal_basis_for_the_rule_engine():
    _, findings = analyse(load_bytes(envelope(), "ausweis.xml"), Options())
    hits = {(f.element, f.rule): f for f in findings if f.kind == "legal"}
    inner = hits[("AG1_T", "legal/LB-BUND-PAUSWG-9-ANTRAG")]  # the group around the step cites § 9 (1)
    assert "FIM-Handlungsgrundlage § 9 Abs. 1 PAuswG" in inner.data["evidence"]


def test_a_stammprozess_leaves_the_channel_open():
    _, findings = analyse(load_bytes(envelope(), "ausweis.xml"), Options())
    hint = next(f for f in findings if f.element == "AG2" and f.rule == "media/unknown-medium")
    assert "Übermittlungsart im Stammprozess offen" in hint.message
    assert not [f for f in findings if f.kind == "media_break"]


def test_json_report_and_explain_show_the_procedure_and_the_legal_bases(tmp_path):
    path = tmp_path / "ausweis.xml"
    path.write_bytes(envelope())
    report = json.loads(run("check", str(tmp_path), "-f", "json", "--fail-on", "never").stdout)
    (file,) = report["files"]
    assert file["service"]["key"] == "99010004001000" and file["embedded"] == "BPMN DI-Export.xml"
    steps = {s["id"]: s for s in file["processes"][0]["steps"]}
    assert steps["AG1"]["fim"]["legal_bases"][0]["citations"] == ["§ 9 Abs. 1 PAuswG"]
    assert steps["AG1"]["fim"]["semantics"] == ["empfängt Daten"] and "fim" not in steps["S"]
    text = run("explain", str(path)).stdout
    assert "Leistungsschlüssel 99010004001000" in text
    assert "Antrag aufnehmen [empfängt Daten]: § 9 (1) PAuswG (§ 9 Abs. 1 PAuswG)" in text


@pytest.mark.parametrize("lang, anchor", [("de", "rechtsgrundlagen-der-schritte-fim"), ("en", "legal-bases-of-the-steps-fim")])
def test_site_page_lists_the_legal_bases_and_search_finds_them(tmp_path, lang, anchor):
    from prozess.check import check_paths
    from prozess.site.build import SiteOptions, build_site

    path = tmp_path / "ausweis.xml"
    path.write_bytes(envelope())
    options = Options()
    html = build_site(check_paths([path], options), options.rules,
                      SiteOptions(out=tmp_path / "out", lang=lang, contact="x"))
    (page,) = (html / "prozesse").glob("*.html")
    text = page.read_text(encoding="utf-8")
    assert '<td>Antrag aufnehmen</td><td><a href="https://www.gesetze-im-internet.de/pauswg/__9.html">' in text
    index = json.loads((html / "search" / "search_index.json").read_text(encoding="utf-8"))
    (entry,) = [d for d in index["docs"] if d["location"] == f"prozesse/{page.name}#{anchor}"]
    assert f'id="{anchor}"' in text  # the anchor MkDocs gave the heading
    assert "<li>Antrag aufnehmen: § 9 (1) PAuswG</li>" in entry["text"]


def _error(data: bytes, limits: Limits = Limits()):
    result = load_bytes(data, "kaputt.xml", limits)
    assert result.definitions is None and result.error is not None
    return result.error


def test_damaged_zip_has_its_own_error():
    error = _error(envelope(base64.b64encode(b"PK\x03\x04 kein zip").decode()))
    assert "kein lesbares ZIP-Archiv" in error.message and error.line


def test_zip_member_larger_than_the_limit_is_refused():
    bomb = zipped({"BPMN DI-Export.xml": b"<a>" + b" " * 3_000_000 + b"</a>"})
    error = _error(envelope(bomb), Limits(max_file_bytes=1_000_000))
    assert "mehr als die Grenze" in error.message or "größer als die Grenze" in error.message


def test_zip_member_with_a_path_outside_is_refused():
    error = _error(envelope(zipped({"../x.xml": BPMN.encode()})))
    assert "„../x.xml“ hat einen unzulässigen Pfad" in error.message


def test_xprozess_3_is_reported_as_unsupported():
    error = _error(envelope(version="3"))
    assert "XProzess 3.0" in error.message and "nicht unterstützt" in error.message and error.line == 2


def test_a_file_without_a_model_says_so():
    error = _error(envelope(content=""))
    assert "kein Prozessmodell" in error.message


def test_a_broken_embedded_model_is_located_and_other_files_are_unaffected(tmp_path):
    (tmp_path / "kaputt.xml").write_bytes(envelope(zipped({"BPMN DI-Export.xml": b"<definitions"})))
    (tmp_path / "gut.bpmn").write_bytes(BPMN.encode())
    result = run("check", str(tmp_path), "-f", "json", "--fail-on", "never")
    report = json.loads(result.stdout)
    assert result.exit_code == 0  # --fail-on never: an unreadable model is a finding
    files = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert files["gut.bpmn"]["ok"] and files["gut.bpmn"]["processes"]
    assert "im eingebetteten BPMN-Modell „BPMN DI-Export.xml“" in files["kaputt.xml"]["error"]["message"]


@pytest.fixture(scope="module")
def sample():
    folder = shared("corpus", "fim")
    (path,) = sorted(folder.glob("*.xml"))
    return path


def test_the_real_fim_sample(sample):
    result = load_file(sample)
    assert result.ok, result.error
    definitions = result.definitions
    assert definitions.service.key == "99006028261000"
    assert definitions.service.name.startswith("Anzeige zur Beschäftigung einer schwangeren")
    elements = {n.id for p in definitions.processes for n in p.nodes}
    assert len(definitions.activity_groups) == 12
    assert all(g.element in elements for g in definitions.activity_groups)  # every group joined
    assert all(g.legal_bases for g in definitions.activity_groups)
    korrektur = next(g for g in definitions.activity_groups if g.name == "Korrektur anfordern")
    assert korrektur.legal_bases[0].citations == tuple(f"§ 27 Abs. {n} MuSchG" for n in "1234")


def test_check_and_explain_on_the_real_sample(sample):
    result = run("check", str(sample.parent), "--fail-on", "never", "-f", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["files"][0]["service"]["key"] == "99006028261000"
    # the FIM process class is the Leistungsschlüssel the catalogue knows
    identity = report["files"][0]["procedures"][0]["identity"]
    assert identity["ids"] == ["MUTTERSCHUTZ_ANZEIGE"] and identity["how"] == "service_key"
    text = run("explain", str(sample)).stdout
    assert "Verfahren: Anzeige zur Beschäftigung einer schwangeren oder stillenden Frau (Leistungsschlüssel" in text
    assert "Leistungsschlüssel 99006028261000" in text and "Anzeige formell prüfen [formelle Prüfung]: § 27 (1) MuSchG" in text
