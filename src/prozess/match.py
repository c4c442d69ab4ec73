"""The rule engine: which legal rules touch which steps, and how serious that is.

A rule touches a step when

- the step's documentation names it (``Regel: LB-…``) or cites one of its
  ``explicit_refs`` (``Rechtsgrundlage: § 12 PStG``), or
- one of its keyword phrases occurs in the step's name or documentation (every
  word of the phrase, in any order, as a word, word stem or part of a compound,
  normalised like the media lexicon), none of its negative phrases occurs, and
  the element type, lane, process context and service key conditions hold.

The severity follows from the rule's ``blocking`` and the step's medium:
a hard blocker is an error (the procedure cannot be end-to-end digital without
a change of law); a requirement with a digital substitute is a warning while
the step runs on paper or in person (a quick win) and info once the step is
digital; a rule without a legal form requirement is info.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator

from .findings import Finding, Severity
from .lexicon import words
from .media import Medium, ProcessMedia
from .model import Definitions, Node, Process
from .rules import BLOCKING_DE, REQUIREMENT_DE, LoadedRule, Rule, active, applies, citation_tokens, norm_refs

_RULE_REF = re.compile(r"^\s*(?:regel|rechtsregel|rule)\s*:\s*(?P<ids>[A-Z0-9-]+(?:\s*,\s*[A-Z0-9-]+)*)\s*$", re.I | re.M)
_LEGAL_REF = re.compile(r"^\s*(?:rechtsgrundlage|rechtsgrundlagen|legal basis)\s*:\s*(?P<refs>.+?)\s*$", re.I | re.M)
_KEY_LINE = re.compile(r"(?:leistungsschl(?:ü|ue)ssel|leika|fim)[^:\n]*:\s*(?P<key>[0-9]{8,14})", re.I)
_JURISDICTION_LINE = re.compile(r"^\s*(?:jurisdiktion|jurisdiction|rechtsraum)\s*:\s*(?P<value>\S+)\s*$", re.I | re.M)
_LAND_LINE = re.compile(r"^\s*(?:land|bundesland)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)
LAENDER = {
    "baden-wuerttemberg": "DE-BW", "bayern": "DE-BY", "berlin": "DE-BE", "brandenburg": "DE-BB",
    "bremen": "DE-HB", "hamburg": "DE-HH", "hessen": "DE-HE", "mecklenburg-vorpommern": "DE-MV",
    "niedersachsen": "DE-NI", "nordrhein-westfalen": "DE-NW", "rheinland-pfalz": "DE-RP",
    "saarland": "DE-SL", "sachsen": "DE-SN", "sachsen-anhalt": "DE-ST", "schleswig-holstein": "DE-SH",
    "thueringen": "DE-TH", "bund": "DE",
}


def _stem(word: str) -> str:
    return word[:-2] if word.endswith("en") and len(word) >= 6 else word


def _word_satisfies(text_word: str, phrase_word: str) -> bool:
    if text_word == phrase_word:
        return True
    if len(phrase_word) < 4:
        return False
    stem = _stem(phrase_word)
    if text_word.startswith(stem) or text_word.endswith(phrase_word):
        return True
    return len(stem) >= 6 and stem in text_word  # middle of a compound: "Vaterschaftsanerkennung"


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    words: frozenset[str]


def _phrases(items: Iterable[str]) -> tuple[_Phrase, ...]:
    return tuple(_Phrase(item, frozenset(words(item))) for item in items if words(item))


@dataclass(frozen=True, slots=True)
class _Compiled:
    loaded: LoadedRule
    keywords: tuple[_Phrase, ...]
    negative: tuple[_Phrase, ...]
    lanes: tuple[_Phrase, ...]
    context: tuple[_Phrase, ...]
    context_none: tuple[_Phrase, ...]
    refs: tuple[tuple[str, frozenset[str]], ...]  # (as written, tokens)


@dataclass(frozen=True, slots=True)
class Hit:
    loaded: LoadedRule
    node: Node
    evidence: tuple[str, ...]

    @property
    def rule(self) -> Rule:
        return self.loaded.rule


class Matcher:
    def __init__(self, rules: Iterable[LoadedRule]):
        self.compiled = tuple(
            _Compiled(
                r,
                _phrases(r.rule.match.keywords),
                _phrases(r.rule.match.negative_keywords),
                _phrases(r.rule.match.lanes),
                _phrases(r.rule.match.process_context),
                _phrases(r.rule.match.process_context_none),
                tuple((ref, citation_tokens(ref)) for ref in norm_refs(r.rule)),
            )
            for r in rules
        )
        self.by_id = {c.loaded.rule.id: c for c in self.compiled}
        self._phrase_words = frozenset(
            w for c in self.compiled for group in (c.keywords, c.negative, c.lanes, c.context, c.context_none)
            for p in group for w in p.words
        )
        self._cache: dict[str, frozenset[str]] = {}

    def _satisfied(self, text: str) -> frozenset[str]:
        """The phrase words that some word of ``text`` satisfies (cached per word)."""
        result: set[str] = set()
        for word in words(text):
            hit = self._cache.get(word)
            if hit is None:
                hit = frozenset(p for p in self._phrase_words if _word_satisfies(word, p))
                if len(self._cache) < 200_000:
                    self._cache[word] = hit
            result |= hit
        return frozenset(result)

    def hits(
        self,
        process: Process,
        definitions: Definitions | None,
        jurisdiction: str | None,
        on: date,
    ) -> list[Hit]:
        lanes = {lane.id: lane.name for lane in process.lanes}
        context_text = " ".join(
            filter(None, [process.name, process.participant_name, process.documentation, definitions.name if definitions else ""])
        )
        context = self._satisfied(context_text)
        keys = service_keys(process)
        candidates = [
            (c, _context_ok(c, context, keys))
            for c in self.compiled
            if active(c.loaded.rule, on) and applies(c.loaded.rule.jurisdiction, jurisdiction)
            and not any(p.words <= context for p in c.context_none)
        ]
        result: list[Hit] = []
        for node in process.nodes:
            if node.is_gateway:
                continue
            named = _named_rules(node.documentation)
            cited = _cited(node.documentation)
            step_words = None
            node_hits: list[Hit] = []
            for rule_id in named:
                compiled = self.by_id.get(rule_id)
                if compiled is not None:
                    node_hits.append(Hit(compiled.loaded, node, (f"Dokumentation nennt die Regel {rule_id}",)))
            for c, context_ok in candidates:
                if c.loaded.rule.id in named:
                    continue
                ref = next((text for text, tokens in c.refs if any(tokens <= cite for cite in cited)), None)
                if ref is not None:
                    node_hits.append(Hit(c.loaded, node, (f"Dokumentation nennt die Rechtsgrundlage {ref}",)))
                    continue
                if not c.keywords or not _type_ok(c.loaded.rule, node):
                    continue
                if step_words is None:
                    step_words = self._satisfied(f"{node.name}\n{node.documentation}")
                found = [p.text for p in c.keywords if p.words <= step_words]
                if not found or any(p.words <= step_words for p in c.negative):
                    continue
                if not context_ok and not any(p.words <= step_words for p in c.context):
                    continue  # the context may also stand in the step itself: "Eheschließung anmelden"
                if c.lanes:
                    lane_words = self._satisfied(lanes.get(node.lane, "") if node.lane else "")
                    if not any(p.words <= lane_words for p in c.lanes):
                        continue
                node_hits.append(Hit(c.loaded, node, tuple(f"Schritt enthält „{text}“" for text in found)))
            replaced = {other for h in node_hits for other in h.rule.replaces}
            result.extend(h for h in node_hits if h.rule.id not in replaced)
        return result


def _context_ok(c: _Compiled, context: frozenset[str], keys: set[str]) -> bool:
    """Whether the process (name, pool, documentation, service key) gives the rule's context."""
    match = c.loaded.rule.match
    if match.service_keys and keys.intersection(match.service_keys):
        return True
    return not c.context or any(p.words <= context for p in c.context)


def _type_ok(rule: Rule, node: Node) -> bool:
    types = rule.match.element_types
    if not types:
        return node.is_activity or node.is_event
    return node.type in types


def _named_rules(documentation: str) -> list[str]:
    return [i.strip() for m in _RULE_REF.finditer(documentation) for i in m["ids"].split(",")]


def _cited(documentation: str) -> list[frozenset[str]]:
    """Citation tokens of every „Rechtsgrundlage: …“ line."""
    return [citation_tokens(m["refs"]) for m in _LEGAL_REF.finditer(documentation)]


def service_keys(process: Process) -> set[str]:
    keys = set()
    for name in ("leika", "leistungsschluessel", "leistungsschlüssel", "fim", "servicekey"):
        value = process.extensions.get(name)
        if value:
            keys.add(value.strip())
    keys.update(m["key"] for m in _KEY_LINE.finditer(process.documentation))
    return keys


def process_jurisdiction(process: Process) -> str | None:
    """A jurisdiction declared in the model: property ``jurisdiction`` or a documentation line."""
    value = process.extensions.get("jurisdiction") or process.extensions.get("rechtsraum")
    if value:
        return value.strip()
    match = _JURISDICTION_LINE.search(process.documentation)
    if match:
        return match["value"]
    land = _LAND_LINE.search(process.documentation)
    if land:
        return LAENDER.get("-".join(words(land["value"])))
    return None


# ------------------------------------------------------------------------------------ findings


def assess(rule: Rule, medium: Medium | None) -> tuple[Severity, str]:
    """Severity and the German verdict for a rule on a step with the given medium."""
    if rule.inherent:
        verdict = "inherent"
        severity = Severity.INFO
    elif rule.requirement == "electronic_required":
        if medium in (Medium.PAPER, Medium.IN_PERSON):
            verdict, severity = "unlawful_paper", Severity.ERROR
        elif medium is Medium.DIGITAL:
            verdict, severity = "met", Severity.INFO
        else:
            verdict, severity = "check", Severity.WARNING
    elif rule.blocking == "hard":
        verdict, severity = "hard", Severity.ERROR
    elif rule.blocking == "none":
        verdict, severity = "no_form", Severity.INFO
    elif medium is Medium.DIGITAL:
        verdict, severity = "met", Severity.INFO
    else:
        verdict, severity = ("quick_win" if rule.blocking == "substitutable" else "conditional"), Severity.WARNING
    if rule.severity is not None:
        severity = Severity.parse(rule.severity)
    return severity, verdict


def _message(rule: Rule, verdict: str) -> str:
    subs = "; ".join(f"{s.display} ({s.basis})" for s in rule.digital_substitutes)
    citation = rule.norm.citation
    requirement = REQUIREMENT_DE[rule.requirement]
    return {
        "hard": f"Rechtliches Hindernis: {rule.title}. {citation}: {requirement}, ohne digitalen Weg im geltenden Recht.",
        "quick_win": f"Lösbar: {rule.title}. Digitaler Ersatz im Recht: {subs or 'siehe Regel'}.",
        "conditional": f"Bedingt lösbar: {rule.title}. Digitaler Weg unter Voraussetzungen: {subs or 'siehe Ausnahmen der Regel'}.",
        "met": f"Erfüllt: {rule.title}. Der Schritt läuft digital; Grundlage: {subs or citation}.",
        "no_form": f"Keine gesetzliche Form: {rule.title} ({citation}). Ein Medienbruch, aber kein Rechtshindernis.",
        "inherent": f"Konstitutiver Präsenzakt: {rule.title} ({citation}). Kein Digitalisierungsziel; begrenzt die Reife nicht.",
        "unlawful_paper": f"Papier unzulässig: {rule.title}. {citation} schreibt den elektronischen Weg vor.",
        "check": f"Prüfen: {rule.title}. {citation} schreibt den elektronischen Weg vor; das Medium des Schritts ist unbekannt.",
    }[verdict]


def legal_findings(
    process: Process,
    definitions: Definitions,
    media: ProcessMedia | None,
    matcher: Matcher,
    jurisdiction: str | None,
    on: date,
) -> Iterator[Finding]:
    effective = process_jurisdiction(process) or jurisdiction
    lanes = {lane.id: lane.name for lane in process.lanes}
    for hit in matcher.hits(process, definitions, effective, on):
        rule = hit.rule
        step = media.steps.get(hit.node.id) if media else None
        medium = step.medium if step else None
        severity, verdict = assess(rule, medium)
        yield Finding(
            f"legal/{rule.id}", severity, _message(rule, verdict),
            definitions.path, hit.node.line, process.id, hit.node.id, hit.node.name or None,
            {
                "requirement": rule.requirement,
                "blocking": rule.blocking,
                "verdict": verdict,
                "inherent": rule.inherent,
                "norm": rule.norm.citation,
                "norm_url": rule.norm.url,
                "jurisdiction": rule.norm.jurisdiction,
                "substitute_available": bool(rule.digital_substitutes) and rule.blocking in ("substitutable", "conditional"),
                "substitutes": [
                    {"means": s.means, "label": s.display, "norm": s.basis, "conditions": s.conditions}
                    for s in rule.digital_substitutes
                ],
                "remedy": rule.remedy,
                "confidence": rule.confidence,
                "evidence": list(hit.evidence),
                "step_medium": medium.value if medium else None,
                "lane": lanes.get(hit.node.lane) if hit.node.lane else None,
                "rule_file": hit.loaded.file,
                "rule_line": hit.loaded.line,
            },
        )


def blocking_label(blocking: str) -> str:
    return BLOCKING_DE[blocking]
