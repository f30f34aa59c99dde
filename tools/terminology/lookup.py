"""Look-ups over the curated tables.

A ``Concept`` has one preferred display name, its synonyms (the surface forms a clinician
writes, lower case), and its codings. ``lexicon(domain)`` yields every synonym so the fact
extractors can find mentions with one dictionary pass; ``lookup(domain, name)`` maps a
mention back to its concept.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tools.facts.types import Coding


class Domain(str, Enum):
    CONDITION = "condition"  # SNOMED CT clinical finding + ICD-10-CM
    MEDICATION = "medication"  # RxNorm ingredient (IN/MIN) + SNOMED substance optional
    ALLERGEN = "allergen"  # non-drug substances and drug classes (SNOMED substance)
    REACTION = "reaction"  # SNOMED clinical finding for allergy manifestations
    PROCEDURE = "procedure"  # SNOMED procedure
    OBSERVATION = "observation"  # LOINC + UCUM unit


@dataclass(frozen=True)
class Concept:
    domain: Domain
    display: str
    synonyms: tuple[str, ...]
    codings: tuple[Coding, ...]
    unit: str | None = None  # UCUM unit for observations
    category: str | None = None  # e.g. vital-signs | laboratory; medication | food | environment
