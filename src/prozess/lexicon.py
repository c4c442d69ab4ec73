"""German (and English) term matching for media evidence.

Text and terms are normalised the same way: case folded, umlauts and ß spelled
out (``ä`` → ``ae``, ``ß`` → ``ss``), split into words. A term matches a word
that begins or ends with it (compounds: "Papierantrag", "Bescheiddruck"), verbs
on ``-en`` also by their stem ("unterschreibt"); ``=Wort`` matches one word
exactly; terms of up to three words also match written together or hyphenated
("E-Akte", "eAkte"). Where matches overlap, the longer term wins
("Postfach" over "Post"). Results per word are cached, so matching is linear in
the text and cheap for the repeated vocabulary of process models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import yamlsrc

MEDIA = ("paper", "in_person", "digital")
CONVERSIONS = ("print", "scan", "rekey")
CATEGORIES = MEDIA + CONVERSIONS + ("output",)
MAX_NGRAM = 3

_SPLIT = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüßẞ]+")
MIN_AFFIX = 4  # shorter terms ("eID", "DMS") match whole words only: "Bescheid" is no eID
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def normalize(text: str) -> str:
    return text.casefold().translate(_FOLD)


def words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(normalize(text)) if w]


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the lexicon
    key: str  # normalised, words joined
    size: int  # number of words
    exact: bool
    stem: str  # prefix used for inflected verb forms
    category: str  # paper | in_person | digital | print | scan | rekey | output
    strong: bool


@dataclass(frozen=True, slots=True)
class Match:
    term: Term
    found: str  # the words of the text that matched, as written there

    def describe(self) -> str:
        if "".join(words(self.found)) == self.term.key:
            return f"„{self.found}“"
        return f"„{self.found}“ ({self.term.text})"


class LexiconError(Exception):
    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(f"{path}:{line or '?'}: {message}")
        self.path, self.message, self.line = path, message, line


class Lexicon:
    def __init__(self, terms: Iterable[Term]):
        self.terms = tuple(terms)
        self._by_key: dict[str, list[Term]] = {}
        # candidates by the first two letters of the stem and the last two of the key:
        # a word can only start with a stem (end with a key) that shares them
        self._by_head: dict[str, list[Term]] = {}
        self._by_tail: dict[str, list[Term]] = {}
        for term in self.terms:
            self._by_key.setdefault(term.key, []).append(term)
            if not term.exact:
                self._by_head.setdefault(term.stem[:2], []).append(term)
                self._by_tail.setdefault(term.key[-2:], []).append(term)
        self._cache: dict[str, tuple[Term, ...]] = {}

    def _terms_for_word(self, key: str) -> tuple[Term, ...]:
        cached = self._cache.get(key)
        if cached is None:
            found = set(self._by_key.get(key, ()))
            if key.isdigit():
                return tuple(found)
            found.update(t for t in self._by_head.get(key[:2], ()) if key.startswith(t.stem))
            found.update(t for t in self._by_tail.get(key[-2:], ()) if key.endswith(t.key))
            cached = tuple(sorted(found, key=lambda t: (-len(t.key), t.text)))
            if len(self._cache) < 200_000:
                self._cache[key] = cached
        return cached

    def match(self, text: str) -> list[Match]:
        """All non-overlapping term matches in ``text``, longest terms first.

        A single word matches by prefix/suffix; a run of two or three words only
        when written together it equals a term ("E Akte" = "E-Akte").
        """
        if not text:
            return []
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        normal = [normalize(text[a:b]) for a, b in spans]
        candidates: list[tuple[int, int, int, Term]] = []  # (-len, start, end, term)
        for start, key in enumerate(normal):
            for term in self._terms_for_word(key):
                candidates.append((-len(term.key), start, start + 1, term))
        for size in range(2, MAX_NGRAM + 1):
            for start in range(len(normal) - size + 1):
                for term in self._by_key.get("".join(normal[start : start + size]), ()):
                    candidates.append((-len(term.key), start, start + size, term))
        candidates.sort(key=lambda c: (c[0], c[1]))
        # Output words ("versenden", "post") say where a result goes, not its medium:
        # they may overlap the medium terms ("Post" is both).
        taken: dict[bool, set[int]] = {True: set(), False: set()}
        result: list[tuple[int, Match]] = []
        for _neg, start, end, term in candidates:
            span = range(start, end)
            group = taken[term.category == "output"]
            if any(i in group for i in span):
                continue
            group.update(span)
            result.append((start, Match(term, text[spans[start][0] : spans[end - 1][1]])))
        result.sort(key=lambda r: r[0])
        return [m for _, m in result]

    def extended(self, other: "Lexicon") -> "Lexicon":
        return Lexicon(self.terms + other.terms)


def _term(text: str, category: str, strong: bool) -> Term:
    raw = text[1:] if text.startswith("=") else text
    parts = words(raw)
    key = "".join(parts)
    exact = text.startswith("=") or len(key) < MIN_AFFIX
    stem = key[:-2] if (not exact and len(parts) == 1 and key.endswith("en") and len(key) >= 6) else key
    return Term(text, key, len(parts), exact, stem, category, strong)


def parse(located: yamlsrc.Located, path: str) -> Lexicon:
    data = located.data
    if not isinstance(data, dict):
        raise LexiconError(path, "Erwartet werden Abschnitte wie paper:, digital:, print:.", 1)
    terms: list[Term] = []
    for category, section in data.items():
        if category not in CATEGORIES:
            raise LexiconError(
                path,
                f"Unbekannter Abschnitt „{category}“; erlaubt: {', '.join(CATEGORIES)}.",
                located.line_of((category,)),
            )
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
                terms.append(_term(item, category, strong))
    return Lexicon(terms)


def load_lexicon(path: str | Path) -> Lexicon:
    text = Path(path).read_text(encoding="utf-8")
    try:
        located = yamlsrc.load(text)
    except yamlsrc.YamlError as exc:
        raise LexiconError(str(path), exc.message, exc.line) from None
    return parse(located, str(path))


_DEFAULT: Lexicon | None = None


def default_lexicon() -> Lexicon:
    global _DEFAULT
    if _DEFAULT is None:
        resource = Path(__file__).resolve().parent / "data" / "media_terms.yaml"
        located = yamlsrc.load(resource.read_text(encoding="utf-8"))
        _DEFAULT = parse(located, "prozess/data/media_terms.yaml")
    return _DEFAULT
