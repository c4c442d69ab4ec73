"""The cache of rule base and lexicon (prozess.cache): never stale, never in the way, and worth it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date

from conftest import ROOT
from prozess import cache
from prozess.legal.rules import load_rulebase
from prozess.media.lexicon import load_lexicon
from test_rules import GOOD_RULE, write


def test_a_changed_rule_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PROZESS_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    write(rules, "regeln.yaml", GOOD_RULE)
    first = load_rulebase([rules], base=tmp_path)
    assert first.ok and len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    assert load_rulebase([rules], base=tmp_path) == first  # from the cache
    write(rules, "regeln.yaml", GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: 2024-01-02", 1))
    second = load_rulebase([rules], base=tmp_path)
    assert second.rules[0].rule.valid_from == date(2024, 1, 2)
    write(rules, "regeln.yaml", GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: morgen", 1))
    broken = load_rulebase([rules], base=tmp_path)
    assert not broken.ok and broken.problems[0].field == "rules[0].valid_from"
    assert load_rulebase([rules], base=tmp_path) == broken  # problems are kept too, with file and line


def test_the_day_and_a_new_file_are_part_of_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("PROZESS_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    write(rules, "regeln.yaml", GOOD_RULE.replace("valid_from: 2024-01-01", "valid_from: 2024-01-01\n    valid_until: 2025-01-01", 1))
    assert load_rulebase([rules], today=date(2024, 6, 1), base=tmp_path).problems == ()
    expired = load_rulebase([rules], today=date(2026, 6, 1), base=tmp_path).problems
    assert [p.field for p in expired] == ["valid_until"]
    write(rules, "mehr.yaml", GOOD_RULE.replace("LB-TEST-1", "LB-TEST-2"))
    assert len(load_rulebase([rules], today=date(2024, 6, 1), base=tmp_path).rules) == 2


def _stored_rules(tmp_path, monkeypatch, name: str):
    """A rule folder loaded once into the cache folder ``name``: (rules, rule base, its cache file)."""
    folder = tmp_path / name
    monkeypatch.setenv("PROZESS_CACHE_DIR", str(folder))
    rules = tmp_path / "rules"
    write(rules, "regeln.yaml", GOOD_RULE)
    expected = load_rulebase([rules], base=tmp_path)
    (stored,) = folder.glob("rules-*.pickle")
    return rules, expected, stored


def test_a_broken_or_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    rules, expected, stored = _stored_rules(tmp_path, monkeypatch, "cache")
    stored.write_bytes(b"not a pickle")
    assert load_rulebase([rules], base=tmp_path) == expected
    assert stored.read_bytes() != b"not a pickle"  # written again
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("PROZESS_CACHE_DIR", str(blocked / "cache"))  # cannot be made: a file is in the way
    assert load_rulebase([rules], base=tmp_path) == expected


def test_a_folder_others_may_write_to_is_not_used(tmp_path, monkeypatch):
    # a pickle runs code when it is read: one planted in a shared folder must never be loaded
    rules, expected, stored = _stored_rules(tmp_path, monkeypatch, "shared")
    folder = stored.parent
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # made private
    stored.write_bytes(pickle.dumps("planted"))
    folder.chmod(0o777)
    assert load_rulebase([rules], base=tmp_path) == expected
    folder.chmod(0o700)
    assert load_rulebase([rules], base=tmp_path) == "planted"  # the same file is read from a private folder


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PROZESS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() is None
    write(tmp_path / "rules", "regeln.yaml", GOOD_RULE)
    assert load_rulebase([tmp_path / "rules"], base=tmp_path).ok
    assert not (tmp_path / "xdg").exists()
    monkeypatch.delenv("PROZESS_CACHE_DIR")
    assert cache.directory() == tmp_path / "xdg" / "prozess"


def test_old_values_of_a_kind_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("PROZESS_CACHE_DIR", str(tmp_path / "cache"))
    lexicon = tmp_path / "begriffe.yaml"
    for number in range(cache.KEEP + 3):
        lexicon.write_text(f"paper:\n  strong:\n    - Formular{number}\n", encoding="utf-8")
        load_lexicon(lexicon)
    assert len(list((tmp_path / "cache").glob("lexicon-*.pickle"))) == cache.KEEP


def test_a_start_with_a_cached_rule_base_reads_no_yaml_and_imports_no_pydantic(tmp_path):
    # a check's start: pydantic and PyYAML only when rule files or the lexicon must be read
    code = (
        "import sys, prozess; prozess.check(['processes/wohngeld.bpmn']); "
        "print(sorted({'pydantic', 'yaml'} & set(sys.modules)))"
    )
    env = dict(os.environ, PROZESS_CACHE_DIR=str(tmp_path / "cache"))
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['pydantic', 'yaml']"
    again = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]", again.stderr
