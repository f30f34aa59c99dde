"""Encounter (R4) for the visit or stay a note documents.

R4 differs from R5 where SoftTiger's outputs are named: ``class`` is one Coding (not a
list of CodeableConcepts), the stay is ``period`` (R5 ``actualPeriod``), the reason is
``reasonCode`` and the discharge details sit under ``hospitalization``.
"""
from __future__ import annotations

from typing import Any

from tools.encounter import DISPOSITIONS, disposition_code
from tools.encounter import encounter_class as infer_class
from tools.facts.types import ConditionFact, Evidence
from tools.fhir.datatypes import coding
from tools.fhir.dates import fhir_datetime
from tools.fhir.ids import normalise
from tools.fhir.plan import ENCOUNTER_KEY, BuildContext, PlannedResource
from tools.fhir.systems import ACT_CODE, DIAGNOSIS_ROLE, DISCHARGE_DISPOSITION

CLASSES = {
    "AMB": "ambulatory",
    "EMER": "emergency",
    "FLD": "field",
    "HH": "home health",
    "IMP": "inpatient encounter",
    "ACUTE": "inpatient acute",
    "NONAC": "inpatient non-acute",
    "OBSENC": "observation encounter",
    "PRENC": "pre-admission",
    "SS": "short stay",
    "VR": "virtual",
}
#: Classes whose encounter stays open until a discharge is documented.
STAYS = frozenset({"IMP", "ACUTE", "NONAC", "OBSENC", "SS"})

ROLES = {"AD": "Admission diagnosis", "DD": "Discharge diagnosis", "CC": "Chief complaint"}

def encounter_class(doc_class: str | None, kind: str | None) -> str:
    """The given v3 ActCode class, else the one the note kind implies (default AMB)."""
    if doc_class and doc_class.upper() in CLASSES:
        return doc_class.upper()
    return infer_class("", kind)


def is_discharge_note(kind: str | None) -> bool:
    return "discharge" in normalise(kind or "")


def _disposition(text: str | None, code: str | None) -> dict[str, Any] | None:
    if not text and not code:
        return None
    code = code if code in DISPOSITIONS else disposition_code(text or "")
    out: dict[str, Any] = {}
    if code:
        out["coding"] = [coding(DISCHARGE_DISPOSITION, code, DISPOSITIONS[code])]
    if text:
        out["text"] = text
    return out


def _role(fact: ConditionFact, klass: str, discharge: bool) -> str | None:
    """Diagnosis role only where the note makes it plain."""
    if normalise(fact.evidence.section or "") == "chief complaint":
        return "CC"
    if fact.category == "encounter-diagnosis":
        if discharge:
            return "DD"
        if klass in STAYS:
            return "AD"
    return None


def build_encounter(ctx: BuildContext, diagnoses: list[tuple[ConditionFact, dict[str, Any]]]) -> PlannedResource:
    """``diagnoses``: the current conditions with their references, in note order."""
    doc = ctx.doc
    klass = encounter_class(doc.encounter_class, doc.kind)
    discharge = is_discharge_note(doc.kind)
    end = fhir_datetime(doc.discharge_date)
    finished = klass not in STAYS or bool(end) or discharge
    start = fhir_datetime(doc.admission_date) or ctx.date
    if finished and not end:
        end = ctx.date
    period = {"start": start}
    if end and end >= start:
        period["end"] = end
    summary = f"{doc.kind or 'Encounter'} ({CLASSES[klass]}), {period['start']}" + (
        f" to {period['end']}" if "end" in period and period["end"] != period["start"] else ""
    )
    resource = ctx.start("Encounter", ENCOUNTER_KEY, summary, Evidence(0, len(doc.text), ""))
    resource["status"] = "finished" if finished else "in-progress"
    resource["class"] = coding(ACT_CODE, klass, CLASSES[klass])
    if doc.kind:
        resource["type"] = [{"text": doc.kind}]
    resource["subject"] = ctx.patient
    resource["period"] = period
    if doc.chief_complaint:
        resource["reasonCode"] = [{"text": doc.chief_complaint}]
    ordered = sorted(diagnoses, key=lambda item: item[0].category != "encounter-diagnosis")
    entries = []
    for rank, (fact, ref) in enumerate(ordered, start=1):
        entry: dict[str, Any] = {"condition": ref}
        role = _role(fact, klass, discharge)
        if role:
            entry["use"] = {"coding": [coding(DIAGNOSIS_ROLE, role, ROLES[role])]}
        entry["rank"] = rank
        entries.append(entry)
    if entries:
        resource["diagnosis"] = entries
    disposition = _disposition(doc.disposition, doc.disposition_code)
    if disposition:
        resource["hospitalization"] = {"dischargeDisposition": disposition}
    return ctx.plan("Encounter", ENCOUNTER_KEY, resource)
