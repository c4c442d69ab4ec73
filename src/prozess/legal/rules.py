"""The legal rule base: YAML files written by legal advisors → validated, typed rules.

The rules are frozen dataclasses; each field carries the description and constraints of the
file format. Reading a file – strict YAML (:mod:`prozess.yamlsrc`), validation, a
:class:`RuleProblem` in German with file, line, column and field path for every mistake – is
:mod:`.ruleschema`'s work, which also exports the JSON Schema for editors (``prozess rules
schema``). A loaded rule base is kept in the cache (:mod:`prozess.cache`) under the bytes of its
files, so that a check does not read and validate the same files again at every start.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import MISSING, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union

from .. import cache, yamlsrc

Requirement = Literal[
    "written_form", "signature", "personal_appearance", "original_document",
    "public_certification", "electronic_required", "other",
]
Blocking = Literal["hard", "conditional", "substitutable", "none"]
Means = Literal[
    "qes", "qeseal", "eid_webform", "nutzerkonto_9a", "postfach_ervv", "de_mail", "textform",
    "register_abruf", "postfach_bekanntgabe", "direktversand", "videoident_qes", "digitales_lichtbild",
    "online_antrag", "zuordnungscode",
]
REQUIREMENT_DE = {
    "written_form": "Schriftform", "signature": "Unterschrift", "personal_appearance": "Persönliches Erscheinen",
    "original_document": "Originalnachweis", "public_certification": "Öffentliche Beurkundung/Beglaubigung",
    "electronic_required": "Elektronischer Weg vorgeschrieben", "other": "Sonstige Anforderung",
}
BLOCKING_DE = {
    "hard": "Hartes Hindernis (kein digitaler Weg im Recht)",
    "conditional": "Bedingt (digitaler Weg nur mit Voraussetzungen/Ausnahmen)",
    "substitutable": "Ersetzbar (digitaler Ersatz im Recht vorhanden)",
    "none": "Keine gesetzliche Form",
}
MEANS_DE = {
    "qes": "Qualifizierte elektronische Signatur (QES)",
    "qeseal": "Qualifiziertes elektronisches Siegel der Behörde",
    "eid_webform": "Online-Formular mit Online-Ausweis (eID)",
    "nutzerkonto_9a": "Online-Formular im Verwaltungsportal nach Identifizierung im Nutzerkonto",
    "postfach_ervv": "Sicheres Postfach (beA, eBO, Behördenpostfach)",
    "de_mail": "De-Mail mit sicherer Anmeldung",
    "textform": "Textform (z. B. E-Mail, Code)",
    "register_abruf": "Abruf aus dem Register (Once-Only)",
    "postfach_bekanntgabe": "Bekanntgabe über das Postfach des Nutzerkontos",
    "direktversand": "Direktversand an die Meldeadresse",
    "videoident_qes": "Video-Identifizierung mit QES",
    "digitales_lichtbild": "Digitales Lichtbild vom Fotodienstleister",
    "online_antrag": "Online-Antrag",
    "zuordnungscode": "Elektronische Bestätigung über ein Zuordnungsmerkmal (Code)",
}
Act = Literal[
    "presence", "biometrics", "photo", "signature", "original", "certification", "handover",
    "notice", "service", "post", "application",
]
ProceduralLaw = Literal["vwvfg", "sgb", "ao", "kag", "pstg", "bgb"]
ApplicationForm = Literal["written", "formless", "electronic", "in_person", "special", "unknown"]
ACT_DE = {
    "presence": "Persönliches Erscheinen", "biometrics": "Biometrie (Fingerabdrücke, Unterschrift am Gerät)",
    "photo": "Lichtbild", "signature": "Unterschrift", "original": "Original oder Urkunde vorlegen",
    "certification": "Beurkundung, Beglaubigung, Niederschrift", "handover": "Aushändigung, Abholung",
    "notice": "Bescheid, Bekanntgabe", "service": "Förmliche Zustellung", "post": "Druck und Post",
    "application": "Antrag, Anzeige, Anmeldung",
}
PROCEDURAL_LAW_DE = {
    "vwvfg": "VwVfG (Bund) bzw. Verwaltungsverfahrensgesetz des Landes",
    "sgb": "SGB X mit SGB I (Sozialverwaltungsverfahren)",
    "ao": "Abgabenordnung (unmittelbar)",
    "kag": "Abgabenordnung über das Kommunalabgabengesetz des Landes",
    "pstg": "Personenstandsgesetz und -verordnung",
    "bgb": "Bürgerliches Recht (Erklärungen, Beurkundung)",
}
FORM_DE = {
    "written": "Schriftform angeordnet", "formless": "formfrei", "electronic": "elektronisch vorgeschrieben",
    "in_person": "persönlich", "special": "im Fachrecht eigens geregelt (siehe Regeln des Verfahrens)",
    "unknown": "nicht geprüft",
}
RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
PROCEDURE_ID = r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"
JURISDICTION = r"^(DE|EU|DE-[A-Z]{2})(:[0-9A-Za-z]+)?$"


def _field(default: Any = MISSING, *, description: str | None = None, **constraints: Any) -> Any:
    """A field of a rule file: its default, the description the JSON Schema shows, and the constraints
    (``pattern``, ``min_length``) the reader checks (see :mod:`.ruleschema`)."""
    metadata = {"description": description, **constraints} if description else constraints
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True, kw_only=True)
class Norm:
    """Where the requirement comes from."""

    law: str = _field(description="Abkürzung des Gesetzes, z. B. PAuswG")
    paragraph: str = _field(description="Paragraph oder Artikel, z. B. 9 oder 3a")
    absatz: str | None = _field(default=None, description="Absatz, z. B. 1")
    satz: str | None = _field(default=None, description="Satz, z. B. 2, 4, 6")
    nummer: str | None = _field(default=None, description="Nummer, z. B. 1")
    citation: str = _field(description="Vollständiges Zitat, wie es Nutzer lesen, z. B. „§ 9 Abs. 1 S. 2 PAuswG“")
    jurisdiction: str = _field(pattern=JURISDICTION, description="DE (Bund), EU, DE-NI, DE-HE …; Satzung: DE-NI:<AGS>")
    url: str | None = _field(default=None, pattern=r"^https?://\S+$", description="Link auf den Normtext")
    stand: str | None = _field(default=None, description="Stand des geprüften Normtexts")


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitute:
    means: Means = _field(description="Art des digitalen Ersatzes")
    basis: str = _field(description="Rechtsgrundlage des Ersatzes, z. B. „§ 3a Abs. 3 Nr. 1 VwVfG“")
    label: str | None = _field(default=None, description="Eigene Bezeichnung; sonst die Standardbezeichnung")
    conditions: str | None = _field(default=None, description="Voraussetzungen")
    assurance: Literal["niedrig", "substantiell", "hoch"] | None = _field(default=None, description="Vertrauensniveau")

    @property
    def display(self) -> str:
        return self.label or MEANS_DE[self.means]


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """When a step touches the rule. Keywords are phrases: every word must occur (in any order)."""

    keywords: tuple[str, ...] = _field(default=(), description="Mindestens eine Wortgruppe muss im Schritt vorkommen")
    negative_keywords: tuple[str, ...] = _field(default=(), description="Keine dieser Wortgruppen darf vorkommen")
    element_types: tuple[str, ...] = _field(default=(), description="Nur diese BPMN-Typen (z. B. userTask); leer: alle Aktivitäten und Ereignisse")
    lanes: tuple[str, ...] = _field(default=(), description="Nur in Lanes, deren Name eine dieser Wortgruppen enthält")
    process_context: tuple[str, ...] = _field(default=(), description="Prozessname, Pool oder Prozessdokumentation muss eine enthalten")
    process_context_none: tuple[str, ...] = _field(default=(), description="… und darf keine davon enthalten")
    service_keys: tuple[str, ...] = _field(default=(), description="LeiKa-/FIM-Leistungsschlüssel des Prozesses")
    explicit_refs: tuple[str, ...] = _field(default=(), description="Zitate, die in „Rechtsgrundlage: …“ in der Dokumentation stehen können")
    procedures: tuple[str, ...] = _field(
        default=(), description="Verfahren aus dem Verfahrenskatalog (verfahren:), in denen die Regel gilt; "
        "ist ein anderes Verfahren erkannt, greift sie nicht"
    )
    acts: tuple[Act, ...] = _field(
        default=(), description="Handlungen, an denen die Regel im erkannten Verfahren greift, auch ohne Stichwort"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ExampleStep:
    name: str
    documentation: str = ""
    type: str = "task"
    lane: str | None = None
    process: str | None = _field(default=None, description="Name des Prozesses (Kontext)")
    medium: Literal["digital", "paper", "in_person", "unknown"] | None = _field(
        default=None, description="Medium des Schritts, wie „Medium: …“ im Modell (zählt für Urteil und Handlungen)"
    )
    verdict: Literal[
        "hard", "quick_win", "conditional", "met", "no_form", "inherent", "unlawful_paper", "check", "form_unknown",
    ] | None = _field(default=None, description="Erwartetes Urteil an diesem Schritt (nur bei must_match), z. B. quick_win")


Example = Union[str, ExampleStep]


@dataclass(frozen=True, slots=True, kw_only=True)
class Examples:
    must_match: tuple[Example, ...] = _field(min_length=1)
    must_not_match: tuple[Example, ...] = _field(min_length=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    id: str = _field(pattern=RULE_ID, description="Stabile Kennung, z. B. LB-BUND-PAUSWG-9-ANTRAG; nie umbenennen")
    title: str
    requirement: Requirement
    blocking: Blocking = _field(description="hard: kein digitaler Weg; conditional; substitutable; none")
    inherent: bool = _field(default=False, description="Konstitutiver Präsenzakt (z. B. Trauung): melden, aber kein Digitalisierungsziel")
    norm: Norm
    valid_from: date
    valid_until: date | None = None
    match: Match
    digital_substitutes: tuple[Substitute, ...] = ()
    exceptions: tuple[str, ...] = ()
    replaces: tuple[str, ...] = _field(default=(), description="Allgemeinere Regeln, die diese Regel am selben Schritt ersetzt")
    general: bool = _field(
        default=False, description="Allgemeine Ersatzregel (§ 3a VwVfG, § 36a SGB I, § 87a AO …): entfällt im ganzen "
        "Verfahren, wenn das Fachrecht sie ausschließt"
    )
    procedural_law: tuple[ProceduralLaw, ...] = _field(
        default=(), description="Gilt nur in Verfahren nach diesem Verfahrensrecht (wenn das Verfahren erkannt ist)"
    )
    requires_written_form: bool = _field(
        default=False, description="Ersetzt eine Schriftform: meldet „lösbar“ nur, wo das Verfahren für den Antrag "
        "Schriftform anordnet; ist die Form unbekannt, nur einen Hinweis „Formerfordernis prüfen“"
    )
    excludes_general: bool = _field(
        default=False, description="Die Norm schließt die allgemeinen Ersatzregeln aus (z. B. § 766 S. 2 BGB): "
        "wo die Regel greift, entfallen sie im ganzen Prozess"
    )
    severity: Literal["error", "warning", "info"] | None = _field(
        default=None, description="Nur in begründeten Fällen: feste Schwere statt der aus blocking abgeleiteten"
    )
    remedy: str
    sources: tuple[str, ...] = _field(min_length=1)
    confidence: Literal["high", "medium", "low"]
    note: str | None = None
    unverified: tuple[str, ...] = ()
    examples: Examples

    @property
    def jurisdiction(self) -> str:
        return self.norm.jurisdiction


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcedureExamples:
    must_match: tuple[str, ...] = _field(min_length=1, description="Prozess- oder Poolnamen, die das Verfahren erkennen müssen")
    must_not_match: tuple[str, ...] = _field(min_length=1, description="Namen anderer Verfahren, die es nicht erkennen dürfen")


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcedureDef:
    """One procedure of the catalogue: how it is recognised and which law governs it."""

    id: str = _field(pattern=PROCEDURE_ID, description="Stabile Kennung, z. B. PERSONALAUSWEIS; nie umbenennen")
    name: str = _field(description="Name, wie ihn Nutzer lesen, z. B. „Personalausweis beantragen“")
    names: tuple[str, ...] = _field(
        min_length=1, description="Wortgruppen im Namen von Prozess, Pool oder Kollaboration (wie keywords)"
    )
    not_names: tuple[str, ...] = _field(default=(), description="Wortgruppen, bei denen es ein anderes Verfahren ist")
    service_keys: tuple[str, ...] = _field(default=(), description="LeiKa-/FIM-Leistungsschlüssel (nur geprüfte)")
    jurisdiction: str = _field(default="DE", pattern=JURISDICTION, description="DE oder ein Land (DE-NI …)")
    procedural_law: ProceduralLaw = _field(description="Verfahrensrecht: vwvfg, sgb, ao, kag, pstg, bgb")
    procedural_law_basis: str = _field(description="Warum dieses Verfahrensrecht, z. B. „§ 2 Abs. 2 Nr. 4 VwVfG; § 1 SGB X“")
    application_form: ApplicationForm = _field(
        description="Form des Antrags: written, formless, electronic, in_person, special (Regeln des Verfahrens), unknown"
    )
    application_form_basis: str | None = _field(default=None, description="Norm der Form, z. B. „§ 9 Abs. 1 UVG“")
    excludes_general: str | None = _field(
        default=None, description="Norm, die die allgemeinen Ersatzregeln ausschließt, z. B. „§ 9 Abs. 1 S. 2 PAuswG“"
    )
    requires: tuple[str, ...] = _field(
        default=(), description="Regeln, deren Handlung das Modell zeigen muss (sonst „nicht modelliert“)"
    )
    sources: tuple[str, ...] = _field(min_length=1)
    confidence: Literal["high", "medium", "low"]
    note: str | None = None
    unverified: tuple[str, ...] = ()
    examples: ProcedureExamples


@dataclass(frozen=True, slots=True, kw_only=True)
class Disable:
    id: str = _field(pattern=RULE_ID)
    reason: str = _field(min_length=3)


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleFile:
    """One YAML file of the rule base."""

    rules: tuple[Rule, ...] = ()
    procedures: tuple[ProcedureDef, ...] = _field(default=(), description="Verfahrenskatalog: Verfahren, ihr Verfahrensrecht und ihre Form")
    disable: tuple[Disable, ...] = _field(default=(), description="Regeln früherer Ebenen abschalten (mit Begründung)")


# --------------------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class RuleProblem:
    file: str
    line: int | None
    column: int | None
    field: str  # e.g. "rules[2].norm.valid_from"
    message: str  # German
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line or '?'}"
        if self.column:
            where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {self.message}"


@dataclass(frozen=True, slots=True)
class LoadedRule:
    rule: Rule
    file: str
    line: int | None
    layer: int  # index of the rule directory it came from
    positions: yamlsrc.Located  # for example line numbers


@dataclass(frozen=True, slots=True)
class LoadedProcedure:
    procedure: ProcedureDef
    file: str
    line: int | None
    positions: yamlsrc.Located  # for example line numbers


@dataclass(frozen=True, slots=True)
class RuleBase:
    rules: tuple[LoadedRule, ...]
    problems: tuple[RuleProblem, ...]
    disabled: tuple[tuple[str, str, str], ...] = ()  # (id, reason, file)
    procedures: tuple[LoadedProcedure, ...] = ()  # the procedure catalogue, by id

    def procedure(self, procedure_id: str) -> ProcedureDef | None:
        return next((p.procedure for p in self.procedures if p.procedure.id == procedure_id), None)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def by_id(self, rule_id: str) -> LoadedRule | None:
        return next((r for r in self.rules if r.rule.id == rule_id), None)

    def for_jurisdiction(self, jurisdiction: str | None) -> tuple[LoadedRule, ...]:
        return tuple(r for r in self.rules if applies(r.rule.jurisdiction, jurisdiction))


def applies(rule_jurisdiction: str, selected: str | None) -> bool:
    """Federal and EU rules always apply; a Land rule where that Land (or one of its municipalities) is selected."""
    if rule_jurisdiction in ("DE", "EU"):
        return True
    if not selected:
        return False
    land = rule_jurisdiction.split(":", 1)[0]
    if ":" in rule_jurisdiction:  # a municipal statute: only for that municipality, or the whole Land if unspecified
        return selected == rule_jurisdiction or selected == land
    return selected.split(":", 1)[0] == land


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a layer: a folder's YAML files, or one file given on its own."""
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))


def load_rulebase(directories: list[Path], today: date | None = None, base: Path | None = None) -> RuleBase:
    """Load rule directories in layer order: a later layer replaces or disables rules by id."""
    today = today or date.today()
    return cache.cached("rules", _sources(directories, today, base), lambda: _load(directories, today, base))


def _sources(directories: list[Path], today: date, base: Path | None) -> list[str | bytes]:
    """What a loaded rule base depends on: the files of every layer (names and bytes), the day (rules
    that have run out are warned about) and the folders the shown paths are relative to."""
    parts: list[str | bytes] = [today.isoformat(), str(base.resolve() if base else ""), str(Path.cwd())]
    for directory in directories:
        is_dir, is_file = directory.is_dir(), directory.is_file()
        parts.append(f"layer {directory} {is_dir} {is_file}")
        if not (is_dir or is_file):
            continue
        for path in rule_files(directory):
            parts.append(str(path.resolve()))
            try:
                parts.append(path.read_bytes())
            except OSError as exc:
                parts.append(f"unreadable {exc.errno}")
    return parts


def _load(directories: list[Path], today: date, base: Path | None) -> RuleBase:
    from .ruleschema import parse_file

    rules: dict[str, LoadedRule] = {}
    problems: list[RuleProblem] = []
    disabled: list[tuple[str, str, str]] = []
    procedures: dict[str, LoadedProcedure] = {}
    for layer, directory in enumerate(directories):
        if not directory.is_dir() and not (directory.is_file() and directory.suffix in (".yaml", ".yml")):
            problems.append(RuleProblem(str(directory), None, None, "", "Das Regelverzeichnis (oder die Regeldatei) gibt es nicht."))
            continue
        seen_in_layer: dict[str, LoadedRule] = {}
        for path in rule_files(directory):
            shown = _shown(path, base)
            loaded, file_problems, disables, file_procedures = parse_file(path, shown, layer)
            problems.extend(file_problems)
            for item in file_procedures:
                first = procedures.get(item.procedure.id)
                if first is not None and first.file == item.file:
                    problems.append(RuleProblem(
                        item.file, item.line, None, "procedures.id",
                        f"Das Verfahren {item.procedure.id} ist doppelt vergeben (zuerst Zeile {first.line}).",
                    ))
                    continue
                procedures[item.procedure.id] = item  # a later file or layer overrides
            for item in loaded:
                rule_id = item.rule.id
                if rule_id in seen_in_layer:
                    first = seen_in_layer[rule_id]
                    problems.append(
                        RuleProblem(
                            item.file, item.line, None, "id",
                            f"Die Kennung {rule_id} ist doppelt vergeben (zuerst {first.file}:{first.line}).",
                        )
                    )
                    continue
                seen_in_layer[rule_id] = item
                rules[rule_id] = item  # a later layer overrides an earlier one
                if item.rule.valid_until is not None and item.rule.valid_until < today:
                    problems.append(
                        RuleProblem(
                            item.file, item.line, None, "valid_until",
                            f"Die Regel {rule_id} gilt nur bis {item.rule.valid_until.isoformat()} und wird nicht mehr angewandt.",
                            "warning",
                        )
                    )
            for rule_id, reason, file, line in disables:
                if rule_id not in rules:
                    problems.append(
                        RuleProblem(file, line, None, "disable", f"Es gibt keine Regel {rule_id}, die abgeschaltet werden könnte.", "warning")
                    )
                    continue
                del rules[rule_id]
                disabled.append((rule_id, reason, file))
    for item in rules.values():
        for other in item.rule.replaces:
            if other not in rules:
                problems.append(
                    RuleProblem(item.file, item.line, None, "replaces", f"Es gibt keine Regel {other}.", "warning")
                )
    problems.extend(_catalogue_problems(rules, procedures, {d[0] for d in disabled}))
    ordered = tuple(sorted(rules.values(), key=lambda r: r.rule.id))
    catalogue = tuple(sorted(procedures.values(), key=lambda p: p.procedure.id))
    return RuleBase(ordered, tuple(problems), tuple(disabled), catalogue)


def _catalogue_problems(rules: dict[str, LoadedRule], procedures: dict[str, LoadedProcedure],
                        disabled: set[str]) -> list[RuleProblem]:
    """Rules that name unknown procedures, procedures that require unknown rules (a disabled rule is no
    problem: its procedure is then not checked for that act)."""
    problems = []
    for item in rules.values():
        for name in item.rule.match.procedures:
            if name not in procedures:
                close = difflib.get_close_matches(name, list(procedures), n=1)
                hint = f" Meinten Sie „{close[0]}“?" if close else ""
                problems.append(RuleProblem(
                    item.file, item.positions.line_of(("match", "procedures")) or item.line, None, "match.procedures",
                    f"Das Verfahren {name} steht nicht im Verfahrenskatalog (procedures:).{hint}",
                ))
    for item in procedures.values():
        for rule_id in item.procedure.requires:
            if rule_id in disabled:
                continue
            if rule_id not in rules:
                problems.append(RuleProblem(
                    item.file, item.positions.line_of(("requires",)) or item.line, None, "requires",
                    f"Es gibt keine Regel {rule_id}.", "warning",
                ))
            elif item.procedure.id not in rules[rule_id].rule.match.procedures:
                problems.append(RuleProblem(
                    item.file, item.positions.line_of(("requires",)) or item.line, None, "requires",
                    f"Die Regel {rule_id} nennt das Verfahren {item.procedure.id} nicht in match.procedures.",
                ))
    return problems


def _shown(path: Path, base: Path | None) -> str:
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def active(rule: Rule, on: date) -> bool:
    return rule.valid_from <= on and (rule.valid_until is None or on <= rule.valid_until)


def default_rule_dir() -> Path:
    """The shipped rule base (``legal_rules/`` of the repository, packaged as prozess/data/legal_rules)."""
    return Path(__file__).resolve().parents[1] / "data" / "legal_rules"


def schema() -> dict[str, Any]:
    """The JSON Schema of rule files (see :func:`.ruleschema.schema`)."""
    from .ruleschema import schema as rule_schema

    return rule_schema()


_CITATION_TOKEN = re.compile(
    r"(?P<unit>§+|Abs\.?|Absatz|S\.|Satz|Nr\.?|Nummer)\s*(?P<number>\d+[a-z]?)|(?P<word>[^\W\d_]{2,})", re.I
)
_UNITS = {"abs": "abs", "absatz": "abs", "s": "s", "satz": "s", "nr": "nr", "nummer": "nr"}


def citation_tokens(text: str) -> frozenset[str]:
    """"§ 30 Abs. 2 S. 1; § 30c BZRG" → {"§30", "abs2", "s1", "§30c", "bzrg"}.

    A reference matches a citation when all its tokens occur in it: „§ 12 PStG“
    matches „§ 12 Abs. 1 PStG“, „§ 12 Abs. 2 PStG“ does not.
    """
    tokens = set()
    for match in _CITATION_TOKEN.finditer(text):
        if match["unit"]:
            unit = match["unit"].rstrip(".").casefold()
            tokens.add(("§" if unit.startswith("§") else _UNITS.get(unit, unit)) + match["number"].casefold())
        elif match["word"].casefold() not in _UNITS and match["word"].casefold() not in ("i", "v", "m"):
            tokens.add(match["word"].casefold())
    return frozenset(tokens)


def norm_refs(rule: "Rule") -> tuple[str, ...]:
    """The references a step may cite for this rule (``match.explicit_refs``)."""
    return tuple(rule.match.explicit_refs)
