"""Bundle assembly: the IPS Composition, skipping facts, patients, the document form."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.unit.test_fhir_fixtures import (
    PATIENT,
    RUN,
    admission_doc,
    admission_facts,
    admission_sections,
    clinic_doc,
    clinic_facts,
    resources,
)
from tools.facts.types import NoteFacts
from tools.fhir import PatientRef, SectionSummary, build_ips_document, build_transaction, plan_resources

LOINC = "http://loinc.org"
EMPTY = "http://terminology.hl7.org/CodeSystem/list-empty-reason"


def _sections(composition: dict) -> dict[str, dict]:
    return {s["code"]["coding"][0]["code"]: s for s in composition["section"]}


def test_composition_is_an_ips_authored_by_the_tigerbridge_device() -> None:
    bundle = build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    composition = resources(bundle, "Composition")[0]
    device_url = bundle["entry"][0]["fullUrl"]
    assert composition["type"] == {"coding": [{"system": LOINC, "code": "60591-5", "display": "Patient summary Document"}]}
    assert composition["status"] == "final" and composition["title"] == "International Patient Summary"
    assert composition["author"] == [{"reference": device_url, "display": "TigerBridge 0.1.0"}]
    assert isinstance(composition["identifier"], dict)  # R4: 0..1
    assert composition["date"] == "2025-10-05T12:00:00Z"
    sections = _sections(composition)
    assert list(sections) == ["11450-4", "48765-2", "10160-0", "47519-4", "30954-2", "8716-3", "18776-5"]
    assert len(sections["11450-4"]["entry"]) == 3 and len(sections["10160-0"]["entry"]) == 4
    assert len(sections["8716-3"]["entry"]) == 4 and len(sections["30954-2"]["entry"]) == 2
    assert "entry" not in sections["18776-5"] and "emptyReason" not in sections["18776-5"]


def test_narrative_is_escaped_xhtml() -> None:
    bundle = build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    medications = _sections(resources(bundle, "Composition")[0])["10160-0"]
    div = medications["text"]["div"]
    assert medications["text"]["status"] == "generated"
    assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p>Levothyroxine &amp; inhalers &lt;home regimen&gt;</p><ul>')
    assert "<li>Levothyroxine 75 mcg PO daily</li>" in div
    assert ET.fromstring(div).tag == "{http://www.w3.org/1999/xhtml}div"


def test_required_sections_without_entries_say_why() -> None:
    sections = [SectionSummary("medications", "10160-0", 0, 10, "See pharmacy list.")]
    composition = resources(build_transaction(clinic_doc(), NoteFacts(), sections, RUN, patient=PATIENT),
                            "Composition")[0]
    by_code = _sections(composition)
    assert list(by_code) == ["11450-4", "48765-2", "10160-0"]
    assert by_code["11450-4"]["emptyReason"] == {"coding": [{"system": EMPTY, "code": "notasked", "display": "Not Asked"}]}
    # The note has a medications section but nothing was extracted from it.
    assert by_code["10160-0"]["emptyReason"]["coding"][0]["code"] == "unavailable"
    assert "See pharmacy list." in by_code["10160-0"]["text"]["div"]
    for section in by_code.values():
        assert "entry" not in section and section["text"]["div"].startswith("<div xmlns=")


def test_explicit_nkda_fills_the_allergy_section() -> None:
    bundle = build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=PATIENT)
    allergies = _sections(resources(bundle, "Composition")[0])["48765-2"]
    allergy_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "AllergyIntolerance")
    assert allergies["entry"] == [{"reference": allergy_url}] and "emptyReason" not in allergies
    assert "No known drug allergy" in allergies["text"]["div"]


def test_skip_drops_a_fact_and_every_reference_to_it() -> None:
    planned = plan_resources(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    asthma = next(p for p in planned if p.resource_type == "Condition" and p.fact.name == "Asthma")
    bundle = build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT,
                               skip={asthma.key})
    assert asthma.full_url not in str(bundle)
    assert [d["rank"] for d in resources(bundle, "Encounter")[0]["diagnosis"]] == [1, 2]


def test_skip_with_a_server_reference_redirects_references() -> None:
    planned = plan_resources(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    asthma = next(p for p in planned if p.resource_type == "Condition" and p.fact.name == "Asthma")
    bundle = build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT,
                               skip={asthma.key: "Condition/77"})
    assert len(resources(bundle, "Condition")) == 2
    problems = _sections(resources(bundle, "Composition")[0])["11450-4"]["entry"]
    assert {"reference": "Condition/77"} in problems
    assert {"reference": "Condition/77"} in resources(bundle, "ClinicalImpression")[0]["problem"]
    provenance = resources(bundle, "Provenance")[0]
    assert {"reference": "Condition/77"} not in provenance["target"]


def test_existing_encounter_is_referenced_not_created() -> None:
    bundle = build_transaction(admission_doc(encounter_reference="Encounter/456"), admission_facts(),
                               admission_sections(), RUN, patient=PATIENT)
    assert resources(bundle, "Encounter") == []
    assert resources(bundle, "Condition")[0]["encounter"] == {"reference": "Encounter/456"}
    assert resources(bundle, "MedicationStatement")[0]["context"] == {"reference": "Encounter/456"}


def test_patient_by_identifier_is_a_conditional_reference() -> None:
    patient = PatientRef(identifier="urn:tigerbridge:test|abc", display="T. Patient")
    bundle = build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=patient)
    assert resources(bundle, "Condition")[0]["subject"] == {
        "reference": "Patient?identifier=urn:tigerbridge:test|abc", "display": "T. Patient"
    }
    assert resources(bundle, "Patient") == []


def test_patient_resource_is_created_conditionally() -> None:
    patient = PatientRef(resource={"resourceType": "Patient", "meta": {"versionId": "3"},
                                   "identifier": [{"system": "urn:tigerbridge:test", "value": "abc"}]})
    bundle = build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=patient)
    entry = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert entry["request"]["ifNoneExist"] == "identifier=urn:tigerbridge:test|abc"
    assert "meta" not in entry["resource"]
    assert resources(bundle, "Condition")[0]["subject"] == {"reference": entry["fullUrl"]}
    with pytest.raises(ValueError):
        build_transaction(clinic_doc(), clinic_facts(), [], RUN,
                          patient=PatientRef(resource={"resourceType": "Patient"}))


def test_ips_document_starts_with_composition_and_resolves_internally() -> None:
    document = build_ips_document(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    assert document["type"] == "document" and document["timestamp"] == "2025-10-05T12:00:00Z"
    assert document["identifier"]["value"]
    types = [e["resource"]["resourceType"] for e in document["entry"]]
    assert types[:2] == ["Composition", "Patient"]
    assert "Provenance" not in types and "ClinicalImpression" not in types and "Device" in types
    assert all("request" not in e for e in document["entry"])
    urls = {e["fullUrl"] for e in document["entry"]}
    composition = document["entry"][0]["resource"]
    assert composition["subject"]["reference"] == document["entry"][1]["fullUrl"]
    assert all(ref["reference"] in urls for s in composition["section"] for ref in s.get("entry", []))
    assert "Patient/pt-1" not in str([e["resource"] for e in document["entry"][2:]])


def test_document_ignores_skip_semantics() -> None:
    document = build_ips_document(admission_doc(encounter_reference="Encounter/456"), admission_facts(),
                                  admission_sections(), RUN, patient=PATIENT)
    assert "Encounter/456" not in str(document)
    assert [e["resource"]["resourceType"] for e in document["entry"]].count("Encounter") == 1
