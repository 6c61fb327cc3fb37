"""`kg classify`: precision and recall against keys written by hand, and its speed on 1 000 elements.

Accuracy: the seed (data/osloregionen-2017.ttl, whose dcterms:subject are its key, chosen by hand
from its words) and two plans of our own (bench/classify/*.ttl, keys in keys.toml, written before
the classifier was run on them). The classifier sees only the elements' texts, never the key. Two
ways of counting a proposal right: exactly the key's concept, or on its line (the concept, one
above or one below it: «SDG 11» for a key of «SDG 11.3»). Beside it, in the same run, the
baseline a first attempt would be: the Los themes' and SDG goals' own Norwegian names only, whole
words, no lexicon, no keywords, no compounds.

Speed: `kg classify --format json` (a new process, as a steward runs it) on the elements of `kg
synth` plans, about 1 000 focus areas and activities, beside parsing the same files alone.

    .venv/bin/python -m bench.classify
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.classify.classifier import Element, classify
from kg.classify.elements import read_elements
from kg.classify.terms import Term, index_terms, lexicon_terms
from kg.classify.words import words
from kg.foundation.namespaces import DCTERMS
from kg.foundation.rdf_files import parse_files
from kg.subjects.vocabularies import LOS_THEME, SDG, Vocabularies, vocabularies

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KEYS = HERE / "classify" / "keys.toml"
SEED = ROOT / "data" / "osloregionen-2017.ttl"
KG = str(Path(sys.executable).parent / "kg")
Key = dict[str, set[str]]  # element IRI -> subjects


def keys() -> dict[str, tuple[Path, Key]]:
    """Plan -> its file and key."""
    found: dict[str, tuple[Path, Key]] = {}
    table = tomllib.loads(KEYS.read_text(encoding="utf-8"))
    for plan, elements in table.items():
        base = f"https://w3id.org/strategigraf/id/{plan}/"
        key = {base + name: {_iri(s) for s in subjects} for name, subjects in elements.items()}
        found[plan] = (HERE / "classify" / f"{plan}.ttl", key)
    seed_key: Key = {}
    parsed, _ = parse_files([SEED])
    for item in read_elements(parsed):
        seed_key[item.element.iri] = set()
    for quad in parsed[0].quads:
        subject, value = quad.subject, quad.object
        is_subject = quad.predicate.value == DCTERMS + "subject" and isinstance(value, ox.NamedNode)
        if is_subject and isinstance(subject, ox.NamedNode) and subject.value in seed_key:
            seed_key[subject.value].add(value.value)  # type: ignore[union-attr]
    found["osloregionen-2017 (seed)"] = (SEED, seed_key)
    return found


def _iri(name: str) -> str:
    prefix, _, local = name.partition(":")
    return {"los": LOS_THEME, "sdg": SDG}[prefix] + local


def elements_of(path: Path) -> list[Element]:
    """The file's elements with their texts only: what a steward decided is not shown."""
    parsed, _ = parse_files([path])
    return [Element(i.element.iri, i.element.text, i.element.parent_text) for i in read_elements(parsed)]


def score(
    proposed: Iterable[tuple[str, str]], key: Key, known: Vocabularies
) -> dict[str, tuple[float, float]]:
    """Precision and recall, exact and on the concept's line."""
    proposals = set(proposed)
    wanted = {(element, subject) for element, subjects in key.items() for subject in subjects}

    def related(a: str, b: str) -> bool:
        return a == b or a in known.ancestors(b) or b in known.ancestors(a)

    def near(pairs: set[tuple[str, str]], others: set[tuple[str, str]]) -> int:
        return sum(any(e == e2 and related(s, s2) for e2, s2 in others) for e, s in pairs)

    exact = len(proposals & wanted)
    return {
        "exact": (exact / len(proposals) if proposals else 0.0, exact / len(wanted) if wanted else 0.0),
        "on its line": (
            near(proposals, wanted) / len(proposals) if proposals else 0.0,
            near(wanted, proposals) / len(wanted) if wanted else 0.0,
        ),
    }


def baseline(elements: list[Element], known: Vocabularies) -> list[tuple[str, str]]:
    """Whole words of the Los themes' and SDG goals' Norwegian names: no lexicon, no compounds."""
    names: dict[str, set[str]] = {}
    for concept in known.concepts.values():
        if concept.scheme == "los" or "." not in concept.notation:
            text = concept.labels.get("nb", "") + " " + concept.short.get("nb", "")
            for word in words(text):
                if len(word) > 3:
                    names.setdefault(word, set()).add(concept.iri)
    return [
        (element.iri, concept)
        for element in elements
        for concept in sorted({c for word in words(element.text) for c in names.get(word, ())})
    ]


def accuracy() -> None:
    known = vocabularies()
    print("| text | elements | key | method | proposals | precision | recall | on its line: P | R |")
    print("|---|---|---|---|---|---|---|---|---|")
    for plan, (path, key) in keys().items():
        elements = elements_of(path)
        runs: dict[str, Callable[[list[Element]], list[tuple[str, str]]]] = {
            "kg classify": lambda found: [(p.element, p.subject) for p in classify(found)],
            "baseline (names)": lambda found: baseline(found, known),
        }
        for method, run in runs.items():
            proposed = run(elements)
            result = score(proposed, key, known)
            (p, r), (lp, lr) = result["exact"], result["on its line"]
            pairs = sum(len(s) for s in key.values())
            figures = f"{len(proposed)} | {p:.2f} | {r:.2f} | {lp:.2f} | {lr:.2f}"
            print(f"| {plan} | {len(elements)} | {pairs} | {method} | {figures} |")


def speed() -> None:
    with tempfile.TemporaryDirectory(prefix="kg-bench-classify-") as folder:
        out = Path(folder) / "synth"
        subprocess.run(
            [KG, "synth", "--organisations", "13", "--output", str(out)],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        files = sorted(out.glob("*.ttl"))
        parsed, _ = parse_files(files)
        count = len(read_elements(parsed))
        print(f"\n{count} focus areas and activities in {len(files)} files of kg synth (13 organisations)\n")
        print("| run | seconds (median of 3) |")
        print("|---|---|")
        for name, command in (
            (
                "parse the files only (python -c, pyoxigraph)",
                [sys.executable, "-c", _PARSE, *map(str, files)],
            ),
            ("kg classify --format json", [KG, "classify", "--format", "json", *map(str, files)]),
        ):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
                times.append(time.perf_counter() - started)
            print(f"| {name} | {sorted(times)[1]:.2f} |")


_PARSE = (
    "import sys, pyoxigraph as ox\nfor p in sys.argv[1:]: list(ox.parse(path=p, format=ox.RdfFormat.TURTLE))"
)


def main() -> None:
    lexicon: list[Term] = lexicon_terms(vocabularies())
    print(f"lexicon: {len(lexicon)} terms; index: {len(index_terms(lexicon).by_word)} first words\n")
    accuracy()
    speed()


if __name__ == "__main__":
    main()
