"""Procedure identity: which procedure of the catalogue a model describes, and how that was found.

The law that governs a step depends on the procedure, not on the step's words:
"Antrag unterschreiben" is a § 3a VwVfG matter in a Namensänderung, an SGB
matter in Wohngeld and no Schriftform matter at all in a Kita application. The
catalogue (``procedures:`` in the rule base, ``legal_rules/verfahren.yaml``)
records for each procedure its names, its procedural law and the form of its
application. A procedure (the pools linked by message flows) is identified, in
this order, by

1. an explicit statement: the property ``verfahren`` or a documentation line
   ``Verfahren: PERSONALAUSWEIS`` (catalogue id or name);
2. a LeiKa/FIM Leistungsschlüssel (property ``leika``, documentation line
   ``Leistungsschlüssel: …``, the FIM process class) listed in the catalogue;
3. the names of collaboration and processes (and the FIM service name), then
   those of the pools, then of black-box pools of third parties: an entry whose
   name lies inside a more specific one's gives way ("Schwerbehindertenausweis"
   before "Ausweis"), unrelated names are all kept ("Personalausweis und
   Reisepass");
4. the process documentation, then the file name, when no name says it.

An unidentified procedure says so; its rules fall back to keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Iterable

from ..bpmn.model import Definitions, Process
from ..pickling import fast_pickle
from .phrases import PhraseIndex, phrases
from .rules import FORM_DE, PROCEDURAL_LAW_DE, LoadedProcedure, ProcedureDef, applies

_EXPLICIT = re.compile(r"^\s*(?:verfahren|procedure)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)
_KEY_LINE = re.compile(r"(?:leistungsschl(?:ü|ue)ssel|leika|fim)[^:\n]*:\s*(?P<key>[0-9]{8,14})", re.I)
_KEY_PROPERTIES = ("leika", "leistungsschluessel", "leistungsschlüssel", "fim", "servicekey")
HOW_DE = {
    "explicit": "ausdrücklich angegeben", "service_key": "Leistungsschlüssel", "name": "Name",
    "documentation": "Dokumentation", "file": "Dateiname",
}


@dataclass(frozen=True, slots=True)
class Identity:
    procedures: tuple[ProcedureDef, ...]  # () when not identified; several when equally likely
    how: str | None  # explicit | service_key | name | documentation | file; None: not identified
    evidence: str  # German: what identified it, or why nothing did
    # further procedures the model names (in a pool, process or step name) besides the identified
    # ones: "Vaterschaftsanerkennung und Sorgeerklärung" – their rules may fire on their keywords
    mentioned: frozenset[str] = frozenset()

    @property
    def identified(self) -> bool:
        return bool(self.procedures)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.procedures)

    def _common(self, field: str):
        values = {getattr(p, field) for p in self.procedures}
        return values.pop() if len(values) == 1 else None

    @property
    def procedural_law(self) -> str | None:
        return self._common("procedural_law")

    @property
    def application_form(self) -> str | None:
        """The application's form where every candidate agrees; None if not identified or they differ."""
        return self._common("application_form")

    @property
    def excludes_general(self) -> str | None:
        """The norm that excludes the general substitutes, if every candidate has one."""
        if self.procedures and all(p.excludes_general for p in self.procedures):
            return "; ".join(dict.fromkeys(p.excludes_general for p in self.procedures if p.excludes_general))
        return None

    @property
    def name(self) -> str:
        return " / ".join(p.name for p in self.procedures)

    def to_dict(self) -> dict:
        if not self.identified:
            return {"identified": False, "ids": [], "name": None, "how": None, "evidence": self.evidence,
                    "procedural_law": None, "procedural_law_name": None, "application_form": None,
                    "excludes_general": None, "mentioned": sorted(self.mentioned)}
        law = self.procedural_law
        form = self.application_form
        return {
            "identified": True,
            "ids": [p.id for p in self.procedures],
            "name": self.name,
            "how": self.how,
            "evidence": self.evidence,
            "procedural_law": law,
            "procedural_law_name": PROCEDURAL_LAW_DE[law] if law else None,
            "application_form": form,
            "excludes_general": self.excludes_general,
            "mentioned": sorted(self.mentioned - self.ids),
        }

    def describe(self) -> str:
        """One German sentence for people."""
        if not self.identified:
            return f"Verfahren nicht erkannt ({self.evidence}); Rechtsregeln greifen nur über Stichwörter."
        law = self.procedural_law
        form = self.application_form
        parts = [f"Verfahren: {self.name} ({HOW_DE[self.how or 'name']}: {self.evidence})"]
        if law:
            parts.append(f"Verfahrensrecht: {PROCEDURAL_LAW_DE[law]}")
        if form:
            parts.append(f"Form des Antrags: {FORM_DE[form]}")
        return "; ".join(parts) + "."


NOT_IDENTIFIED = Identity((), None, "kein Eintrag des Verfahrenskatalogs passt")


@dataclass(frozen=True, slots=True)
class _Entry:
    procedure: ProcedureDef
    names: tuple
    not_names: tuple


class Catalogue:
    """The procedure catalogue, compiled for identification."""

    def __init__(self, procedures: Iterable[LoadedProcedure]):
        self.entries = tuple(
            _Entry(p.procedure, phrases(p.procedure.names), phrases(p.procedure.not_names)) for p in procedures
        )
        self.index = PhraseIndex({w for e in self.entries for group in (e.names, e.not_names) for p in group for w in p.words})
        self._by_word: dict[str, list[_Entry]] = {}  # a name word -> the entries whose names have it
        for entry in self.entries:
            for word in {w for p in entry.names for w in p.words}:
                self._by_word.setdefault(word, []).append(entry)
        self._by_key = {key: e.procedure for e in self.entries for key in e.procedure.service_keys}
        self._by_id = {e.procedure.id: e.procedure for e in self.entries}

    def identify(self, definitions: Definitions, processes: list[Process], pools: list[str],
                 jurisdiction: str | None, others: list[str] = ()) -> Identity:
        """The identity of the procedure made of ``processes``: ``pools`` are the names of their pools,
        ``others`` those of black-box pools (a third party named there, "Bundesamt für Justiz
        (Führungszeugnis)", decides only where nothing else does)."""
        if not self.entries:
            return Identity((), None, "kein Verfahrenskatalog geladen")
        usable = [e for e in self.entries if applies(e.procedure.jurisdiction, jurisdiction)]
        found = self._identify(definitions, processes, pools, list(others), usable)
        texts = [*pools, *others, *(p.name or "" for p in processes), *(n.name for p in processes for n in p.nodes if n.name)]
        said = self.index.satisfied("\n".join(t for t in texts if t))
        mentioned = frozenset(
            e.procedure.id for e in self._candidates(said, usable)
            if any(p.words <= said for p in e.names) and not any(p.words <= said for p in e.not_names)
        )
        return replace(found, mentioned=mentioned)

    def _identify(self, definitions: Definitions, processes: list[Process], pools: list[str], others: list[str],
                  usable) -> Identity:
        for process in processes:
            stated = process.extensions.get("verfahren") or _first(_EXPLICIT, process.documentation)
            if stated:
                by_id = self._by_id.get(stated.strip().upper().replace(" ", "_"))
                found = ((by_id,), stated) if by_id else self._by_phrase(stated, usable)
                if found:
                    return Identity(found[0], "explicit", f"„{stated.strip()}“")
        keys = service_keys(definitions, processes)
        known = tuple(dict.fromkeys(self._by_key[k] for k in keys if k in self._by_key))
        if known:
            return Identity(known, "service_key", ", ".join(k for k in keys if k in self._by_key))
        collaborations = [c.name for c in definitions.collaborations
                          if c.name and {p.id for p in processes} <= {pa.process_ref for pa in c.participants}]
        service = definitions.service
        names = [*collaborations, *(p.name or "" for p in processes), definitions.name, service.name if service else ""]
        for how, texts in (
            ("name", names),
            ("name", pools),
            ("name", others),
            ("documentation", [p.documentation for p in processes]),
            ("file", [PurePosixPath(definitions.path).name.split(".")[0].replace("-", " ").replace("_", " ")]),
        ):
            found = self._by_phrase("\n".join(t for t in texts if t), usable)
            if found:
                procedures, phrase = found
                return Identity(procedures, how, f"„{phrase}“")
        return NOT_IDENTIFIED

    def _candidates(self, said: frozenset[str], usable) -> list[_Entry]:
        """The usable entries that share a word with the text (in catalogue order)."""
        if not said:
            return []
        hit = {id(e) for w in said for e in self._by_word.get(w, ())}
        return [e for e in usable if id(e) in hit]

    def _by_phrase(self, text: str, usable) -> tuple | None:
        """The most specific entries whose name phrase the text contains, with that phrase."""
        if not text.strip():
            return None
        said = self.index.satisfied(text)
        best: list[tuple[int, ProcedureDef, str, frozenset[str]]] = []
        for entry in self._candidates(said, usable):
            if any(p.words <= said for p in entry.not_names):
                continue
            hits = [p for p in entry.names if p.words <= said]
            if hits:
                phrase = max(hits, key=lambda p: p.weight())
                best.append((phrase.weight(), entry.procedure, phrase.text, phrase.words))
        if not best:
            return None
        # an entry whose name lies inside a more specific one's is that one ("Ausweis" in
        # "Schwerbehindertenausweis", "Namensänderung" in "Namensänderung nach Scheidung");
        # unrelated names stay side by side ("Personalausweis und Reisepass")
        winners = [b for b in best if not any(_inside(b[3], o[3]) and o[0] > b[0] for o in best)]
        return tuple(b[1] for b in winners), " / ".join(dict.fromkeys(b[2] for b in winners))


def _inside(words: frozenset[str], other: frozenset[str]) -> bool:
    """Every word of one name is part of a word of the other."""
    return all(any(w in o for o in other) for w in words)


def _first(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text) if text else None
    return match["value"] if match else None


def service_keys(definitions: Definitions | None, processes: Iterable[Process]) -> list[str]:
    """LeiKa/FIM keys of the processes (property or documentation line) and of the FIM service."""
    keys: list[str] = []
    for process in processes:
        keys.extend((process.extensions.get(name) or "").strip() for name in _KEY_PROPERTIES)
        keys.extend(m["key"] for m in _KEY_LINE.finditer(process.documentation or ""))
    if definitions is not None and definitions.service is not None:
        keys.append(definitions.service.key)  # FIM: the process class id is the Leistungsschlüssel
    return [k for k in dict.fromkeys(keys) if k]


fast_pickle(Identity)  # parallel checks that keep the models (the site) send them back
