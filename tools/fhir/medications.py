"""MedicationStatement (R4) from a MedicationFact, with its Dosage and Timing.

R4 names the encounter link ``context`` (R5 renamed it ``encounter``). The dose becomes a
coded ``doseQuantity`` only when it is one quantity with a UCUM unit (2 {puff} of a
"160/4.5" inhaler is; "160/4.5" alone is not); composite doses and uncoded units live in
``Dosage.text``, which always carries the sig as written.
"""
from __future__ import annotations

import re

from typing import Any

from tools.facts.types import Dosage, MedicationFact, Timing
from tools.fhir.datatypes import codeable, days, quantity
from tools.fhir.ids import medication_key, number
from tools.fhir.plan import BuildContext, PlannedResource
from tools.fhir.systems import GTS_ABBREVIATION
from tools.fhir.ucum import ucum_code

STATUSES = frozenset(
    {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"}
)
PERIOD_UNITS = frozenset({"s", "min", "h", "d", "wk", "mo", "a"})
EVENT_TIMING = frozenset(
    {
        "MORN", "MORN.early", "MORN.late", "NOON", "AFT", "AFT.early", "AFT.late", "EVE",
        "EVE.early", "EVE.late", "NIGHT", "PHS", "HS", "WAKE", "C", "CM", "CD", "CV", "AC",
        "ACM", "ACD", "ACV", "PC", "PCM", "PCD", "PCV",
    }
)
#: The v3 GTSAbbreviation codes of R4's timing-abbreviation value set.
TIMING_ABBREVIATIONS = frozenset(
    {"BID", "TID", "QID", "AM", "PM", "QD", "QOD", "Q1H", "Q2H", "Q3H", "Q4H", "Q6H", "Q8H", "BED", "WK", "MO"}
)


def timing_element(timing: Timing) -> dict[str, Any] | None:
    """Timing.repeat and Timing.code; codes outside R4's value sets are left to the text."""
    repeat: dict[str, Any] = {}
    if timing.duration_days:
        repeat["boundsDuration"] = days(timing.duration_days)
    if timing.count:
        repeat["count"] = timing.count
    if timing.frequency:
        repeat["frequency"] = timing.frequency
    if timing.period and timing.period_unit in PERIOD_UNITS:
        repeat["period"] = number(timing.period)
        if timing.period_max and timing.period_max > timing.period:
            repeat["periodMax"] = number(timing.period_max)
        repeat["periodUnit"] = timing.period_unit
    when = [w for w in timing.when if w in EVENT_TIMING]
    if when:
        repeat["when"] = when
    out: dict[str, Any] = {}
    if repeat:
        out["repeat"] = repeat
    if timing.code and timing.code.upper() in TIMING_ABBREVIATIONS:
        code: dict[str, Any] = {"coding": [{"system": GTS_ABBREVIATION, "code": timing.code.upper()}]}
        if timing.text:
            code["text"] = timing.text
        out["code"] = code
    return out or None


#: UCUM per-time units: an amount per hour, minute or second is an infusion rate, which
#: FHIR carries in ``doseAndRate.rateQuantity``, not as a dose.
_RATE_UNIT = re.compile(r"/(?:h|min|s)$")


def dosage_element(dosage: Dosage) -> dict[str, Any]:
    out: dict[str, Any] = {"text": dosage.text}
    timing = timing_element(dosage.timing) if dosage.timing else None
    if timing:
        out["timing"] = timing
    if dosage.as_needed_for:
        out["asNeededCodeableConcept"] = {"text": dosage.as_needed_for}
    elif dosage.as_needed:
        out["asNeededBoolean"] = True
    if dosage.route:
        out["route"] = codeable([dosage.route], dosage.route.display)
    code = ucum_code(dosage.dose_unit)
    if dosage.dose_value is not None and code:
        amount = quantity(dosage.dose_value, dosage.dose_unit, written_unit=dosage.dose_unit_display)
        out["doseAndRate"] = [{"rateQuantity" if _RATE_UNIT.search(code) else "doseQuantity": amount}]
    return out


def medication_summary(fact: MedicationFact) -> str:
    return f"{fact.name} {fact.dosage.text}".strip() if fact.dosage else fact.name


def build_medication(fact: MedicationFact, ctx: BuildContext) -> PlannedResource:
    key = medication_key(fact)
    resource = ctx.start("MedicationStatement", key, medication_summary(fact), fact.evidence)
    resource["status"] = fact.status if fact.status in STATUSES else "unknown"
    resource["medicationCodeableConcept"] = codeable(fact.codings, fact.name)
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["context"] = encounter
    resource["dateAsserted"] = ctx.date
    if fact.dosage:
        resource["dosage"] = [dosage_element(fact.dosage)]
    return ctx.plan("MedicationStatement", key, resource, fact)
