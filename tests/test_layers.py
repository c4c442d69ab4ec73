"""The dependency rule of the code base (docs/architektur.md): no module imports from a higher layer.

Layers, lowest first; a module may import from its own layer or a lower one:

1. base – errors, pickling, the cache, strict YAML, findings, path and text helpers of the formats
2. bpmn/ – the model and reading it, the checks on the model (knows XML, nothing of media or law)
3. media/ – lexicon, roles, evidence, the medium of each step, media breaks
4. legal/ – the rule base, the procedure catalogue, act types, the matcher, verdicts
5. readiness
6. analysis – procedures, suppressions, the pipeline, the report, the rule catalogue, the Python API, ci/
7. formats/ – report formats and `prozess explain`
8. site/
9. cli

Two more rules: the legal modules use only media's public names (no ``_private`` ones), and no
``_private`` module is imported from outside its package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "prozess"

LAYERS = [
    "errors pickling frozen cache registry labels yamlsrc findings formats.paths formats.printable",
    "bpmn bpmn.model bpmn.xprozess bpmn.loader bpmn.graph bpmn.checks",
    "media media.lexicon media.roles media.evidence media.inference media.breaks",
    "legal legal.rules legal.ruleschema legal.phrases legal.identity legal.acts legal.verdict legal.match legal.ruletest legal.reference",
    "readiness",
    "procedures suppress catalog check report api ci ci.config ci.selection ci.baseline",
    "formats formats.github formats.gitlab formats.json formats.junit formats.markdown formats.sarif formats.text "
    "formats.explain formats.steps formats.jsontext",
    "site site.layout site.planning site.build site.diagram site.search site.texts",
    "cli __main__",
]
RANK = {name: index for index, layer in enumerate(LAYERS) for name in layer.split()}
LEGAL = {m for m in RANK if m.startswith("legal")}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(src: Path = SRC):
    """(module, imported module, imported names) for every relative import inside the package."""
    for path in sorted(src.rglob("*.py")):
        module = _module(path)
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                if node.module:
                    yield module, ".".join(base + [node.module]), [a.name for a in node.names]
                else:  # from . import yamlsrc
                    for alias in node.names:
                        yield module, ".".join(base + [alias.name]), []


def violations(edges, rank=RANK) -> list[str]:
    found = []
    for module, imported, names in edges:
        if module == "" or imported in ("", "__version__") or imported.endswith(".__version__"):
            continue  # the package root re-exports the API
        private = [p for p in imported.split(".") if p.startswith("_")]
        if private and imported.rsplit(".", 1)[0] != module.rsplit(".", 1)[0]:
            found.append(f"{module} imports the private module {imported} from outside its package")
            continue
        if module not in rank or imported not in rank:
            found.append(f"{module} → {imported}: module without a layer (add it to LAYERS)")
            continue
        if rank[imported] > rank[module]:
            found.append(f"{module} (layer {rank[module] + 1}) imports {imported} (layer {rank[imported] + 1})")
        if module in LEGAL and imported.startswith("media") and any(n.startswith("_") for n in names):
            found.append(f"{module} imports media internals {names}")
    return found


def test_no_module_imports_from_a_higher_layer():
    assert violations(imports()) == []


def test_every_module_has_a_layer():
    modules = {_module(p) for p in SRC.rglob("*.py")} - {""}
    assert modules <= set(RANK), sorted(modules - set(RANK))


def test_the_rule_catches_an_upward_import():
    """The check itself: an import added from a lower to a higher layer is reported."""
    assert violations([("media.inference", "readiness", ["Readiness"])]) == [
        "media.inference (layer 3) imports readiness (layer 5)"]
    assert violations([("legal.match", "media.inference", ["_Own"])]) == [
        "legal.match imports media internals ['_Own']"]
    assert violations([("check", "site._private", [])]) == [
        "check imports the private module site._private from outside its package"]
