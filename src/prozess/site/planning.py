"""Ownership and planning of a procedure for the site: who is responsible, the back-office system,
the LeiKa/OZG id, the case volume, the status and the target date.

Read from the model – documentation lines (``Verantwortlich: Amt 32, Frau Muster``) or extension
properties of the same name – and from an optional planning file next to the models
(``--planning planung.yaml``), which wins where both say something::

    # planung.yaml: one entry per model file (path as prozess shows it) or per procedure name
    processes/wohngeld.bpmn:
      zustaendig: Wohngeldstelle
      verantwortlich: Frau Muster
      kontakt: wohngeld@stadt.example
      fachverfahren: WoGG-Fachverfahren X
      leika: "99107001000000"
      fallzahl: 1200
      status: in Umsetzung
      zieltermin: 2027-06-30

The file is read strictly (strict YAML, only the fields above); every error names file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .. import yamlsrc
from ..errors import FileError

FIELDS = {  # field -> words a model or a planning file may use for it
    "unit": ("zuständig", "zustaendig", "fachbereich", "organisationseinheit", "unit"),
    "owner": ("verantwortlich", "verfahrensverantwortlich", "verantwortliche", "owner"),
    "contact": ("kontakt", "ansprechperson", "ansprechpartner", "ansprechpartnerin", "contact"),
    "system": ("fachverfahren", "system"),
    "leika": ("leika", "leistungsschlüssel", "leistungsschluessel", "ozg-id", "ozg"),
    "cases": ("fallzahl", "fallzahlen", "cases"),
    "status": ("status",),
    "target": ("zieltermin", "target"),
}
_KEY_OF = {word: field for field, words in FIELDS.items() for word in words}
_LINE = re.compile(r"^\s*(?P<key>[A-Za-zÄÖÜäöüß-]+)\s*:\s*(?P<value>\S.*?)\s*$", re.M)


class PlanningError(FileError):
    """A planning file that cannot be read."""


@dataclass(frozen=True, slots=True)
class Planning:
    unit: str | None = None
    owner: str | None = None
    contact: str | None = None
    system: str | None = None
    leika: str | None = None
    cases: str | None = None
    status: str | None = None
    target: str | None = None

    def merged(self, other: "Planning") -> "Planning":
        """``other`` wins where it says something."""
        return replace(self, **{f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name)})

    def to_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def from_model(process) -> Planning:
    """Documentation lines and extension properties of the process."""
    found: dict[str, str] = {}
    for match in _LINE.finditer(process.documentation or ""):
        field = _KEY_OF.get(match["key"].casefold())
        if field and field not in found:
            found[field] = match["value"]
    for word, field in _KEY_OF.items():
        value = process.extensions.get(word)
        if value and field not in found:
            found[field] = value.strip()
    return Planning(**found)


def load(path: Path) -> dict[str, Planning]:
    """A planning file: model path or procedure name -> Planning. Raises PlanningError (file, line)."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanningError(shown, f"Die Datei kann nicht gelesen werden: {exc}") from None
    try:
        located = yamlsrc.load(text)
    except yamlsrc.YamlError as exc:
        raise PlanningError(shown, exc.message, exc.line) from None
    data = located.data or {}
    if not isinstance(data, dict):
        raise PlanningError(shown, "Erwartet werden Einträge „Datei oder Verfahren: Felder“.", 1)
    result: dict[str, Planning] = {}
    for name, entry in data.items():
        line = located.line_of((name,))
        if not isinstance(entry, dict):
            raise PlanningError(shown, f"„{name}“ braucht Felder (zustaendig, verantwortlich, …).", line)
        found: dict[str, str] = {}
        for key, value in entry.items():
            field = _KEY_OF.get(str(key).casefold())
            if field is None:
                allowed = ", ".join(words[0] for words in FIELDS.values())
                raise PlanningError(shown, f"Unbekanntes Feld „{key}“; erlaubt: {allowed}.", located.line_of((name, key)))
            if not isinstance(value, str):
                raise PlanningError(shown, f"„{key}“ braucht einen Text.", located.line_of((name, key)))
            found[field] = value
        result[str(name)] = Planning(**found)
    return result
