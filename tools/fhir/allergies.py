"""AllergyIntolerance (R4) from an AllergyFact, including "no known allergies".

The IPS wants an explicit statement, not silence, when a note says the patient has no
known allergies: an AllergyIntolerance coded with SNOMED CT 716186003 |No known allergy|,
or 409137002 |No known drug allergy| when the note says NKDA.
"""
from __future__ import annotations

from typing import Any

from tools.facts.types import SNOMED, AllergyFact, Coding
from tools.fhir.datatypes import codeable, concept
from tools.fhir.ids import allergy_key, normalise
from tools.fhir.plan import BuildContext, PlannedResource
from tools.fhir.systems import ALLERGY_CLINICAL, ALLERGY_VERIFICATION

NO_KNOWN_ALLERGY = Coding(SNOMED, "716186003", "No known allergy")
NO_KNOWN_DRUG_ALLERGY = Coding(SNOMED, "409137002", "No known drug allergy")
NO_KNOWN_CODES = frozenset({NO_KNOWN_ALLERGY.code, NO_KNOWN_DRUG_ALLERGY.code, "428607008", "429625007"})

CATEGORIES = frozenset({"food", "medication", "environment", "biologic"})
CRITICALITY = frozenset({"low", "high", "unable-to-assess"})
_DRUG_WORDS = ("drug", "medication", "nkda", "medicine")


def no_known_coding(fact: AllergyFact) -> Coding:
    """The SNOMED "no known ..." situation a ``no_known`` fact states."""
    for c in fact.codings:
        if c.system == SNOMED and c.code in NO_KNOWN_CODES:
            return c
    words = normalise(fact.substance)
    if fact.category == "medication" or any(w in words for w in _DRUG_WORDS):
        return NO_KNOWN_DRUG_ALLERGY
    return NO_KNOWN_ALLERGY


def _manifestations(fact: AllergyFact) -> list[dict[str, Any]]:
    """Reactions as written, each with the coding whose display matches it (or the coding
    at its position when there is one coding per reaction); unmatched codings follow."""
    paired = len(fact.reaction_codings) == len(fact.reactions)
    unused = list(fact.reaction_codings)
    out = []
    for i, words in enumerate(fact.reactions):
        match = next((c for c in unused if normalise(c.display) == normalise(words)), None)
        if match is None and paired and fact.reaction_codings[i] in unused:
            match = fact.reaction_codings[i]
        if match is not None:
            unused.remove(match)
        out.append(codeable([match] if match else [], words))
    out.extend(codeable([c], c.display) for c in unused)
    return out


def allergy_summary(fact: AllergyFact) -> str:
    if fact.no_known:
        return no_known_coding(fact).display
    if fact.reactions:
        return f"{fact.substance} ({', '.join(fact.reactions)})"
    return fact.substance


def build_allergy(fact: AllergyFact, ctx: BuildContext) -> PlannedResource:
    coded = no_known_coding(fact) if fact.no_known else None
    key = f"AllergyIntolerance|no-known|{coded.code}" if coded else allergy_key(fact)
    resource = ctx.start("AllergyIntolerance", key, allergy_summary(fact), fact.evidence)
    resource["clinicalStatus"] = concept(ALLERGY_CLINICAL, "active", "Active")
    resource["verificationStatus"] = concept(ALLERGY_VERIFICATION, "confirmed", "Confirmed")
    if coded:
        if coded.code == NO_KNOWN_DRUG_ALLERGY.code:
            resource["category"] = ["medication"]
        resource["code"] = codeable([coded], fact.substance or coded.display)
    else:
        if fact.type in ("allergy", "intolerance"):
            resource["type"] = fact.type
        if fact.category in CATEGORIES:
            resource["category"] = [fact.category]
        if fact.criticality in CRITICALITY:
            resource["criticality"] = fact.criticality
        resource["code"] = codeable(fact.codings, fact.substance)
    resource["patient"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    resource["recordedDate"] = ctx.date
    manifestations = [] if coded else _manifestations(fact)
    if manifestations:
        resource["reaction"] = [{"manifestation": manifestations}]
    return ctx.plan("AllergyIntolerance", key, resource, fact)
