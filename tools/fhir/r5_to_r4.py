"""Rename SoftTiger's R5-shaped output to R4 and drop what R4 lacks.

SoftTiger was trained to emit FHIR R5 field names (``actualPeriod``, ``performer``,
``changePattern`` ...) for the ClinicalImpression, Encounter and Composition it writes;
TigerBridge writes R4. Known renames and reshapes are applied per resource type, then
any top-level element R4 does not define is dropped (R4B's element lists stand in for R4's:
they are identical for these resources). The input is never modified.
"""
from __future__ import annotations

import copy
from typing import Any, Callable

from fhir.resources.R4B import get_fhir_model_class

_CLINICAL_IMPRESSION_STATUS = {"in-progress": "in-progress", "entered-in-error": "entered-in-error",
                               "preparation": "in-progress", "on-hold": "in-progress"}
_ENCOUNTER_STATUS = {
    "planned": "planned",
    "in-progress": "in-progress",
    "on-hold": "onleave",
    "discharged": "finished",
    "completed": "finished",
    "discontinued": "finished",
    "cancelled": "cancelled",
    "entered-in-error": "entered-in-error",
    "unknown": "unknown",
}
_COMPOSITION_STATUS = {"final": "final", "amended": "amended", "corrected": "amended", "appended": "amended",
                       "entered-in-error": "entered-in-error"}
_RELATES_TO = {"replaces", "transforms", "signs", "appends"}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _refs_of(value: Any) -> list[dict[str, Any]]:
    """The References inside R5 CodeableReferences (or plain References)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            ref = item.get("reference") if isinstance(item.get("reference"), dict) else item
            if isinstance(ref, dict) and ("reference" in ref or "identifier" in ref or "display" in ref):
                out.append(ref)
    return out


def _concepts_of(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item["concept"] for item in items if isinstance(item, dict) and isinstance(item.get("concept"), dict)]


def _ref_type(ref: dict[str, Any]) -> str | None:
    target = ref.get("reference")
    return target.split("/", 1)[0] if isinstance(target, str) and "/" in target and ":" not in target else None


def _clinical_impression(r: dict[str, Any]) -> None:
    performer = _first(r.pop("performer", None))
    if isinstance(performer, dict) and "assessor" not in r:
        if _ref_type(performer) in (None, "Practitioner", "PractitionerRole"):
            r["assessor"] = performer
    r.pop("changePattern", None)
    if "status" in r:
        r["status"] = _CLINICAL_IMPRESSION_STATUS.get(r["status"], "completed")
    findings = []
    for finding in r.get("finding") or []:
        if not isinstance(finding, dict):
            continue
        item = finding.pop("item", None)
        if isinstance(item, dict):
            if isinstance(item.get("concept"), dict):
                finding["itemCodeableConcept"] = item["concept"]
            if isinstance(item.get("reference"), dict):
                finding["itemReference"] = item["reference"]
        findings.append(finding)
    if "finding" in r:
        r["finding"] = findings


def _encounter(r: dict[str, Any]) -> None:
    if "actualPeriod" in r:
        r.setdefault("period", r.pop("actualPeriod"))
    klass = _first(r.get("class"))
    if isinstance(klass, dict) and "coding" in klass:
        klass = _first(klass["coding"])
    if isinstance(klass, dict):
        r["class"] = klass
    if "status" in r:
        r["status"] = _ENCOUNTER_STATUS.get(r["status"], "unknown")
    for reason in r.pop("reason", None) or []:
        if isinstance(reason, dict):
            r.setdefault("reasonCode", []).extend(_concepts_of(reason.get("value")))
            r.setdefault("reasonReference", []).extend(_refs_of(reason.get("value")))
    diagnoses = []
    for diagnosis in r.get("diagnosis") or []:
        if not isinstance(diagnosis, dict):
            continue
        use = _first(diagnosis.get("use"))
        for ref in _refs_of(diagnosis.get("condition")):
            diagnoses.append({"condition": ref, **({"use": use} if isinstance(use, dict) else {}),
                              **({"rank": diagnosis["rank"]} if "rank" in diagnosis else {})})
    if "diagnosis" in r:
        r["diagnosis"] = diagnoses
    hospitalization = r.pop("admission", None)
    hospitalization = hospitalization if isinstance(hospitalization, dict) else {}
    for element in ("dietPreference", "specialArrangement", "specialCourtesy"):
        if element in r:
            hospitalization[element] = r.pop(element)
    if hospitalization:
        r.setdefault("hospitalization", hospitalization)
    participants = []
    for participant in r.get("participant") or []:
        if not isinstance(participant, dict):
            continue
        actor = participant.pop("actor", None)
        if isinstance(actor, dict) and _ref_type(actor) in (None, "Practitioner", "PractitionerRole", "RelatedPerson"):
            participant["individual"] = actor
        participants.append(participant)
    if "participant" in r:
        r["participant"] = participants
    if "serviceType" in r:
        concept = _first(_concepts_of(r["serviceType"]))
        if isinstance(concept, dict):
            r["serviceType"] = concept
        else:
            r.pop("serviceType")
    for location in r.get("location") or []:
        if isinstance(location, dict) and "form" in location:
            location["physicalType"] = location.pop("form")


def _composition(r: dict[str, Any]) -> None:
    for element in ("identifier", "subject"):
        if isinstance(r.get(element), list):
            first = _first(r[element])
            if isinstance(first, dict):
                r[element] = first
            else:
                r.pop(element)
    if "status" in r:
        r["status"] = _COMPOSITION_STATUS.get(r["status"], "preliminary")
    for attester in r.get("attester") or []:
        mode = attester.get("mode") if isinstance(attester, dict) else None
        if isinstance(mode, dict):
            attester["mode"] = (_first(mode.get("coding")) or {}).get("code", "official")
    for event in r.get("event") or []:
        if isinstance(event, dict) and "detail" in event:
            event["detail"] = _refs_of(event["detail"])
    relates = []
    for item in r.get("relatesTo") or []:
        if not isinstance(item, dict):
            continue
        if item.get("type") in _RELATES_TO and isinstance(item.get("resourceReference"), dict):
            relates.append({"code": item["type"], "targetReference": item["resourceReference"]})
        elif "code" in item:
            relates.append(item)
    if "relatesTo" in r:
        r["relatesTo"] = relates


_MAPPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "ClinicalImpression": _clinical_impression,
    "Encounter": _encounter,
    "Composition": _composition,
}


def map_softtiger_r5_to_r4(resource_dict: dict[str, Any]) -> dict[str, Any]:
    """An R4-shaped copy of an R5-shaped resource, without elements R4 does not have."""
    r = copy.deepcopy(resource_dict)
    rtype = r.get("resourceType")
    mapper = _MAPPERS.get(str(rtype))
    if mapper:
        mapper(r)
    try:
        known = set(get_fhir_model_class(str(rtype)).elements_sequence())
    except KeyError:
        return r
    known.add("resourceType")
    return {k: v for k, v in r.items() if k in known or (k.startswith("_") and k[1:] in known)}
