"""The public Python API: the README's example runs as written and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

import prozess
from conftest import ROOT


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_example_prints_what_it_says(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = _readme_example()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    expected = [m.group(1).strip() for line in code.splitlines() if "print(" in line
                for m in [re.search(r"#\s*(.+)$", line)] if m]
    assert printed == expected


def test_errors_share_one_base_and_say_where():
    for name in ("BpmnError", "RuleBaseError", "LexiconError", "ConfigError", "SelectionError", "XProzessError",
                 "YamlError"):
        assert issubclass(getattr(prozess, name), prozess.ProzessError), name
    with pytest.raises(prozess.BpmnError) as caught:
        prozess.load(ROOT / "README.md")
    assert caught.value.line == 1 and str(caught.value).startswith(str(ROOT / "README.md") + ":1:")


def test_read_never_raises_and_analyse_reports_the_error(tmp_path):
    broken = tmp_path / "kaputt.bpmn"
    broken.write_text("<bpmn:definitions", encoding="utf-8")
    result = prozess.read(broken)
    assert result.error is not None
    analysis = prozess.analyse(result)
    assert not analysis.ok or analysis.file.recovered


def test_a_broken_rule_layer_raises_with_file_and_line(tmp_path):
    (tmp_path / "kaputt.yaml").write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(prozess.RuleBaseError) as caught:
        prozess.load_rules(tmp_path)
    assert "kaputt.yaml:2:1: error: Kein gültiges YAML" in str(caught.value)


def test_every_exported_name_resolves():
    for name in prozess.__all__:
        assert getattr(prozess, name) is not None, name
    assert callable(prozess.check) and prozess.Options is prozess.api.Options
