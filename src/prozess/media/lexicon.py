"""German (and English) term matching for media evidence.

Text and terms are normalised the same way: case folded, umlauts and ß spelled
out (``ä`` → ``ae``, ``ß`` → ``ss``), split into words. Before matching,
placeholders of templates (``${…}``, ``#{…}``, ``{{…}}``) are removed and
administrative abbreviations are read as what they stand for ("FV" →
Fachverfahren, "z.d.A." → zu den Akten; the table is data, section
``abbreviations:`` of the lexicon).

A one-word term matches a word that begins or ends with it (compounds:
"Papierantrag", "Posteingangsstempel"); ``=Wort`` matches one word exactly;
terms of two or three words match those words, also written together or
hyphenated ("E-Akte" = "eAkte"), but never inside a longer word (so
"Einkommensberechnung" is no "E-Rechnung"). German verbs on ``-en`` also
match

- by their stem ("unterschreibt", "erfasst"),
- as past participle ("gedruckt", "ausgedruckt", "zugestellt"),
- with irregular stems listed in the lexicon's ``forms:`` section
  ("versandt", "spricht"),
- separated ("legt die Originale vor", "spricht vor, füllt … aus"): the
  verb first, its particle as the last word of the clause.

A term right after "kein", "keine", "ohne", "nicht" (up to three words
before it, in the same clause) or right before "nicht" is negated and does
not count ("es gibt keine Papierakte", "Poststelle nicht beteiligt").

Where matches overlap, the longer term wins ("Postfach" over "Post").
Results per word are cached, so matching is linear in the text and cheap
for the repeated vocabulary of process models.

Why rules and not a morphology library: ``benchmarks/morphology.py`` compares
simplemma, HanTa and compound-split on the lexicon's word forms and on the
labelled models; the numbers are in ``benchmarks/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .. import cache, yamlsrc
from ..errors import FileError

MEDIA = ("paper", "in_person", "digital")
CONVERSIONS = ("print", "scan", "rekey")
# neutral: the step names a channel that is neither digital nor paper nor presence (a phone call)
CATEGORIES = MEDIA + CONVERSIONS + ("output", "input", "neutral")
SECTIONS = CATEGORIES + ("abbreviations", "forms")
MAX_NGRAM = 3

_SPLIT = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüßẞ]+")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|#\{[^}]*\}|\{\{[^}]*\}\}")
MIN_AFFIX = 4  # shorter terms ("eID", "DMS") match whole words only: "Bescheid" is no eID
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})

# German grammar, not vocabulary: separable verb particles ("vor|legen": "legt … vor",
# participle "vorgelegt") and the inseparable prefixes that take no "ge-" ("erfasst").
PARTICLES = (
    "zurueck", "zusammen", "vorbei", "weiter", "ab", "an", "auf", "aus", "bei", "dar", "ein", "fest",
    "her", "hin", "los", "mit", "nach", "vor", "weg", "zu", "um",
)
INSEPARABLE = ("be", "emp", "ent", "er", "ge", "miss", "ver", "zer", "ueber", "unter", "hinter", "wider")
NEGATIONS = frozenset({
    "kein", "keine", "keinen", "keinem", "keiner", "keines", "ohne", "nicht", "nie", "niemals",
    "no", "not", "without", "non",
})
_NEGATION_REACH = 3
# a separated particle closes its clause: punctuation or one of these words follows it
_CLAUSE_WORDS = frozenset({"und", "oder", "bzw", "sowie", "dann", "and", "or"})


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    # cached: the media, role, legal and identity analyses all fold the same step names
    return text.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(normalize(text)) if w]


def strip_placeholders(text: str) -> str:
    """Template placeholders say nothing about a step: "Ablage in ${dms}" is no DMS."""
    return _PLACEHOLDER.sub(" ", text) if ("{" in text) else text


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the lexicon
    key: str  # normalised, words joined
    size: int  # number of words
    exact: bool
    stem: str  # prefix used for inflected verb forms
    category: str  # paper | in_person | digital | print | scan | rekey | output | neutral
    strong: bool
    forms: tuple[str, ...] = ()  # further prefixes: participles and irregular stems
    particle: str = ""  # separable particle ("vor" of "vorlegen")
    base: tuple[str, ...] = ()  # prefixes of the verb without its particle ("leg", "sprich")


@dataclass(frozen=True, slots=True)
class Match:
    term: Term
    found: str  # the words of the text that matched, as written there
    expanded: str = ""  # what an abbreviation stands for

    def describe(self) -> str:
        if self.expanded:
            return f"„{self.found}“ ({self.expanded})"
        if "".join(words(self.found)) == self.term.key:
            return f"„{self.found}“"
        return f"„{self.found}“ ({self.term.text})"


class LexiconError(FileError):
    """A lexicon file that cannot be read."""


@dataclass(frozen=True, slots=True)
class _Token:
    key: str  # normalised word
    start: int  # span in the text, for "found"
    end: int
    abbreviation: tuple[str, str] | None = None  # the abbreviation this word comes from, as written, and its expansion
    clause_end: bool = False  # punctuation or a conjunction follows


class Lexicon:
    def __init__(
        self,
        terms: Iterable[Term],
        abbreviations: dict[str, str] | None = None,
        forms: dict[str, tuple[str, ...]] | None = None,
    ):
        self.forms = dict(forms or {})
        self.abbreviations = dict(abbreviations or {})
        self.terms = tuple(_with_forms(t, self.forms) for t in terms)
        self._abbrev: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {
            tuple(words(short)): (tuple(words(long)), long) for short, long in self.abbreviations.items() if words(short)
        }
        self._abbrev_heads = {k[0] for k in self._abbrev}
        self._by_key: dict[str, list[Term]] = {}
        # candidates by the first two letters of a prefix and the last two of the key:
        # a word can only start with a stem (end with a key) that shares them
        self._by_head: dict[str, list[Term]] = {}
        self._by_tail: dict[str, list[Term]] = {}
        self._separable: dict[str, list[Term]] = {}  # particle -> verbs
        for term in self.terms:
            self._by_key.setdefault(term.key, []).append(term)
            if not term.exact:
                for prefix in {term.stem, *term.forms}:
                    self._by_head.setdefault(prefix[:2], []).append(term)
                self._by_tail.setdefault(term.key[-2:], []).append(term)
            if term.particle:
                self._separable.setdefault(term.particle, []).append(term)
        self._cache: dict[str, tuple[Term, ...]] = {}
        self._texts: dict[str, tuple[Match, ...]] = {}  # whole texts: names repeat within and across models

    def _terms_for_word(self, key: str) -> tuple[Term, ...]:
        cached = self._cache.get(key)
        if cached is None:
            found = set(self._by_key.get(key, ()))
            if key.isdigit():
                return tuple(found)
            found.update(
                t for t in self._by_head.get(key[:2], ())
                if key.startswith(t.stem) or any(key.startswith(f) for f in t.forms)
            )
            found.update(t for t in self._by_tail.get(key[-2:], ()) if key.endswith(t.key))
            cached = tuple(sorted(found, key=lambda t: (-len(t.key), t.text)))
            if len(self._cache) < 200_000:
                self._cache[key] = cached
        return cached

    def _tokens(self, text: str) -> list[_Token]:
        found = list(_WORD.finditer(text))
        keys = [normalize(m.group()) for m in found]
        # where a clause ends matters only for negations and separated verb particles
        needs_clauses = any(k in NEGATIONS or k in self._separable for k in keys)
        tokens: list[_Token] = []
        for index, m in enumerate(found):
            ends = False
            if needs_clauses:
                following = text[m.end() : found[index + 1].start() if index + 1 < len(found) else len(text)].strip(" \t")
                ends = index + 1 == len(found) or (bool(following) and not following.startswith(("/", "-", "'", "’")))
                ends = ends or (index + 1 < len(found) and keys[index + 1] in _CLAUSE_WORDS)
            tokens.append(_Token(keys[index], m.start(), m.end(), None, ends))
        if not self._abbrev_heads or not any(t.key in self._abbrev_heads for t in tokens):
            return tokens
        result: list[_Token] = []
        index = 0
        while index < len(tokens):
            for size in (3, 2, 1):
                short = tuple(t.key for t in tokens[index : index + size])
                entry = self._abbrev.get(short) if len(short) == size else None
                if entry:
                    long, written = entry
                    first, last = tokens[index], tokens[index + size - 1]
                    shown = text[first.start : last.end + (text[last.end : last.end + 1] == ".")]
                    result.extend(
                        _Token(w, first.start, last.end, (shown, written), last.clause_end and i == len(long) - 1)
                        for i, w in enumerate(long)
                    )
                    index += size
                    break
            else:
                result.append(tokens[index])
                index += 1
        return result

    def match(self, text: str) -> list[Match]:
        """All non-overlapping, non-negated term matches in ``text``, longest terms first.

        A single word matches by prefix/suffix; a run of two or three words only
        when written together it equals a term ("E Akte" = "E-Akte").
        """
        if not text:
            return []
        cached = self._texts.get(text)
        if cached is not None:
            return list(cached)
        result = self._match(text)
        if len(self._texts) < 100_000:
            self._texts[text] = tuple(result)
        return result

    def _match(self, text: str) -> list[Match]:
        text = strip_placeholders(text)
        tokens = self._tokens(text)
        normal = [t.key for t in tokens]
        candidates: list[tuple[int, int, int, Term, int]] = []  # (-len, start, end, term, particle index)
        for start, key in enumerate(normal):
            for term in self._terms_for_word(key):
                candidates.append((-len(term.key), start, start + 1, term, -1))
        for size in range(2, MAX_NGRAM + 1):
            for start in range(len(normal) - size + 1):
                for term in self._by_key.get("".join(normal[start : start + size]), ()):
                    candidates.append((-len(term.key), start, start + size, term, -1))
        if self._separable:
            for index, token in enumerate(tokens):
                if token.key in self._separable and token.clause_end and index > 0:
                    for term in self._separable[token.key]:
                        for start in range(max(0, index - 8), index):
                            if any(_verb_form(normal[start], b) for b in term.base) and not any(
                                tokens[k].clause_end for k in range(start, index)
                            ):
                                candidates.append((-len(term.key), start, start + 1, term, index))
                                break
        candidates.sort(key=lambda c: (c[0], c[1]))
        # Output and input words ("versenden", "zur Post", "geht ein") say where a result goes or
        # where something comes in, not its medium: they may overlap the medium terms ("Post" is both).
        # Within one word, a prefix and a suffix term both count when they do not overlap ("Papier|original").
        taken: dict[bool, dict[int, list[tuple[int, int]]]] = {True: {}, False: {}}
        result: list[tuple[int, Match]] = []
        for _neg, start, end, term, particle in candidates:
            group = taken[term.category in ("output", "input")]
            if particle < 0 and end == start + 1:
                parts = [(start, _region(normal[start], term))]
            else:
                parts = [(i, (0, len(normal[i]))) for i in (range(start, end) if particle < 0 else (start, particle))]
            if any(_overlaps(group.get(i, ()), region) for i, region in parts):
                continue
            for i, region in parts:
                group.setdefault(i, []).append(region)
            if _negated(tokens, start, end if particle < 0 else particle + 1):
                continue
            first, last = tokens[start], tokens[end - 1]
            if particle >= 0:
                found = f"{text[first.start:first.end]} … {text[tokens[particle].start:tokens[particle].end]}"
            else:
                found = text[first.start : last.end]
            expanded = ""
            if first.abbreviation is not None:
                found, expanded = first.abbreviation
            result.append((start, Match(term, found, expanded)))
        result.sort(key=lambda r: r[0])
        return [m for _, m in result]

    def extended(self, other: "Lexicon") -> "Lexicon":
        return Lexicon(
            self.terms + other.terms,
            {**self.abbreviations, **other.abbreviations},
            {**self.forms, **other.forms},
        )


def _region(word: str, term: Term) -> tuple[int, int]:
    """The letters of ``word`` a one-word term covers: all of it, its end or its beginning."""
    if word == term.key:
        return 0, len(word)
    if word.endswith(term.key) and not word.startswith(term.stem):
        return len(word) - len(term.key), len(word)
    prefix = max((p for p in (term.stem, *term.forms) if word.startswith(p)), key=len, default=term.stem)
    return 0, len(prefix)


def _overlaps(regions, region: tuple[int, int]) -> bool:
    return any(a < region[1] and region[0] < b for a, b in regions)


def _negated(tokens: list[_Token], start: int, end: int) -> bool:
    for index in range(start - 1, max(-1, start - 1 - _NEGATION_REACH), -1):
        if tokens[index].clause_end:
            break
        if tokens[index].key in NEGATIONS:
            return True
    return end < len(tokens) and tokens[end].key in ("nicht", "not") and not tokens[end - 1].clause_end


_ENDINGS = frozenset({"", "e", "t", "st", "et", "est", "en", "n", "te", "ten", "tet", "test"})


def _verb_form(word: str, stem: str) -> bool:
    """``word`` is a finite form of the verb with this stem ("legt" of "leg", "spricht" of "sprich")."""
    return word.startswith(stem) and word[len(stem):] in _ENDINGS


def _split_particle(key: str) -> tuple[str, str]:
    for particle in PARTICLES:
        rest = key[len(particle):]
        if key.startswith(particle) and len(rest) >= 4 and rest.endswith("en"):
            return particle, rest
    return "", key


def _is_verb(key: str) -> bool:
    return len(key) >= 6 and key.endswith(("en", "eln", "ern"))


def _verb_stem(key: str) -> str:
    return key[:-1] if key.endswith(("eln", "ern")) else key[:-2]  # stempel|n, druck|en


def _with_forms(term: Term, irregular: dict[str, tuple[str, ...]]) -> Term:
    """Participle, irregular stems and the separated use of a German verb term."""
    if term.exact or term.size != 1 or not _is_verb(term.key):
        return term
    particle, rest = _split_particle(term.key)
    forms: set[str] = set()
    base: set[str] = set()
    verb = rest if particle else term.key
    verb_stem = _verb_stem(verb)
    extra: tuple[str, ...] = ()
    for base_verb, stems in irregular.items():  # "unterschreiben" takes the forms of "schreiben"
        if verb.endswith(base_verb):
            head = verb[: len(verb) - len(base_verb)]
            extra = tuple(head + s for s in stems if not (head and s.startswith("ge")))
            break
    if not verb.startswith(INSEPARABLE) and not verb.endswith("ieren"):
        forms.add(f"{particle}ge{verb_stem}")
        if not particle:  # "abgeschickt", "zugesandt": a particle before the participle of the verb
            forms.update(f"{p}ge{stem}" for p in PARTICLES for stem in (verb_stem, *extra) if not stem.startswith("ge"))
    forms.update(f"{particle}{form}" for form in extra)
    if particle:
        base.update({verb_stem, *extra})
    forms.discard(term.stem)
    return Term(
        term.text, term.key, term.size, term.exact, term.stem, term.category, term.strong,
        tuple(sorted(f for f in forms if len(f) >= 4)), particle, tuple(sorted(b for b in base if len(b) >= 3)),
    )


def term(text: str, category: str, strong: bool) -> Term:
    """One lexicon term as written ("=Post", "per Post", "unterschreiben")."""
    raw = text[1:] if text.startswith("=") else text
    parts = words(raw)
    key = "".join(parts)
    exact = text.startswith("=") or len(key) < MIN_AFFIX or len(parts) > 1
    stem = _verb_stem(key) if (not exact and len(parts) == 1 and _is_verb(key)) else key
    return Term(text, key, len(parts), exact, stem, category, strong)


def parse(located: yamlsrc.Located, path: str) -> Lexicon:
    data = located.data
    if not isinstance(data, dict):
        raise LexiconError(path, "Erwartet werden Abschnitte wie paper:, digital:, print:.", 1)
    terms: list[Term] = []
    abbreviations: dict[str, str] = {}
    forms: dict[str, tuple[str, ...]] = {}
    for category, section in data.items():
        if category not in SECTIONS:
            raise LexiconError(
                path,
                f"Unbekannter Abschnitt „{category}“; erlaubt: {', '.join(SECTIONS)}.",
                located.line_of((category,)),
            )
        if category == "abbreviations":
            abbreviations.update(_mapping(located, path, category, section, list_values=False))
            continue
        if category == "forms":
            for verb, stems in _mapping(located, path, category, section, list_values=True).items():
                forms["".join(words(verb))] = tuple("".join(words(s)) for s in stems)
            continue
        if category in MEDIA:
            if not isinstance(section, dict) or set(section) - {"strong", "weak"}:
                raise LexiconError(
                    path, f"„{category}“ braucht die Listen strong: und/oder weak:.", located.line_of((category,))
                )
            groups = [(section.get("strong") or [], True, ("strong",)), (section.get("weak") or [], False, ("weak",))]
        else:
            groups = [(section or [], True, ())]
        for items, strong, sub in groups:
            if not isinstance(items, list):
                raise LexiconError(path, "Hier wird eine Liste von Begriffen erwartet.", located.line_of((category, *sub)))
            for index, item in enumerate(items):
                if not isinstance(item, str) or not words(item.lstrip("=")):
                    raise LexiconError(
                        path, "Ein Begriff muss ein nicht leerer Text sein.", located.line_of((category, *sub, index))
                    )
                if len(words(item.lstrip("="))) > MAX_NGRAM:
                    raise LexiconError(
                        path, f"„{item}“ hat mehr als {MAX_NGRAM} Wörter.", located.line_of((category, *sub, index))
                    )
                terms.append(term(item, category, strong))
    return Lexicon(terms, abbreviations, forms)


def _mapping(located: yamlsrc.Located, path: str, category: str, section, list_values: bool) -> dict:
    """``abbreviations:`` (Kürzel: Langform) and ``forms:`` (Verb: [Stämme]) sections."""
    what = "Verb: [Formen, …]" if list_values else "Kürzel: Langform"
    if not isinstance(section, dict):
        raise LexiconError(path, f"„{category}“ braucht Einträge der Form {what}.", located.line_of((category,)))
    result = {}
    for key, value in section.items():
        line = located.line_of((category, key))
        if not words(str(key)):
            raise LexiconError(path, f"Ein Eintrag in „{category}“ hat keinen Namen.", line)
        if list_values:
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and words(v) for v in value):
                raise LexiconError(path, f"„{key}“ braucht eine Liste von Formen, z. B. [sprich, sprach].", line)
        elif not isinstance(value, str) or not words(value):
            raise LexiconError(path, f"„{key}“ braucht eine Langform, z. B. „FV: Fachverfahren“.", line)
        elif len(words(value)) > MAX_NGRAM + 2:
            raise LexiconError(path, f"Die Langform von „{key}“ hat mehr als {MAX_NGRAM + 2} Wörter.", line)
        result[str(key)] = value
    return result


def load_lexicon(path: str | Path) -> Lexicon:
    return _read(Path(path).read_text(encoding="utf-8"), str(path))


def _read(text: str, shown: str) -> Lexicon:
    """A lexicon file's terms (kept in the cache under its text: no YAML is read at the next start)."""
    def build() -> Lexicon:
        try:
            located = yamlsrc.load(text)
        except yamlsrc.YamlError as exc:
            raise LexiconError(shown, exc.message, exc.line) from None
        return parse(located, shown)

    return cache.cached("lexicon", [shown, text], build)


_DEFAULT: Lexicon | None = None


def default_lexicon() -> Lexicon:
    global _DEFAULT
    if _DEFAULT is None:
        resource = Path(__file__).resolve().parents[1] / "data" / "media_terms.yaml"
        _DEFAULT = _read(resource.read_text(encoding="utf-8"), "prozess/data/media_terms.yaml")
    return _DEFAULT
