"""The rule base as legal advisors meet it: validation messages, examples, layers, schema, docs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from prozess import yamlsrc
from prozess.cli import app
from prozess.legal.reference import reference_page
from prozess.legal.rules import load_rulebase, schema
from prozess.legal.ruletest import run_examples

SHIPPED = ROOT / "legal_rules"
runner = CliRunner()

GOOD_RULE = """\
rules:
  - id: LB-TEST-1
    title: Testregel
    requirement: written_form
    blocking: substitutable
    norm:
      law: VwVfG
      paragraph: 3a
      citation: § 3a VwVfG
      jurisdiction: DE
    valid_from: 2024-01-01
    match:
      keywords: [Antrag unterschreiben]
    remedy: Online-Formular anbieten.
    sources: [GII vwvfg/__3a]
    confidence: high
    examples:
      must_match: [Antrag unterschreiben]
      must_not_match: [Antrag prüfen]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    write(tmp_path, "regeln.yaml", text)
    return [str(p) for p in load_rulebase([tmp_path], base=tmp_path).problems]


def test_shipped_rule_base_is_valid_and_broad_enough():
    base = load_rulebase([SHIPPED])
    assert base.problems == ()
    assert len(base.rules) >= 20
    jurisdictions = {r.rule.jurisdiction for r in base.rules}
    assert {"DE", "DE-NI", "DE-HE"} <= jurisdictions
    laws = {r.rule.norm.law for r in base.rules}
    for law in ("VwVfG", "SGB I", "AO", "PAuswG", "PassG", "BMG", "PStV", "BGB", "BZRG", "GewAnzV", "BEEG", "WoGG",
                "JArbSchUV", "NBauO", "HBO"):
        assert law in laws, law
    for loaded in base.rules:
        assert loaded.rule.examples.must_match and loaded.rule.examples.must_not_match


def _example_results():
    return run_examples(load_rulebase([SHIPPED]))


@pytest.mark.parametrize("result", _example_results(), ids=lambda r: r.label)
def test_shipped_rule_example(result):
    assert result.passed, f"{result.file}:{result.line} „{result.text}“ {result.expectation}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD_RULE.replace("    confidence: high\n", "    confidence: high\n    confidence: low\n"),
         "regeln.yaml:17:5: error: Der Schlüssel „confidence“ steht doppelt (zuerst in Zeile 16)"),
        (GOOD_RULE.replace("sources:", "sorces:"),
         "regeln.yaml:15:5: error: rules[0].sorces: Unbekanntes Feld „sorces“. Meinten Sie „sources“?"),
        (GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: 01.01.2024"),
         "regeln.yaml:11:17: error: rules[0].valid_from: Erwartet wird ein Datum im Format JJJJ-MM-TT"),
        (GOOD_RULE.replace("blocking: substitutable", "blocking: vielleicht"),
         "regeln.yaml:5:15: error: rules[0].blocking: Ungültiger Wert „vielleicht“. Erlaubt sind:"),
        (GOOD_RULE.replace("    remedy: Online-Formular anbieten.\n", ""),
         "regeln.yaml:2:5: error: rules[0].remedy: Pflichtfeld fehlt."),
        (GOOD_RULE.replace("jurisdiction: DE", "jurisdiction: Niedersachsen"),
         "error: rules[0].norm.jurisdiction: Ungültiges Format „Niedersachsen“, erwartet z. B. DE, EU, DE-NI"),
        (GOOD_RULE.replace("      must_not_match: [Antrag prüfen]\n", "      must_not_match: []\n"),
         "rules[0].examples.must_not_match: Mindestens ein Eintrag ist nötig."),
        (GOOD_RULE.replace("    title: Testregel", "    title: &t Testregel\n    note: *t"),
         "regeln.yaml:3:12: error: Anker und Verweise (& und *) sind nicht erlaubt"),
        (GOOD_RULE.replace("    title: Testregel", "    title: !!python/object:os.system echo"),
         "error: Der Typ-Vermerk „tag:yaml.org,2002:python/object:os.system“ ist nicht erlaubt"),
        (GOOD_RULE.replace("    title: Testregel", "    title: [Testregel"),
         "error: Kein gültiges YAML"),
        (GOOD_RULE.replace("      keywords: [Antrag unterschreiben]", "      keywords: []"),
         "rules[0].match: keywords, explicit_refs oder procedures mit acts: mindestens eines muss angegeben sein"),
        (GOOD_RULE.replace("    remedy: Online-Formular anbieten.", "    remedy: Hinweis: Online-Formular anbieten."),
         "error: Kein gültiges YAML"),
        (GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: 2024-01-01\n    valid_until: 2023-01-01"),
         "rules[0].valid_until: valid_until liegt vor valid_from"),
    ],
    ids=["duplicate-key", "unknown-field", "german-date", "bad-literal", "missing-field", "bad-jurisdiction",
         "no-negative-example", "anchor", "python-tag", "broken-yaml", "nothing-to-match", "colon-in-text",
         "until-before-from"],
)
def test_rule_file_errors_name_file_line_and_field(tmp_path, text, expected):
    found = problems_of(tmp_path, text)
    assert any(expected in p for p in found), found


def test_yaml_scalars_stay_strings_for_the_model():
    located = yamlsrc.load("keywords: [unterschreiben, no, on]\nversion: 1.10\nday: 2024-01-01\nhard: no\n")
    assert located.data == {"keywords": ["unterschreiben", "no", "on"], "version": "1.10", "day": "2024-01-01", "hard": "no"}
    assert located.line_of(("keywords", 1)) == 1 and located.line_of(("day",)) == 3


def test_non_utf8_and_non_mapping_files(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("rules:\n  - title: Prüfung\n".encode("latin-1"))
    (tmp_path / "liste.yaml").write_text("- a\n- b\n", encoding="utf-8")
    found = [str(p) for p in load_rulebase([tmp_path], base=tmp_path).problems]
    assert any("latin1.yaml" in p and "nicht UTF-8" in p for p in found)
    assert any("liste.yaml:1:1" in p and "rules:" in p for p in found)


def test_duplicate_ids_expired_rules_and_layers(tmp_path):
    land, town = tmp_path / "land", tmp_path / "stadt"
    write(land, "a.yaml", GOOD_RULE)
    write(land, "b.yaml", GOOD_RULE)
    found = [str(p) for p in load_rulebase([land], base=tmp_path).problems]
    assert any("b.yaml:2" in p and "LB-TEST-1 ist doppelt vergeben (zuerst land/a.yaml:2)" in p for p in found)

    (land / "b.yaml").unlink()
    expired = GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: 2020-01-01\n    valid_until: 2021-12-31")
    write(town, "a.yaml", expired.replace("title: Testregel", "title: Städtische Fassung"))
    base = load_rulebase([land, town], today=date(2026, 11, 22), base=tmp_path)
    assert base.by_id("LB-TEST-1").rule.title == "Städtische Fassung"  # later layer wins
    assert [p.severity for p in base.problems] == ["warning"] and "gilt nur bis 2021-12-31" in base.problems[0].message

    write(town, "a.yaml", "disable:\n  - id: LB-TEST-1\n    reason: Satzung regelt es anders\n")
    base = load_rulebase([land, town], base=tmp_path)
    assert base.rules == () and base.disabled[0][:2] == ("LB-TEST-1", "Satzung regelt es anders")


def test_committed_schema_is_current_and_validates_rule_files():
    committed = json.loads((ROOT / "src" / "prozess" / "data" / "rule.schema.json").read_text(encoding="utf-8"))
    assert committed == schema(), "run: prozess rules schema -o src/prozess/data/rule.schema.json"
    for path in SHIPPED.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / text.split("$schema=", 1)[1].split()[0]).resolve()
        assert target == (ROOT / "src" / "prozess" / "data" / "rule.schema.json").resolve(), path
        # editors read YAML with ordinary typing (true is a boolean, dates are dates)
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(text), default=str)), committed)


def test_generated_reference_page_is_current():
    page = (ROOT / "docs" / "regelwerk" / "referenz.md").read_text(encoding="utf-8")
    assert page == reference_page(load_rulebase([SHIPPED], base=ROOT)), "run: prozess rules docs -o docs/regelwerk/referenz.md"
    for heading in ("**Was:**", "**Warum:**", "**Beispiel:**", "**Behebung:**"):
        assert page.count(heading) == len(load_rulebase([SHIPPED]).rules)


def test_cli_validate_test_list_show(tmp_path):
    result = runner.invoke(app, ["rules", "validate"], catch_exceptions=False)
    assert result.exit_code == 0 and "0 Fehler" in result.stdout
    result = runner.invoke(app, ["rules", "test"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.splitlines()[-1].endswith(" passed, 0 failed")

    write(tmp_path, "kaputt.yaml", GOOD_RULE.replace("sources:", "sorces:"))
    result = runner.invoke(app, ["rules", "validate", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 2 and "kaputt.yaml:15:5: error: rules[0].sorces" in result.stdout and "Traceback" not in result.stdout

    write(tmp_path, "kaputt.yaml", GOOD_RULE.replace("must_not_match: [Antrag prüfen]", "must_not_match: [Antrag unterschreiben lassen]"))
    result = runner.invoke(app, ["rules", "test", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "kaputt.yaml:19: LB-TEST-1::must_not_match[0] „Antrag unterschreiben lassen“ sollte nicht greifen: FAILED" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"

    result = runner.invoke(app, ["rules", "list", "--format", "json", "--jurisdiction", "DE-NI"], catch_exceptions=False)
    rows = json.loads(result.stdout)
    assert {r["jurisdiction"] for r in rows} == {"DE", "DE-NI"}
    result = runner.invoke(app, ["rules", "show", "LB-BUND-PAUSWG-9-ANTRAG"], catch_exceptions=False)
    assert "§ 9 Abs. 1 S. 2, 4, 6, Abs. 3 PAuswG" in result.stdout and "**Behebung:**" in result.stdout
    assert runner.invoke(app, ["rules", "show", "LB-GIBT-ES-NICHT"]).exit_code == 2


def test_worked_example_in_the_guide_is_a_valid_passing_rule(tmp_path):
    import re

    guide = (ROOT / "docs" / "regelwerk" / "index.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(   # yaml-language-server.*?)```", guide, re.S).group(1)
    write(tmp_path, "beispiel.yaml", "\n".join(line[3:] for line in block.splitlines()))
    base = load_rulebase([tmp_path], base=tmp_path)
    assert base.problems == ()
    assert [r.passed for r in run_examples(base)] == [True, True]


@pytest.mark.parametrize(("old", "new", "accepted"), [
    ("valid_from: 2024-01-01", "valid_from: 2024-01-01T00:00:00", False),
    ("valid_from: 2024-01-01", "valid_from: 2024-02-30", False),
    ("paragraph: ", "paragraph: ", True),
])
def test_the_reader_and_the_editor_schema_agree(tmp_path, old, new, accepted):
    import jsonschema
    import yaml

    from prozess.legal.rules import schema
    from prozess.legal.ruleschema import parse_file

    text = GOOD_RULE.replace(old, new, 1)
    path = tmp_path / "regeln.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems, _, _ = parse_file(path, "regeln.yaml", 0)
    class Yaml12(yaml.SafeLoader):  # what an editor's YAML language server sees: numbers, but no timestamps
        pass

    Yaml12.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    data = yaml.load(text, Loader=Yaml12)
    valid = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).is_valid(
        json.loads(json.dumps(data, default=str)))
    assert (not problems) is accepted
    assert valid is accepted


def test_yaml_booleans_other_than_true_and_false_are_refused(tmp_path):
    from prozess.legal.ruleschema import parse_file

    path = tmp_path / "regeln.yaml"
    path.write_text(GOOD_RULE.replace("requirement:", "inherent: no\n    requirement:", 1), encoding="utf-8")
    _, problems, _, _ = parse_file(path, "regeln.yaml", 0)
    assert any("inherent" in str(p) and "true oder false" in str(p) for p in problems)


def test_rules_validate_checks_one_file_of_a_town_layer(tmp_path):
    layer = tmp_path / "stadt.yaml"
    layer.write_text("disable:\n  - id: LB-BUND-BGB-1311-TRAUUNG\n    reason: nicht modelliert\n", encoding="utf-8")
    result = runner.invoke(app, ["rules", "validate", str(layer)])
    assert result.exit_code == 0 and "0 Fehler, 0 Warnungen" in result.stdout, result.stdout
    layer.write_text("disable:\n  - id: LB-GIBT-ES-NICHT\n    reason: Tippfehler\n", encoding="utf-8")
    result = runner.invoke(app, ["rules", "validate", str(layer)])
    assert "LB-GIBT-ES-NICHT" in result.stdout and "stadt.yaml:2" in result.stdout


def test_rules_show_documents_built_in_rules_too():
    result = runner.invoke(app, ["rules", "show", "media/scan"])
    assert result.exit_code == 0 and "**Was:**" in result.stdout and "**Behebung:**" in result.stdout
    result = runner.invoke(app, ["rules", "show", "suppression/malformed"])
    assert result.exit_code == 0 and "**Beispiel:**" in result.stdout


def test_an_example_can_state_its_verdict_and_a_wrong_one_fails(tmp_path):
    stated = GOOD_RULE.replace("      must_match: [Antrag unterschreiben]\n",
                               "      must_match:\n        - name: Antrag unterschreiben\n"
                               "          medium: paper\n          verdict: quick_win\n"
                               "        - name: Antrag unterschreiben\n          medium: digital\n          verdict: met\n")
    write(tmp_path, "regeln.yaml", stated)
    assert [r.passed for r in run_examples(load_rulebase([tmp_path], base=tmp_path))] == [True, True, True]
    write(tmp_path, "regeln.yaml", stated.replace("verdict: met", "verdict: hard"))
    results = run_examples(load_rulebase([tmp_path], base=tmp_path))
    assert [r.passed for r in results] == [True, False, True]
