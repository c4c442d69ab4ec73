"""The rule file format: pydantic models made from the rule types, their validators, a German message
for every validation error, and the JSON Schema editors read.

The fields, their descriptions and constraints are written once, on the dataclasses of
:mod:`.rules`; the models here are made from them. Only reading rule files (when the cache has no
rule base for them, ``prozess rules validate``) and exporting the schema import this module: pydantic
costs a start about a tenth of a second, and a check with a cached rule base does without it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from .. import yamlsrc
from .rules import (
    Disable,
    Examples,
    LoadedProcedure,
    LoadedRule,
    Match,
    Norm,
    ProcedureDef,
    ProcedureExamples,
    Rule,
    RuleFile,
    RuleProblem,
    Substitute,
)


def _true_or_false(cls, value):
    """Only true or false: YAML 1.1's no/yes/on/off/0/1 are not booleans here (and not in the schema)."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value == "true" if isinstance(value, str) else value
    raise ValueError("Erwartet wird true oder false.")


def _plain_date(cls, value):
    """A calendar date written YYYY-MM-DD and nothing else (no time, no other form)."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"Erwartet wird ein Datum im Format JJJJ-MM-TT, nicht „{value}“.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"„{value}“ ist kein Kalenderdatum.") from None


def _after_start(cls, value, info):
    start = info.data.get("valid_from")
    if value is not None and start is not None and value < start:
        raise ValueError("valid_until liegt vor valid_from")
    return value


def _something_to_match(self):
    if not (self.keywords or self.explicit_refs or (self.procedures and self.acts)):
        raise ValueError("keywords, explicit_refs oder procedures mit acts: mindestens eines muss angegeben sein")
    if self.acts and not self.procedures:
        raise ValueError("acts gilt nur zusammen mit procedures (in welchen Verfahren?)")
    return self


_VALIDATORS = {
    Rule: {
        "_true_or_false": field_validator(
            "inherent", "general", "requires_written_form", "excludes_general", mode="before")(_true_or_false),
        "_plain_date": field_validator("valid_from", "valid_until", mode="before")(_plain_date),
        "_after_start": field_validator("valid_until")(_after_start),
    },
    Match: {"_something_to_match": model_validator(mode="after")(_something_to_match)},
}
_CONFIG = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _models(root: type) -> dict[type, type[BaseModel]]:
    """A pydantic model for ``root`` and every rule type inside it, each with the dataclass's fields."""
    models: dict[type, type[BaseModel]] = {}

    def model(cls: type) -> type[BaseModel]:
        if cls not in models:
            hints = typing.get_type_hints(cls)
            fields = {}
            for f in dataclasses.fields(cls):
                settings = dict(f.metadata)
                if f.default is not dataclasses.MISSING:
                    settings["default"] = f.default
                fields[f.name] = (swap(hints[f.name]), Field(**settings))
            written = cls.__doc__ if not (cls.__doc__ or "").startswith(f"{cls.__name__}(") else None
            models[cls] = create_model(
                cls.__name__, __config__=_CONFIG, __doc__=written, __module__=__name__,
                __validators__=_VALIDATORS.get(cls), **fields,
            )
        return models[cls]

    def swap(hint):
        """The type with every rule type in it replaced by its model (``tuple[Norm, ...]``)."""
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return model(hint)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is None or origin is Literal:
            return hint
        swapped = tuple(a if a is Ellipsis else swap(a) for a in args)
        if swapped == args:
            return hint
        return Union[swapped] if origin in (Union, types.UnionType) else origin[swapped]

    model(root)
    return models


_MODELS = _models(RuleFile)
_TYPES = {m: cls for cls, m in _MODELS.items()}


def _typed(value):
    """A validated model as the rule dataclasses (recursively)."""
    cls = _TYPES.get(type(value))
    if cls is not None:
        return cls(**{f.name: _typed(getattr(value, f.name)) for f in dataclasses.fields(cls)})
    if isinstance(value, tuple):
        return tuple(_typed(v) for v in value)
    return value


_TYPE_MESSAGES = {
    "missing": "Pflichtfeld fehlt.",
    "string_type": "Hier wird ein Text erwartet.",
    "list_type": "Hier wird eine Liste erwartet (Zeilen, die mit „- “ beginnen).",
    "tuple_type": "Hier wird eine Liste erwartet (Zeilen, die mit „- “ beginnen).",
    "dict_type": "Hier werden Felder erwartet (Schlüssel: Wert).",
    "model_type": "Hier werden Felder erwartet (Schlüssel: Wert).",
    "model_attributes_type": "Hier werden Felder erwartet (Schlüssel: Wert).",
    "bool_parsing": "Erwartet wird true oder false.",
    "bool_type": "Erwartet wird true oder false.",
    "date_from_datetime_parsing": "Erwartet wird ein Datum im Format JJJJ-MM-TT, z. B. 2024-01-01.",
    "date_parsing": "Erwartet wird ein Datum im Format JJJJ-MM-TT, z. B. 2024-01-01.",
    "date_from_datetime_inexact": "Erwartet wird ein Datum im Format JJJJ-MM-TT, z. B. 2024-01-01.",
    "date_type": "Erwartet wird ein Datum im Format JJJJ-MM-TT, z. B. 2024-01-01.",
    "too_short": "Mindestens ein Eintrag ist nötig.",
}


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("str", "ExampleStep", "function-after[_after_start(), date]"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(error: dict, known_fields: list[str]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, known_fields, n=1)
        hint = f" Meinten Sie „{close[0]}“?" if close else ""
        return f"Unbekanntes Feld „{name}“.{hint}"
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"Ungültiger Wert „{error.get('input')}“. Erlaubt sind: {allowed}."
    if kind == "string_pattern_mismatch":
        field = str(error["loc"][-1])
        examples = {
            "id": "LB-BUND-PAUSWG-9-ANTRAG (Großbuchstaben, Ziffern, Bindestriche)",
            "jurisdiction": "DE, EU, DE-NI, DE-HE oder DE-NI:03241001",
            "url": "https://www.gesetze-im-internet.de/pauswg/__9.html",
        }
        return f"Ungültiges Format „{error.get('input')}“, erwartet z. B. {examples.get(field, 'ein anderes Format')}."
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return (
            "Hier wird ein Text erwartet, YAML hat aber Schlüssel: Wert gelesen. "
            "Setzen Sie Texte mit „: “ in Anführungszeichen."
        )
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return _TYPE_MESSAGES.get(kind, error.get("msg", "ungültiger Wert"))


def _known_fields(loc: tuple) -> list[str]:
    models = {
        "norm": Norm, "match": Match, "digital_substitutes": Substitute, "examples": Examples,
        "disable": Disable,
    }
    top = {"rules": Rule, "procedures": ProcedureDef}
    model: type = top.get(loc[0], RuleFile) if loc else RuleFile
    if loc and loc[0] == "procedures":
        models["examples"] = ProcedureExamples
    for part in loc[:-1]:
        if isinstance(part, str) and part in models:
            model = models[part]
    return [f.name for f in dataclasses.fields(model)]


def parse_file(path: Path, shown: str, layer: int) -> tuple[list[LoadedRule], list[RuleProblem], list, list[LoadedProcedure]]:
    """Read and validate one rule file: its rules, problems, disables and procedures."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [], [RuleProblem(shown, None, None, "", f"Die Datei ist nicht UTF-8-kodiert ({exc.reason}).")], [], []
    except OSError as exc:
        return [], [RuleProblem(shown, None, None, "", f"Die Datei kann nicht gelesen werden: {exc.strerror or exc}")], [], []
    try:
        located = yamlsrc.load(text)
    except yamlsrc.YamlError as exc:
        return [], [RuleProblem(shown, exc.line, exc.column, "", exc.message)], [], []
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        return [], [RuleProblem(shown, 1, 1, "", "Die Datei muss mit „rules:“ (oder „procedures:“, „disable:“) beginnen.")], [], []
    try:
        parsed = _typed(_MODELS[RuleFile].model_validate(data))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            yaml_loc = tuple(p for p in loc if p not in ("str", "ExampleStep") and not str(p).startswith("function"))
            if error["type"] == "extra_forbidden":
                line, column = located.key_position(yaml_loc)
            else:
                line, column = located.line_of(yaml_loc), located.column_of(yaml_loc)
            problems.append(RuleProblem(shown, line, column, _field_path(loc), _message(error, _known_fields(yaml_loc))))
        return [], problems, [], []
    entries = _entries(located)
    loaded = [
        LoadedRule(rule, shown, located.line_of(("rules", index)), layer, entries.get(("rules", index), _NO_POSITIONS))
        for index, rule in enumerate(parsed.rules)
    ]
    disables = [(d.id, d.reason, shown, located.line_of(("disable", i))) for i, d in enumerate(parsed.disable)]
    procedures = [
        LoadedProcedure(p, shown, located.line_of(("procedures", index)),
                        entries.get(("procedures", index), _NO_POSITIONS))
        for index, p in enumerate(parsed.procedures)
    ]
    return loaded, [], disables, procedures


_NO_POSITIONS = yamlsrc.Located(None)


def _entries(located: yamlsrc.Located) -> dict[tuple, yamlsrc.Located]:
    """The positions inside each entry of a list (``("rules", 3)`` → its own paths), in one pass."""
    positions: dict[tuple, dict] = {}
    keys: dict[tuple, dict] = {}
    for table, into in ((located.positions, positions), (located.keys, keys)):
        for path, where in table.items():
            if len(path) >= 2:
                into.setdefault(path[:2], {})[path[2:]] = where
    return {entry: yamlsrc.Located(None, positions.get(entry, {}), keys.get(entry, {}))
            for entry in positions.keys() | keys.keys()}




def schema() -> dict[str, Any]:
    """The JSON Schema of rule files, agreeing with the reader on every value.

    The reader sees every YAML scalar as text, so ``paragraph: 9`` and ``paragraph: "9"`` are the
    same to it; the schema accepts both for the norm's numbers. Dates are exactly YYYY-MM-DD,
    booleans exactly true or false (as the reader requires).
    """
    result = _MODELS[RuleFile].model_json_schema()
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = "prozess – Regeldatei für rechtliche Hürden"
    norm = result["$defs"]["Norm"]["properties"]
    for key in ("paragraph", "absatz", "satz", "nummer"):
        prop = norm[key]
        if prop.get("type") == "string":
            prop["type"] = ["string", "integer"]
        for option in prop.get("anyOf", ()):
            if option.get("type") == "string":
                option["type"] = ["string", "integer"]
    rule = result["$defs"]["Rule"]["properties"]
    for key in ("valid_from", "valid_until"):
        prop = rule[key]
        for option in [prop, *prop.get("anyOf", ())]:
            if option.get("type") == "string":
                option["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
    return result
