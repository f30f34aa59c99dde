"""Name and code matching between gold answers and FHIR resources."""
from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^a-z0-9/.]+")
_SLASH = re.compile(r"\s*/\s*")


def norm(text: str) -> str:
    """Lower case, hyphens and punctuation as spaces, no spaces around slashes:
    "Budesonide-formoterol" == "budesonide formoterol", "pip / tazo" == "pip/tazo"."""
    return _SLASH.sub("/", " ".join(_NON_WORD.sub(" ", text.lower().replace("-", " ")).split()))


def concept_names(concept: dict | None) -> list[str]:
    """Every name a CodeableConcept carries: its text and its codings' displays."""
    if not concept:
        return []
    names = [concept.get("text", "")]
    names += [c.get("display", "") for c in concept.get("coding", [])]
    return [norm(n) for n in names if n]


def concept_codes(concept: dict | None) -> set[str]:
    return {c.get("code", "") for c in (concept or {}).get("coding", []) if c.get("code")}


def name_matches(gold_names: list[str], names: list[str]) -> bool:
    """True when a resource name equals a gold name, or contains one as whole words.

    Containment accepts "community acquired pneumonia, RLL" for "community acquired
    pneumonia", which a clinician would; names shorter than four characters must match exactly
    so "mi" does not match inside unrelated text.
    """
    golds = [norm(g) for g in gold_names]
    for name in names:
        padded = f" {name} "
        for gold in golds:
            if name == gold or (len(gold) >= 4 and f" {gold} " in padded):
                return True
    return False


def codes_match(gold: dict, codes: set[str]) -> bool:
    return any(gold.get(key) and gold[key] in codes for key in ("snomed", "icd10", "rxnorm", "loinc"))


def greedy_match(golds: list[dict], predicted: list[dict], same) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), first acceptable pairing wins."""
    used: set[int] = set()
    pairs = []
    for gi, gold in enumerate(golds):
        for pi, pred in enumerate(predicted):
            if pi not in used and same(gold, pred):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs
