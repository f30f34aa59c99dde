"""The HAPI FHIR server the project builds behaves the way TigerBridge relies on."""
from __future__ import annotations

import pytest

from integrations.fhir.errors import FhirRejected
from integrations.fhir.server import FhirServer

pytestmark = pytest.mark.servers


def _errors(outcome: dict) -> list[dict]:
    return [i for i in outcome.get("issue", []) if i.get("severity") in ("error", "fatal")]


def _condition(patient_id: str, **overrides) -> dict:
    resource = {
        "resourceType": "Condition",
        "clinicalStatus": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}
            ]
        },
        "code": {
            "coding": [{"system": "http://snomed.info/sct", "code": "38341003", "display": "Hypertension"}],
            "text": "hypertension",
        },
        "subject": {"reference": f"Patient/{patient_id}"},
    }
    resource.update(overrides)
    return resource


def test_metadata_is_an_r4_capability_statement(fhir: FhirServer) -> None:
    cap = fhir.capability()
    assert cap["resourceType"] == "CapabilityStatement"
    assert cap["fhirVersion"].startswith("4.0")
    types = {r["type"] for r in cap["rest"][0]["resource"]}
    assert {"Patient", "Condition", "DocumentReference", "Subscription", "Provenance"} <= types


def test_validate_accepts_a_valid_condition(fhir: FhirServer, patient: dict) -> None:
    outcome = fhir.validate(_condition(patient["id"]))
    assert outcome["resourceType"] == "OperationOutcome"
    assert _errors(outcome) == []


def test_validate_rejects_an_invalid_condition_naming_the_element(fhir: FhirServer, patient: dict) -> None:
    bad = _condition(patient["id"], onsetDateTime="not-a-date")
    outcome = fhir.validate(bad)
    errors = _errors(outcome)
    assert errors, outcome
    where = " ".join(" ".join(e.get("expression", []) + e.get("location", [])) + e.get("diagnostics", "") for e in errors)
    assert "onset" in where


def test_validate_rejects_a_condition_without_its_required_subject(fhir: FhirServer, patient: dict) -> None:
    bad = _condition(patient["id"])
    del bad["subject"]
    errors = _errors(fhir.validate(bad))
    assert any("subject" in " ".join(e.get("expression", []) + [e.get("diagnostics", "")]) for e in errors)


def test_conditional_create_posted_twice_creates_one_resource(fhir: FhirServer, unique: str) -> None:
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:tigerbridge:test-conditional", "value": unique}],
    }
    query = f"identifier=urn:tigerbridge:test-conditional|{unique}"
    first = fhir.create(resource, if_none_exist=query)
    second = fhir.create(resource, if_none_exist=query)
    assert first["id"] == second["id"]
    found = fhir.read_json(f"Patient?{query}")
    assert len(found.get("entry", [])) == 1


def _transaction(unique: str, *, broken: bool) -> dict:
    condition_subject = "urn:uuid:patient-x" if not broken else "Patient/does-not-exist-" + unique
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:patient-x",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": "urn:tigerbridge:test-tx", "value": unique}],
                },
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "fullUrl": "urn:uuid:encounter-x",
                "resource": {
                    "resourceType": "Encounter",
                    "status": "finished",
                    "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                    "subject": {"reference": "urn:uuid:patient-x"},
                },
                "request": {"method": "POST", "url": "Encounter"},
            },
            {
                "fullUrl": "urn:uuid:condition-x",
                "resource": _condition("x", subject={"reference": condition_subject},
                                       encounter={"reference": "urn:uuid:encounter-x"}),
                "request": {"method": "POST", "url": "Condition"},
            },
        ],
    }


def test_transaction_with_urn_uuid_references_commits_atomically(fhir: FhirServer, unique: str) -> None:
    response = fhir.transaction(_transaction(unique, broken=False))
    assert response["type"] == "transaction-response"
    locations = [e["response"]["location"] for e in response["entry"]]
    assert [loc.split("/")[0] for loc in locations] == ["Patient", "Encounter", "Condition"]
    patient_id = locations[0].split("/")[1]
    condition = fhir.read_json("/".join(locations[2].split("/")[:2]))
    assert condition["subject"]["reference"] == f"Patient/{patient_id}"
    encounter = fhir.read_json("/".join(locations[1].split("/")[:2]))
    assert condition["encounter"]["reference"] == "Encounter/" + encounter["id"]


def test_transaction_with_a_broken_entry_commits_nothing(fhir: FhirServer, unique: str) -> None:
    with pytest.raises(FhirRejected) as caught:
        fhir.transaction(_transaction(unique, broken=True))
    assert caught.value.status in (400, 404, 409, 422)
    found = fhir.read_json(f"Patient?identifier=urn:tigerbridge:test-tx|{unique}")
    assert found.get("entry", []) == []
