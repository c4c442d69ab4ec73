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
from .model import Definitions, Node, Process, enclosing
from .rules import REQUIREMENT_DE, LoadedRule, Rule, active, applies, citation_tokens, norm_refs

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
        # keyword index: a rule is only looked at for a step that has a word of one of its phrases
        self._by_word: dict[str, list[_Compiled]] = {}
        for c in self.compiled:
            for word in {w for p in c.keywords for w in p.words}:
                self._by_word.setdefault(word, []).append(c)
        phrase_words = {
            w for c in self.compiled for group in (c.keywords, c.negative, c.lanes, c.context, c.context_none)
            for p in group for w in p.words
        }
        self._exact = frozenset(phrase_words)
        # phrase words that may match as prefix/suffix, indexed by the first/last two letters,
        # and the long stems that may also sit in the middle of a compound
        self._heads: dict[str, list[tuple[str, str]]] = {}
        self._tails: dict[str, list[str]] = {}
        self._infixes: list[tuple[str, str]] = []
        for word in phrase_words:
            if len(word) < 4:
                continue
            stem = _stem(word)
            self._heads.setdefault(stem[:2], []).append((word, stem))
            self._tails.setdefault(word[-2:], []).append(word)
            if len(stem) >= 6:
                self._infixes.append((word, stem))
        self._cache: dict[str, frozenset[str]] = {}

    def _satisfied(self, text: str) -> frozenset[str]:
        """The phrase words that some word of ``text`` satisfies (cached per word)."""
        result: set[str] = set()
        for word in words(text):
            hit = self._cache.get(word)
            if hit is None:
                found = {word} if word in self._exact else set()
                if len(word) >= 4 and not word.isdigit():
                    found.update(p for p, stem in self._heads.get(word[:2], ()) if word.startswith(stem))
                    found.update(p for p in self._tails.get(word[-2:], ()) if word.endswith(p))
                    if len(word) > 6:
                        found.update(p for p, stem in self._infixes if stem in word)
                hit = frozenset(found)
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
        service = definitions.service if definitions else None
        context_text = " ".join(
            filter(None, [
                process.name, process.participant_name, process.documentation, definitions.name if definitions else "",
                service.name if service else "",
                " ".join(b.name for b in service.legal_bases) if service else "",
            ])
        )
        context = self._satisfied(context_text)
        keys = service_keys(process)
        if service is not None:
            keys.add(service.key)  # FIM: the process class id is the Leistungsschlüssel
        parents = {n.id: n.parent for n in process.nodes}
        candidates = [
            (c, _context_ok(c, context, keys))
            for c in self.compiled
            if active(c.loaded.rule, on) and applies(c.loaded.rule.jurisdiction, jurisdiction)
            and not any(p.words <= context for p in c.context_none)
        ]
        result: list[Hit] = []
        usable = {c.loaded.rule.id: ok for c, ok in candidates}
        for node in process.nodes:
            if node.is_gateway:
                continue
            node_hits: list[Hit] = []
            named = _named_rules(node.documentation) if node.documentation else []
            for rule_id in named:
                compiled = self.by_id.get(rule_id)
                if compiled is not None:
                    node_hits.append(Hit(compiled.loaded, node, (f"Dokumentation nennt die Regel {rule_id}",)))
            # (citation, how the evidence says where it was found)
            cited = [(cite, "Dokumentation nennt die Rechtsgrundlage {}")
                     for cite in (_cited(node.documentation) if node.documentation else ())]
            if definitions is not None and definitions.activity_groups:
                cited += [(citation_tokens(c), "FIM-Handlungsgrundlage {}")
                          for c in _fim_citations(definitions, node.id, parents)]
            for c, _ok in candidates if cited else ():
                if c.loaded.rule.id in named:
                    continue
                found = next((how.format(text) for text, tokens in c.refs for cite, how in cited if cites(cite, tokens)), None)
                if found is not None:
                    node_hits.append(Hit(c.loaded, node, (found,)))
            step_words = self._satisfied(f"{node.name}\n{node.documentation}")
            done = {h.rule.id for h in node_hits}
            seen: set[str] = set()
            for word in step_words:
                for c in self._by_word.get(word, ()):
                    rule_id = c.loaded.rule.id
                    if rule_id in seen or rule_id in done or rule_id not in usable:
                        continue
                    seen.add(rule_id)
                    hit = self._keyword_hit(c, node, step_words, usable[rule_id], lanes)
                    if hit is not None:
                        node_hits.append(hit)
            replaced = {other for h in node_hits for other in h.rule.replaces}
            result.extend(h for h in node_hits if h.rule.id not in replaced)
        return result

    def _keyword_hit(self, c: _Compiled, node: Node, step_words, context_ok: bool, lanes) -> Hit | None:
        if not _type_ok(c.loaded.rule, node):
            return None
        found = [p.text for p in c.keywords if p.words <= step_words]
        if not found or any(p.words <= step_words for p in c.negative):
            return None
        if not context_ok and not any(p.words <= step_words for p in c.context):
            return None  # the context may also stand in the step itself: "Eheschließung anmelden"
        if c.lanes:
            lane_words = self._satisfied(lanes.get(node.lane, "") if node.lane else "")
            if not any(p.words <= lane_words for p in c.lanes):
                return None
        return Hit(c.loaded, node, tuple(f"Schritt enthält „{text}“" for text in found))


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


def cites(cite: frozenset[str], rule_ref: frozenset[str]) -> bool:
    """Whether a citation in the model matches a rule's reference, in either direction of the hierarchy.

    "§ 9 Abs. 1 S. 2 PAuswG" matches the reference "§ 9 Abs. 1 PAuswG" (more exact), and
    "§ 9 PAuswG" matches "§ 9 Abs. 1 PAuswG" (the whole paragraph). A citation must name a
    paragraph: the bare law name "PAuswG" matches nothing.
    """
    if rule_ref <= cite:
        return True
    return bool(cite) and any(t.startswith("§") for t in cite) and cite <= rule_ref


def _fim_citations(definitions: Definitions, node_id: str, parents: dict[str, str | None]) -> list[str]:
    """Legal bases of the FIM activity group of a step, or of the group around it."""
    for element in enclosing(node_id, parents):
        bases = definitions.legal_bases_of(element)
        if bases:
            return [c for b in bases for c in b.citations]
    return []


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


_DECLARATIONS = ("written_form", "signature", "original_document")


def legal_medium(rule: Rule, step, media: ProcessMedia | None) -> Medium | None:
    """The medium in which a requirement is fulfilled at a step.

    A print or scan step handles paper, whatever it produces. A declaration that
    arrived on paper (intake not digital) stays a paper declaration where a step
    merely works on a scan of it (its medium is only carried over from before).
    """
    if step is None:
        return None
    if step.conversion in ("print", "scan"):
        return Medium.PAPER
    if (
        rule.requirement in _DECLARATIONS
        and media is not None
        and media.digital_intake is False
        and not step.evidenced
        and step.medium is Medium.DIGITAL
    ):
        return Medium.PAPER
    return step.medium


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
        medium = legal_medium(rule, step, media)
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

