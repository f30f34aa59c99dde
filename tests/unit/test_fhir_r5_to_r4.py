"""SoftTiger's R5-named output mapped to R4."""
from __future__ import annotations

from tools.fhir import map_softtiger_r5_to_r4, validate_resource

ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


def test_clinical_impression_performer_becomes_assessor_and_change_pattern_goes() -> None:
    r5 = {
        "resourceType": "ClinicalImpression",
        "status": "completed",
        "subject": {"reference": "Patient/1"},
        "performer": {"reference": "Practitioner/7"},
        "changePattern": {"text": "worsening"},
        "summary": "CAP, improving",
        "finding": [
            {"item": {"concept": {"text": "RLL consolidation"}}},
            {"item": {"reference": {"reference": "Observation/3"}}, "basis": "CXR"},
        ],
    }
    r4 = map_softtiger_r5_to_r4(r5)
    assert r4 == {
        "resourceType": "ClinicalImpression",
        "status": "completed",
        "subject": {"reference": "Patient/1"},
        "assessor": {"reference": "Practitioner/7"},
        "summary": "CAP, improving",
        "finding": [
            {"itemCodeableConcept": {"text": "RLL consolidation"}},
            {"itemReference": {"reference": "Observation/3"}, "basis": "CXR"},
        ],
    }
    assert "performer" in r5  # the input is untouched
    assert validate_resource(r4) == []


def test_performer_that_r4_assessor_cannot_hold_is_dropped() -> None:
    r4 = map_softtiger_r5_to_r4({"resourceType": "ClinicalImpression", "status": "preparation",
                                 "subject": {"reference": "Patient/1"},
                                 "performer": {"reference": "Organization/2"}})
    assert r4 == {"resourceType": "ClinicalImpression", "status": "in-progress", "subject": {"reference": "Patient/1"}}


def test_encounter_actual_period_class_reason_diagnosis_admission() -> None:
    r5 = {
        "resourceType": "Encounter",
        "status": "completed",
        "class": [{"coding": [{"system": ACT, "code": "IMP", "display": "inpatient encounter"}]}],
        "subject": {"reference": "Patient/1"},
        "actualPeriod": {"start": "2025-10-01", "end": "2025-10-05"},
        "plannedStartDate": "2025-10-01",
        "reason": [{"value": [{"concept": {"text": "cough"}}, {"reference": {"reference": "Condition/9"}}]}],
        "diagnosis": [{"condition": [{"reference": {"reference": "Condition/9"}}],
                       "use": [{"coding": [{"code": "AD"}]}]}],
        "admission": {"dischargeDisposition": {"text": "home"}},
        "virtualService": [{"addressUrl": "https://x"}],
    }
    r4 = map_softtiger_r5_to_r4(r5)
    assert r4 == {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": ACT, "code": "IMP", "display": "inpatient encounter"},
        "subject": {"reference": "Patient/1"},
        "period": {"start": "2025-10-01", "end": "2025-10-05"},
        "diagnosis": [{"condition": {"reference": "Condition/9"}, "use": {"coding": [{"code": "AD"}]}}],
        "reasonCode": [{"text": "cough"}],
        "reasonReference": [{"reference": "Condition/9"}],
        "hospitalization": {"dischargeDisposition": {"text": "home"}},
    }
    assert validate_resource(r4) == []


def test_composition_lists_become_single_values() -> None:
    r4 = map_softtiger_r5_to_r4({
        "resourceType": "Composition",
        "status": "registered",
        "identifier": [{"system": "urn:x", "value": "1"}],
        "subject": [{"reference": "Patient/1"}],
        "type": {"text": "Patient summary"},
        "date": "2025-10-05",
        "author": [{"display": "TigerBridge"}],
        "title": "IPS",
        "name": "ips",
        "attester": [{"mode": {"coding": [{"code": "legal"}]}}],
    })
    assert r4["status"] == "preliminary"
    assert r4["identifier"] == {"system": "urn:x", "value": "1"}
    assert r4["subject"] == {"reference": "Patient/1"}
    assert r4["attester"] == [{"mode": "legal"}]
    assert "name" not in r4
    assert validate_resource(r4) == []
