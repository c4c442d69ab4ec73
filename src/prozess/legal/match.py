"""The rule engine: which legal rules touch which steps, and how serious that is.

A rule touches a step when

- the step's documentation names it (``Regel: LB-…``) or cites one of its
  ``explicit_refs`` (``Rechtsgrundlage: § 12 PStG``), or
- one of its keyword phrases occurs in the step's name or documentation (every
  word of the phrase, in any order, as a word, word stem or part of a compound,
  normalised like the media lexicon), none of its negative phrases occurs, and
  the element type, lane, process context and service key conditions hold.

The severity follows from the rule's ``blocking`` and the step's medium
(``verdict.py``, the one place of the severity policy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..bpmn.model import Definitions, Node, Process, enclosing
from ..findings import Finding, Severity
from ..media.inference import Medium, ProcessMedia
from ..media.lexicon import words
from ..media.roles import Role
from .acts import acts_of
from .identity import NOT_IDENTIFIED, Catalogue, Identity, service_keys
from .phrases import Phrase, PhraseIndex, phrases
from .rules import ACT_DE, LoadedProcedure, LoadedRule, Rule, active, applies, citation_tokens, norm_refs
from .verdict import LegalVerdict, Verdict, absent_message, absent_severity, assess, legal_medium, message

_RULE_REF = re.compile(r"^\s*(?:regel|rechtsregel|rule)\s*:\s*(?P<ids>[A-Z0-9-]+(?:\s*,\s*[A-Z0-9-]+)*)\s*$", re.I | re.M)
_LEGAL_REF = re.compile(r"^\s*(?:rechtsgrundlage|rechtsgrundlagen|legal basis)\s*:\s*(?P<refs>.+?)\s*$", re.I | re.M)
_JURISDICTION_LINE = re.compile(r"^\s*(?:jurisdiktion|jurisdiction|rechtsraum)\s*:\s*(?P<value>\S+)\s*$", re.I | re.M)
_LAND_LINE = re.compile(r"^\s*(?:land|bundesland)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)
LAENDER = {
    "baden-wuerttemberg": "DE-BW", "bayern": "DE-BY", "berlin": "DE-BE", "brandenburg": "DE-BB",
    "bremen": "DE-HB", "hamburg": "DE-HH", "hessen": "DE-HE", "mecklenburg-vorpommern": "DE-MV",
    "niedersachsen": "DE-NI", "nordrhein-westfalen": "DE-NW", "rheinland-pfalz": "DE-RP",
    "saarland": "DE-SL", "sachsen": "DE-SN", "sachsen-anhalt": "DE-ST", "schleswig-holstein": "DE-SH",
    "thueringen": "DE-TH", "bund": "DE",
}


@dataclass(frozen=True, slots=True)
class _Compiled:
    loaded: LoadedRule
    keywords: tuple[Phrase, ...]
    negative: tuple[Phrase, ...]
    lanes: tuple[Phrase, ...]
    context: tuple[Phrase, ...]
    context_none: tuple[Phrase, ...]
    refs: tuple[tuple[str, frozenset[str]], ...]  # (as written, tokens)


@dataclass(frozen=True, slots=True)
class Hit:
    loaded: LoadedRule
    node: Node
    evidence: tuple[str, ...]
    how: str = "keyword"  # named | cited | keyword | act

    @property
    def rule(self) -> Rule:
        return self.loaded.rule


@dataclass(frozen=True, slots=True)
class _Scope:
    """How a rule stands in one process: usable at all, by its keywords, by its acts."""

    keywords: bool  # keyword hits count (context given or not needed)
    acts: bool  # act hits count (the rule's procedure is identified, or the process cites its norm)
    explicit_only: bool  # another procedure or law governs: only a step that names or cites the rule


class _Scopes(dict):
    """The scope of each rule that may fire in one process (``scopes[rule_id]``, None: it may not),
    worked out when a step first touches the rule: most steps touch few rules or none."""

    __slots__ = ("eligible", "_identity", "_context", "_keys", "_keys_of", "_cites")

    def __init__(self, eligible: dict[str, _Compiled], identity: Identity, context: frozenset[str],
                 keys_of, process_cites: list):
        super().__init__()
        self.eligible = eligible  # rule id -> compiled rule, in rule order
        self._identity = identity
        self._context = context
        self._keys_of = keys_of  # the process's service keys, read only when a rule asks for them
        self._keys: set[str] | None = None
        self._cites = process_cites

    def __missing__(self, rule_id: str) -> _Scope | None:
        c = self.eligible.get(rule_id)
        scope = None
        if c is not None:
            if self._keys is None and c.loaded.rule.match.service_keys:
                self._keys = self._keys_of()
            scope = _scope(c, self._identity, self._context, self._keys or set(), self._cites)
        self[rule_id] = scope
        return scope

    @property
    def may_act(self) -> bool:
        """Whether any rule can fire on acts here: the procedure is identified or the process cites a norm."""
        return self._identity.identified or bool(self._cites)

    def each(self):
        """(rule id, scope) of every rule that may fire here."""
        return ((rule_id, self[rule_id]) for rule_id in self.eligible)


class Matcher:
    def __init__(self, rules: Iterable[LoadedRule], procedures: Iterable[LoadedProcedure] = ()):
        self.compiled = tuple(
            _Compiled(
                r,
                phrases(r.rule.match.keywords),
                phrases(r.rule.match.negative_keywords),
                phrases(r.rule.match.lanes),
                phrases(r.rule.match.process_context),
                phrases(r.rule.match.process_context_none),
                tuple((ref, citation_tokens(ref)) for ref in norm_refs(r.rule)),
            )
            for r in rules
        )
        self.by_id = {c.loaded.rule.id: c for c in self.compiled}
        self.catalogue = Catalogue(procedures)
        self._in_force_cache: dict[tuple, dict[str, _Compiled]] = {}
        # keyword index: a rule is only looked at for a step that has a word of one of its phrases
        self._by_word: dict[str, list[_Compiled]] = {}
        for c in self.compiled:
            for word in {w for p in c.keywords for w in p.words}:
                self._by_word.setdefault(word, []).append(c)
        self._index = PhraseIndex({
            w for c in self.compiled for group in (c.keywords, c.negative, c.lanes, c.context, c.context_none)
            for p in group for w in p.words
        })

    def _satisfied(self, text: str) -> frozenset[str]:
        return self._index.satisfied(text)

    def identify(self, definitions: Definitions, processes: list[Process], pools: list[str],
                 jurisdiction: str | None, others: list[str] = ()) -> Identity:
        return self.catalogue.identify(definitions, processes, pools, jurisdiction, others)

    def hits(
        self,
        process: Process,
        definitions: Definitions | None,
        jurisdiction: str | None,
        on: date,
        identity: Identity = NOT_IDENTIFIED,
        media: ProcessMedia | None = None,
    ) -> list[Hit]:
        """Every rule that touches a step of ``process``.

        Within an identified procedure a rule of another procedure or procedural law fires only
        where a step names or cites it; a rule of this procedure fires on its acts and keywords.
        Without an identity, keywords and the rule's process context decide.
        """
        scopes = self._scopes(process, definitions, jurisdiction, on, identity)
        lanes = {lane.id: lane.name for lane in process.lanes}
        parents = {n.id: n.parent for n in process.nodes}
        acts_wanted = scopes.may_act and any(
            s.acts and self.by_id[r].loaded.rule.match.acts for r, s in scopes.each()
        )
        result: list[Hit] = []
        for node in process.nodes:
            if node.is_gateway:
                continue
            node_hits = self._explicit_hits(node, scopes, definitions, parents)
            step_words = self._satisfied(f"{node.name}\n{node.documentation}")
            node_hits += self._keyword_hits(node, scopes, step_words, {h.rule.id for h in node_hits}, lanes)
            if acts_wanted and (node.is_activity or node.is_event):
                node_hits += self._act_hits(node, scopes, step_words, {h.rule.id for h in node_hits}, media)
            replaced = {other for h in node_hits for other in h.rule.replaces}
            node_hits = [h for h in node_hits if h.rule.id not in replaced]
            # a step that names its rule needs no guess: an act hit of the same requirement gives way
            named_requirements = {h.rule.requirement for h in node_hits if h.how != "act"}
            result.extend(h for h in node_hits if h.how != "act" or h.rule.requirement not in named_requirements)
        # an event that reports an appearance stands for it only where no task of the process shows the act
        at_tasks = {h.rule.id for h in result if h.node.is_activity}
        result = [h for h in result if h.node.is_activity or h.how != "act" or h.rule.id not in at_tasks]
        if any(h.rule.excludes_general for h in result):  # § 623, § 766 S. 2 BGB: no general substitute here
            result = [h for h in result if not h.rule.general]
        return result

    def _scopes(self, process: Process, definitions: Definitions | None, jurisdiction: str | None, on: date,
                identity: Identity) -> _Scopes:
        """The rules that may fire in this process at all, and how (by keywords, by acts, only when named)."""
        service = definitions.service if definitions else None
        context_text = " ".join(
            filter(None, [
                process.name, process.participant_name, process.documentation, definitions.name if definitions else "",
                service.name if service else "",
                " ".join(b.name for b in service.legal_bases) if service else "",
            ])
        )
        context = self._satisfied(context_text)
        process_cites = _cited(process.documentation) if process.documentation else []
        if service is not None:
            process_cites += [citation_tokens(c) for b in service.legal_bases for c in b.citations]
        eligible = {
            rule_id: c for rule_id, c in self._in_force(on, jurisdiction, identity.excludes_general).items()
            if not any(p.words <= context for p in c.context_none)
        }
        return _Scopes(eligible, identity, context, lambda: set(service_keys(definitions, [process])), process_cites)

    def _in_force(self, on: date, jurisdiction: str | None, excludes_general: bool) -> dict[str, _Compiled]:
        """Rules in force on ``on`` in ``jurisdiction`` (without the general substitutes where excluded)."""
        key = (on, jurisdiction, excludes_general)
        found = self._in_force_cache.get(key)
        if found is None:
            found = {
                c.loaded.rule.id: c for c in self.compiled
                if active(c.loaded.rule, on) and applies(c.loaded.rule.jurisdiction, jurisdiction)
                and not (c.loaded.rule.general and excludes_general)
            }
            self._in_force_cache[key] = found
        return found

    def _explicit_hits(self, node: Node, scopes: _Scopes, definitions: Definitions | None,
                       parents: dict[str, str | None]) -> list[Hit]:
        """Rules the step's documentation names ("Regel: LB-…") or whose norm it (or its FIM group) cites."""
        hits: list[Hit] = []
        named = _named_rules(node.documentation) if node.documentation else []
        for rule_id in named:
            compiled = self.by_id.get(rule_id)
            if compiled is not None:
                hits.append(Hit(compiled.loaded, node, (f"Dokumentation nennt die Regel {rule_id}",), "named"))
        # (citation, how the evidence says where it was found)
        cited = [(cite, "Dokumentation nennt die Rechtsgrundlage {}")
                 for cite in (_cited(node.documentation) if node.documentation else ())]
        if definitions is not None and definitions.activity_groups:
            cited += [(citation_tokens(c), "FIM-Handlungsgrundlage {}")
                      for c in _fim_citations(definitions, node.id, parents)]
        for rule_id in scopes.eligible if cited else ():
            c = self.by_id[rule_id]
            if rule_id in named:
                continue
            found = next((how.format(text) for text, tokens in c.refs for cite, how in cited if cites(cite, tokens)), None)
            if found is not None:
                hits.append(Hit(c.loaded, node, (found,), "cited"))
        return hits

    def _keyword_hits(self, node: Node, scopes: _Scopes, step_words: frozenset[str], done: set[str],
                      lanes: dict[str, str | None]) -> list[Hit]:
        """Rules one of whose keyword phrases the step contains (looked up by the step's words)."""
        hits: list[Hit] = []
        seen: set[str] = set()
        for word in step_words:
            for c in self._by_word.get(word, ()):
                rule_id = c.loaded.rule.id
                if rule_id in seen or rule_id in done:
                    continue
                scope = scopes[rule_id]
                if scope is None or scope.explicit_only:
                    continue
                seen.add(rule_id)
                hit = self._keyword_hit(c, node, step_words, scope.keywords, lanes)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _act_hits(self, node: Node, scopes: _Scopes, step_words: frozenset[str], done: set[str],
                  media: ProcessMedia | None) -> list[Hit]:
        """Rules of the identified procedure whose acts the step performs (acts.py)."""
        step_acts = {a.act: a.evidence for a in acts_of(node, media.steps.get(node.id) if media else None)}
        if not node.is_activity:  # an event reports an act; only "Antragsteller erscheint" is one by itself
            step_acts = {a: e for a, e in step_acts.items() if a == "presence"}
        if media is not None and media.role is Role.APPLICANT:  # what the applicant receives is the authority's act
            step_acts = {a: e for a, e in step_acts.items() if a not in _AUTHORITY_ACTS}
        hits: list[Hit] = []
        for rule_id, scope in scopes.each() if step_acts else ():
            c = self.by_id[rule_id]
            wanted = c.loaded.rule.match.acts
            if rule_id in done or not scope.acts or not wanted or scope.explicit_only:
                continue
            shown = [step_acts[a] for a in wanted if a in step_acts]
            if shown and _type_ok(c.loaded.rule, node) and not any(p.words <= step_words for p in c.negative):
                hits.append(Hit(c.loaded, node, tuple(shown), "act"))
        return hits

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


_OTHER_FORM = ("formless", "electronic", "in_person", "special")
_AUTHORITY_ACTS = frozenset({"post", "notice", "service", "handover"})


def _scope(c: _Compiled, identity: Identity, context: frozenset[str], keys: set[str], process_cites) -> _Scope:
    """Where a rule may fire in a process, given the procedure's identity and the process's own citations.

    In an identified procedure, a rule of that procedure fires on its acts and keywords; a rule of a
    procedure the model merely names, or whose norm the process cites, on its keywords; a rule of
    another procedure or procedural law only where a step names or cites it. Without an identity, a
    norm the process cites stands in for it; otherwise keywords and the rule's context decide.
    """
    rule = c.loaded.rule
    match = rule.match
    cited = bool(process_cites) and any(cites(cite, tokens) for cite in process_cites for _text, tokens in c.refs)
    if identity.identified:
        if match.procedures:
            if identity.ids.intersection(match.procedures):
                return _Scope(True, True, False)
            if cited or identity.mentioned.intersection(match.procedures):
                return _Scope(True, False, False)
            return _Scope(False, False, True)
        if cited:
            return _Scope(True, False, False)
        law = identity.procedural_law
        if rule.procedural_law and law and law not in rule.procedural_law:
            return _Scope(False, False, True)
        if rule.requires_written_form and identity.application_form in _OTHER_FORM:
            return _Scope(False, False, True)
    elif cited:  # "Rechtsgrundlage: § 9 PAuswG" on the process: its steps stand under that norm
        return _Scope(True, True, False)
    return _Scope(_context_ok(c, context, keys), False, False)


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


def legal_findings(
    process: Process,
    definitions: Definitions,
    media: ProcessMedia | None,
    matcher: Matcher,
    jurisdiction: str | None,
    on: date,
    identity: Identity = NOT_IDENTIFIED,
) -> list[Finding]:
    effective = process_jurisdiction(process) or jurisdiction
    lanes = {lane.id: lane.name for lane in process.lanes}
    result = []
    for hit in matcher.hits(process, definitions, effective, on, identity, media):
        rule = hit.rule
        severity, verdict, medium = judge(hit, media, identity)
        result.append(Finding(
            f"legal/{rule.id}", severity, message(rule, verdict),
            definitions.path, hit.node.line, process.id, hit.node.id, hit.node.name or None,
            _details(rule, hit.loaded, verdict, identity, hit.how, list(hit.evidence), medium,
                     lanes.get(hit.node.lane) if hit.node.lane else None),
        ))
    return result


def judge(hit: Hit, media: ProcessMedia | None, identity: Identity) -> tuple[Severity, Verdict, Medium | None]:
    """Severity, verdict and legal medium of one hit. A step that names or cites the rule asserts
    the written form; otherwise only a procedure whose application is written has it known."""
    step = media.steps.get(hit.node.id) if media else None
    medium = legal_medium(hit.rule, step, media)
    form_known = identity.application_form == "written" or hit.how in ("named", "cited")
    severity, verdict = assess(hit.rule, medium, form_known)
    return severity, verdict, medium


def absences(
    processes: list[Process],
    definitions: Definitions,
    found: Iterable[Finding],
    matcher: Matcher,
    identity: Identity,
    jurisdiction: str | None,
    on: date,
    where: Process,
) -> list[Finding]:
    """What the identified procedure's law requires and no step of its pools shows.

    Reported at ``where`` (the authority's process): "Persönliches Erscheinen nicht modelliert"
    for an ID card drawn as fully online, with the norm.
    """
    present = {f.rule for f in found if f.kind == "legal"}
    ids = {p.id for p in processes}
    result = []
    for procedure in identity.procedures:
        for rule_id in procedure.requires:
            compiled = matcher.by_id.get(rule_id)
            if compiled is None or f"legal/{rule_id}" in present:
                continue
            rule = compiled.loaded.rule
            effective = process_jurisdiction(where) or jurisdiction
            if not (active(rule, on) and applies(rule.jurisdiction, effective)):
                continue
            severity = absent_severity(rule)
            evidence = [f"Verfahren erkannt: {identity.describe()}",
                        f"Kein Schritt in {len(ids)} Pool(s) zeigt: " + ", ".join(ACT_DE[a] for a in rule.match.acts)]
            result.append(Finding(
                f"legal/{rule_id}", severity, absent_message(rule, procedure.name),
                definitions.path, where.line, where.id, where.id, where.display_name,
                _details(rule, compiled.loaded, Verdict.NOT_MODELLED, identity, "absent", evidence, None, None),
            ))
            present.add(f"legal/{rule_id}")
    return result


def _details(rule: Rule, loaded: LoadedRule, verdict: Verdict, identity: Identity, how: str, evidence: list[str],
             medium: Medium | None, lane: str | None) -> LegalVerdict:
    return LegalVerdict(
        requirement=rule.requirement,
        blocking=rule.blocking,
        verdict=verdict,
        inherent=rule.inherent,
        norm=rule.norm.citation,
        norm_url=rule.norm.url,
        jurisdiction=rule.norm.jurisdiction,
        substitute_available=bool(rule.digital_substitutes) and rule.blocking in ("substitutable", "conditional"),
        substitutes=tuple(
            {"means": s.means, "label": s.display, "norm": s.basis, "conditions": s.conditions}
            for s in rule.digital_substitutes
        ),
        remedy=rule.remedy,
        confidence=rule.confidence,
        evidence=tuple(evidence),
        matched_by=how,
        procedure=tuple(sorted(identity.ids)),
        procedural_law=identity.procedural_law,
        step_medium=medium.value if medium else None,
        lane=lane,
        rule_file=loaded.file,
        rule_line=loaded.line,
    )
