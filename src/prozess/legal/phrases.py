"""Phrases of the rule base and the words of a text that satisfy them.

A phrase ("Personalausweis beantragen") is satisfied by a text when every word
of it occurs there, in any order: as the word, as a word stem ("beantragt"),
as the start or end of a compound ("Personalausweisantrag",
"Kinderreisepass"), or – for stems of six letters or more – inside one
("Ausweisantragsformular"). Words are normalised like the media lexicon
(case, umlauts, ß). Rules, the procedure catalogue and the rule examples all
match through this one index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..media.lexicon import words


def _stem(word: str) -> str:
    return word[:-2] if word.endswith("en") and len(word) >= 6 else word


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    words: frozenset[str]

    def weight(self) -> int:
        """How specific the phrase is: its letters ("Schwerbehindertenausweis" before "Ausweis")."""
        return sum(len(w) for w in self.words)


def phrases(items: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(Phrase(item, frozenset(words(item))) for item in items if words(item))


class PhraseIndex:
    """Which phrase words the words of a text satisfy (cached per word)."""

    def __init__(self, phrase_words: Iterable[str]):
        self._exact = frozenset(phrase_words)
        # phrase words that may match as prefix/suffix, indexed by the first/last two letters,
        # and the long stems that may also sit in the middle of a compound
        self._heads: dict[str, list[tuple[str, str]]] = {}
        self._tails: dict[str, list[str]] = {}
        self._infixes: list[tuple[str, str]] = []
        for word in self._exact:
            if len(word) < 4:
                continue
            stem = _stem(word)
            self._heads.setdefault(stem[:2], []).append((word, stem))
            self._tails.setdefault(word[-2:], []).append(word)
            if len(stem) >= 6:
                self._infixes.append((word, stem))
        self._cache: dict[str, frozenset[str]] = {}
        self._texts: dict[str, frozenset[str]] = {}  # step names repeat across processes and files

    def satisfied(self, text: str) -> frozenset[str]:
        known = self._texts.get(text)
        if known is not None:
            return known
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
        found = frozenset(result)
        if len(self._texts) < 100_000:
            self._texts[text] = found
        return found


def any_in(items: Iterable[Phrase], satisfied: frozenset[str]) -> bool:
    return any(p.words <= satisfied for p in items)
