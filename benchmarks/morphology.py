"""Compare German morphology libraries with the lexicon's own rules, for media evidence.

    pip install simplemma hanta compound-split numpy   # into a scratch environment
    PYTHONPATH=src python benchmarks/morphology.py [SHARED]

Three questions, each answered for the lexicon's rules (lexicon.py: prefix/suffix, participles,
separated verbs, irregular stems from ``forms:``) and for every library that is installed:

1. word forms: does the form reach the right lexicon term? (the forms staff write, taken from the
   labelled models: participles, strong verbs, compounds, and one compound that must *not* match);
2. labelled models: on the step names of ``corpus/real`` and ``corpus/realistic``, how many words
   get a medium term only with the library, and how many only with the rules;
3. cost: import, first call (dictionary or model loading) and time per word over the unique
   words of the MIWG corpus.

charsplit-fst (a compound splitter in Rust) needs Python >= 3.12 and cannot be installed on the
project's Python 3.11 floor; it is reported as such.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from lxml import etree

from prozess.media.lexicon import default_lexicon, normalize

# (form as written in real models, a lexicon term of the category it must reach; None: no term)
FORMS = [
    ("versandt", "Versand"), ("zugestellt", "zustellen"), ("unterschrieben", "unterschreiben"),
    ("eingescannt", "einscannen"), ("ausgedruckt", "ausdrucken"), ("abgetippt", "abtippen"),
    ("vorgelegt", "vorlegen"), ("ausgehändigt", "aushändigen"), ("übersandt", "übersenden"),
    ("gescannt", "scannen"), ("erfasst", "erfassen"), ("Erfassung", "erfassen"), ("gestempelt", "stempeln"),
    ("Posteingangsstempel", "Stempel"), ("Onlineformular", "online"), ("Papieroriginal", "Papier"),
    ("Funktionspostfach", "Postfach"), ("Vordrucke", "Vordruck"), ("persönlichen", "persönlich"),
    ("Briefe", "Brief"), ("Ausdrucke", "ausdrucken"), ("abgeschickt", "schicken"), ("abgesendet", "senden"),
    ("Einkommensberechnung", None), ("Bescheid", None),
]
SEPARATED = [("Bürger/in spricht vor, füllt Vordruck aus", "vorsprechen"), ("legt die Originale vor", "vorlegen")]


def rules_reach(text: str) -> set[str]:
    return {m.term.text for m in default_lexicon().match(text)}


def lemma_reach(lemma) -> callable:
    lexicon = default_lexicon()

    def reach(text: str) -> set[str]:
        found: set[str] = set()
        for word in text.replace("/", " ").split():
            base = lemma(word.strip(",.()"))
            found |= {m.term.text for m in lexicon.match(base)}
        return found
    return reach


def libraries():
    found = {}
    if importlib.util.find_spec("simplemma"):
        start = time.perf_counter()
        import simplemma
        imported = time.perf_counter() - start
        start = time.perf_counter()
        simplemma.lemmatize("spricht", lang="de")
        first = time.perf_counter() - start
        found["simplemma"] = (lambda w: simplemma.lemmatize(w, lang="de"), imported, first)
    if importlib.util.find_spec("HanTa") and importlib.util.find_spec("numpy"):
        start = time.perf_counter()
        from HanTa import HanoverTagger
        tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        imported = time.perf_counter() - start
        found["HanTa"] = (lambda w: tagger.analyze(w)[0] if w else w, imported, 0.0)
    if importlib.util.find_spec("compound_split"):
        start = time.perf_counter()
        from compound_split import char_split
        imported = time.perf_counter() - start

        def head(word: str) -> str:  # the head of the best split, else the word
            if len(word) < 8:
                return word
            best = char_split.split_compound(word)[0]
            return best[2] if best[0] > 0 else word
        found["compound-split"] = (head, imported, 0.0)
    return found


def step_names(shared: Path) -> list[str]:
    names = []
    for folder in ("corpus/real", "corpus/realistic"):
        for path in sorted((shared / folder).glob("*.bpmn")):
            root = etree.parse(str(path)).getroot()
            names += [el.get("name") for el in root.iter() if isinstance(el.tag, str) and el.get("name")
                      and el.tag.rsplit("}", 1)[-1].endswith(("Task", "task", "Event", "subProcess"))]
    return names


def miwg_words(shared: Path) -> list[str]:
    unique: set[str] = set()
    for path in (shared / "corpus" / "miwg").rglob("*.bpmn"):
        try:
            root = etree.parse(str(path)).getroot()
        except (etree.XMLSyntaxError, OSError):
            continue  # the deliberately broken files
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("name"):
                unique.update(el.get("name").split())
    return sorted(unique)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared"
    libs = libraries()
    approaches = {"rules (lexicon.py)": rules_reach} | {name: lemma_reach(fn) for name, (fn, _, _) in libs.items()}
    print("1. word forms reaching the right term")
    category = {t.text: t.category for t in default_lexicon().terms}
    for name, reach in approaches.items():
        right = sum(
            1 for form, term in FORMS
            if ((category[term] in {category[t] for t in reach(form)}) if term else not reach(form))
        )
        separated = sum(1 for text, term in SEPARATED if term in reach(text))
        print(f"   {name:20} {right}/{len(FORMS)} forms, {separated}/{len(SEPARATED)} separated verbs")
    names = step_names(shared)
    print(f"2. step names of the labelled sets ({len(names)} names)")
    for name, reach in approaches.items():
        if name.startswith("rules"):
            continue
        only_lib = only_rules = 0
        for text in names:
            a, b = reach(text), rules_reach(text)
            only_lib += bool(a - b)
            only_rules += bool(b - a)
        print(f"   {name:20} names with a term only via the library: {only_lib}; only via the rules: {only_rules}")
    vocabulary = miwg_words(shared)
    print(f"3. cost (MIWG: {len(vocabulary)} unique words)")
    lexicon = default_lexicon()
    start = time.perf_counter()
    for word in vocabulary:
        lexicon.match(word)
    print(f"   rules (lexicon.py)   0 s import, {1e6 * (time.perf_counter() - start) / len(vocabulary):.1f} µs/word")
    for name, (fn, imported, first) in libs.items():
        sample = vocabulary if name == "simplemma" else vocabulary[:300]
        start = time.perf_counter()
        for word in sample:
            fn(normalize(word) if name == "compound-split" else word)
        per_word = (time.perf_counter() - start) / len(sample)
        print(f"   {name:20} {imported:.2f} s import, {first:.2f} s first call, {1e6 * per_word:.1f} µs/word "
              f"→ {per_word * len(vocabulary) + imported + first:.2f} s for the MIWG vocabulary")
    if not importlib.util.find_spec("charsplit_fst"):
        print("   charsplit-fst        not installable here (requires Python >= 3.12)")


if __name__ == "__main__":
    main()
