"""Observation (R4) from an ObservationFact: vital signs and laboratory results.

R4's vital-signs profile is checked by validators for vital-sign LOINC codes even when
``meta.profile`` does not claim it, so vital signs always carry the vital-signs category,
a subject, an effective time and, for numbers, a UCUM-coded quantity; a blood pressure is
a panel with systolic and diastolic components and no value of its own.
"""
from __future__ import annotations

from typing import Any

from tools.facts.types import ObservationFact
from tools.fhir.datatypes import codeable, concept, quantity
from tools.fhir.dates import fhir_datetime
from tools.fhir.ids import number, observation_key
from tools.fhir.plan import BuildContext, PlannedResource
from tools.fhir.systems import DATA_ABSENT_REASON, OBSERVATION_CATEGORY
from tools.fhir.ucum import unit_display

CATEGORIES = {
    "vital-signs": "Vital Signs",
    "laboratory": "Laboratory",
    "imaging": "Imaging",
    "exam": "Exam",
    "social-history": "Social History",
    "survey": "Survey",
    "procedure": "Procedure",
    "therapy": "Therapy",
    "activity": "Activity",
}


def _value(fact: ObservationFact) -> dict[str, Any]:
    if fact.value is not None:
        return {"valueQuantity": quantity(fact.value, fact.unit, comparator=fact.comparator)}
    if fact.value_text:
        return {"valueString": fact.value_text}
    return {"dataAbsentReason": concept(DATA_ABSENT_REASON, "unknown", "Unknown")}


def _value_words(fact: ObservationFact) -> str:
    if fact.components:
        units = {c.unit for c in fact.components}
        if len(units) == 1 and all(c.value is not None for c in fact.components):
            joined = "/".join(str(number(c.value)) for c in fact.components)
            return f"{joined} {unit_display(units.pop() or '')}".strip()
        return "/".join(_value_words(c) for c in fact.components)
    if fact.value is not None:
        return f"{fact.comparator or ''}{number(fact.value)} {unit_display(fact.unit or '')}".strip()
    return fact.value_text or "no value"


def observation_summary(fact: ObservationFact) -> str:
    return f"{fact.name}: {_value_words(fact)}"


def build_observation(fact: ObservationFact, ctx: BuildContext) -> PlannedResource:
    key = observation_key(fact)
    resource = ctx.start("Observation", key, observation_summary(fact), fact.evidence)
    resource["status"] = "final"
    if fact.category in CATEGORIES:
        resource["category"] = [concept(OBSERVATION_CATEGORY, fact.category, CATEGORIES[fact.category])]
    resource["code"] = codeable(fact.codings, fact.name)
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    resource["effectiveDateTime"] = fhir_datetime(fact.effective) or ctx.date
    if ctx.practitioner:
        resource["performer"] = [ctx.practitioner]
    if fact.components:
        resource["component"] = [{"code": codeable(c.codings, c.name), **_value(c)} for c in fact.components]
    else:
        resource.update(_value(fact))
    return ctx.plan("Observation", key, resource, fact)
