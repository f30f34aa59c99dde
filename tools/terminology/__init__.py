"""Curated terminology shipped with the package: names to SNOMED CT, ICD-10-CM, RxNorm, LOINC.

The rule is never to invent a code: a concept that is not in these tables is written as
text only. Tables are data files (``data/*.tsv``) so clinicians can review them without
reading Python.
"""
from tools.terminology.lookup import (
    Concept,
    Domain,
    concepts,
    conflicts,
    is_ambiguous,
    lexicon,
    lookup,
    lookup_code,
    no_known_allergy,
    normalize,
)

__all__ = [
    "Concept",
    "Domain",
    "concepts",
    "conflicts",
    "is_ambiguous",
    "lexicon",
    "lookup",
    "lookup_code",
    "no_known_allergy",
    "normalize",
]
