"""FHIR output against the real HAPI server: validity, round trips, idempotency,
de-duplication, blocked writes and the IPS document."""
from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from agent.backends.rules import RulesBackend
from agent.note import NoteInput
from integrations.fhir.checks import FhirServerChecks
from integrations.fhir.server import FhirServer
from integrations.fhir.writer import WriteBlocked, write_transaction
from tools.evaluation.gold import load_gold_notes
from tools.fhir import validate_bundle
from tools.fhir.systems import FACT_SYSTEM
from workflows.note_graph import WorkflowOptions, build_note_graph, new_run

pytestmark = pytest.mark.servers

CORPUS = load_gold_notes([Path(__file__).resolve().parents[1] / "data" / "notes"])


def _run(fhir: FhirServer, text: str, when: date, patient: str, *, create_missing: bool = False, ips=False):
    checks = FhirServerChecks(fhir, create_missing_patient=create_missing)
    graph = build_note_graph(RulesBackend(), checks, WorkflowOptions(offline_ok=False, with_ips_document=ips))
    return graph.invoke(new_run(NoteInput(text=text, document_date=when, patient=patient)))


def _errors(state) -> list:
    return [i for i in state["issues"] if i.severity == "error"]


def _by_identifier(fhir: FhirServer, resource: dict) -> list[dict]:
    identifiers = resource["identifier"]
    identifiers = [identifiers] if isinstance(identifiers, dict) else identifiers  # Composition has one
    ident = next(i for i in identifiers if i["system"] == FACT_SYSTEM)
    return fhir.search_all(f"{resource['resourceType']}?identifier={FACT_SYSTEM}|{ident['value']}")


def _codes(concept: dict) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept.get("coding", [])}


@pytest.mark.parametrize("gold", CORPUS, ids=[g.id for g in CORPUS])
def test_corpus_bundle_validates_commits_and_reads_back(fhir: FhirServer, patient: dict, gold) -> None:
    state = _run(fhir, gold.text, gold.document_date, f"Patient/{patient['id']}")
    assert _errors(state) == []
    write_transaction(fhir, state["bundle"], state["issues"])
    for entry in state["bundle"]["entry"]:
        sent = entry["resource"]
        if sent["resourceType"] in ("Device", "Provenance"):
            continue
        stored = _by_identifier(fhir, sent)
        assert len(stored) == 1, sent["resourceType"]
        stored = stored[0]
        kind = sent["resourceType"]
        if kind in ("Condition", "AllergyIntolerance", "Procedure", "Observation"):
            assert _codes(stored["code"]) == _codes(sent["code"])
        if kind == "Condition":
            assert stored.get("onsetDateTime") == sent.get("onsetDateTime")
            assert stored["subject"]["reference"] == f"Patient/{patient['id']}"
        if kind == "Procedure":
            assert stored.get("performedDateTime") == sent.get("performedDateTime")
        if kind == "Observation":
            assert stored.get("valueQuantity") == sent.get("valueQuantity")
            assert stored.get("component") == sent.get("component")
        if kind == "MedicationStatement":
            assert _codes(stored["medicationCodeableConcept"]) == _codes(sent["medicationCodeableConcept"])
            assert stored.get("dosage") == sent.get("dosage")
        if kind == "Encounter":
            assert stored["period"] == sent["period"]
            assert stored["class"] == sent["class"]


def test_writing_the_same_note_twice_leaves_one_copy_of_each(fhir: FhirServer, patient: dict) -> None:
    gold = next(g for g in CORPUS if g.id == "d01")
    first = _run(fhir, gold.text, gold.document_date, f"Patient/{patient['id']}")
    result = write_transaction(fhir, first["bundle"], first["issues"])
    assert result.created
    second = _run(fhir, gold.text, gold.document_date, f"Patient/{patient['id']}")
    again = write_transaction(fhir, second["bundle"], second["issues"])
    assert again.created == []
    assert sorted(again.existing) == sorted(result.created + result.existing)
    for kind in ("Condition", "MedicationStatement", "AllergyIntolerance", "Observation", "Encounter",
                 "Procedure", "ClinicalImpression", "Composition"):
        on_server = fhir.search_all(f"{kind}?{'subject' if kind != 'AllergyIntolerance' else 'patient'}="
                                    f"Patient/{patient['id']}")
        sent = [e for e in first["bundle"]["entry"] if e["resource"]["resourceType"] == kind]
        assert len(on_server) == len(sent), kind
    provenance = [e["resource"] for e in first["bundle"]["entry"] if e["resource"]["resourceType"] == "Provenance"]
    tag = next(t for t in provenance[0]["meta"]["tag"] if t["system"] == FACT_SYSTEM)
    assert len(fhir.search_all(f"Provenance?_tag={FACT_SYSTEM}|{tag['code']}")) == 1


def test_existing_hypertension_is_not_created_again(fhir: FhirServer, patient: dict) -> None:
    existing = fhir.create({
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active"}]},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003"}], "text": "HTN"},
        "subject": {"reference": f"Patient/{patient['id']}"},
    })
    gold = next(g for g in CORPUS if g.id == "d02")
    state = _run(fhir, gold.text, gold.document_date, f"Patient/{patient['id']}")
    skipped = [s for s in state["skipped"] if s["existing"] == f"Condition/{existing['id']}"]
    assert len(skipped) == 1 and "38341003" in skipped[0]["reason"]
    write_transaction(fhir, state["bundle"], state["issues"])
    hypertension = fhir.search_all(f"Condition?subject=Patient/{patient['id']}&code=http://snomed.info/sct|38341003")
    assert [c["id"] for c in hypertension] == [existing["id"]]
    encounter = next(e["resource"] for e in state["bundle"]["entry"] if e["resource"]["resourceType"] == "Encounter")
    assert f"Condition/{existing['id']}" in {d["condition"]["reference"] for d in encounter.get("diagnosis", [])}
    provenance = next(e["resource"] for e in state["bundle"]["entry"] if e["resource"]["resourceType"] == "Provenance")
    said = [x for x in provenance["extension"] if x["url"].endswith("/skipped-fact")]
    assert [x["extension"][0]["valueReference"]["reference"] for x in said] == [f"Condition/{existing['id']}"]
    assert "38341003" in said[0]["extension"][1]["valueString"]


def test_broken_resources_are_caught_before_the_write(fhir: FhirServer, patient: dict) -> None:
    gold = next(g for g in CORPUS if g.id == "d01")
    state = _run(fhir, gold.text, gold.document_date, f"Patient/{patient['id']}")
    bundle = copy.deepcopy(state["bundle"])
    condition = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    condition["code"]["coding"][0]["system"] = "http://snomed.info/sctx"
    medication = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "MedicationStatement")
    medication["context"] = {"reference": "urn:uuid:00000000-0000-5000-8000-000000000000"}
    issues = validate_bundle(bundle) + FhirServerChecks(fhir).validate(bundle, {})
    errors = [i for i in issues if i.severity == "error"]
    assert any(i.resource_type == "Condition" and "system" in i.path and "sctx" in i.message for i in errors)
    assert any(i.resource_type == "MedicationStatement" and "context" in i.path for i in errors)
    with pytest.raises(WriteBlocked):
        write_transaction(fhir, bundle, issues)
    assert _by_identifier(fhir, condition) == []


def test_a_missing_patient_blocks_the_write_unless_configured(fhir: FhirServer, unique: str) -> None:
    gold = next(g for g in CORPUS if g.id == "d02")
    token = f"urn:tigerbridge:test-mrn|{unique}"
    state = _run(fhir, gold.text, gold.document_date, token)
    errors = _errors(state)
    assert errors and errors[0].resource_type == "Patient" and unique in errors[0].message
    with pytest.raises(WriteBlocked):
        write_transaction(fhir, state["bundle"], state["issues"])
    created = _run(fhir, gold.text, gold.document_date, token, create_missing=True)
    assert _errors(created) == []
    write_transaction(fhir, created["bundle"], created["issues"])
    assert len(fhir.search_all(f"Patient?identifier={token}")) == 1


def test_ips_document_validates_with_the_required_sections_without_allergies(fhir: FhirServer, patient) -> None:
    text = (
        "CLINIC NOTE\n\nHPI: 44 yo M here for follow-up of HTN. Feels well.\n\n"
        "Medications:\n- Lisinopril 10 mg PO daily\n\nA/P:\n1. HTN - well controlled, cont lisinopril.\n"
    )
    state = _run(fhir, text, date(2025, 6, 2), f"Patient/{patient['id']}", ips=True)
    document = state["ips_document"]
    assert document["type"] == "document"
    composition = document["entry"][0]["resource"]
    sections = {s["code"]["coding"][0]["code"]: s for s in composition["section"]}
    assert {"11450-4", "48765-2", "10160-0"} <= set(sections)
    allergies = sections["48765-2"]
    assert "entry" not in allergies  # the note states no allergy: an entry would be invented
    assert allergies["emptyReason"]["coding"][0]["code"] in ("notasked", "unavailable", "nilknown")
    outcome = fhir.validate(document)
    assert [i for i in outcome["issue"] if i["severity"] in ("error", "fatal")] == []


FOLLOW_UP = (
    "DIABETES CLINIC FOLLOW-UP\n\nHPI: 61 yo F w/ T2DM here for follow-up.\n\n"
    "Medications:\n- Metformin 1000 mg PO BID\n\nA/P:\n1. Type 2 diabetes mellitus - cont metformin.\n"
)


def test_the_same_text_on_two_dates_is_two_visits(fhir: FhirServer, patient: dict) -> None:
    for when in (date(2025, 1, 6), date(2025, 4, 7)):
        state = _run(fhir, FOLLOW_UP, when, f"Patient/{patient['id']}")
        assert write_transaction(fhir, state["bundle"], state["issues"]).created
    starts = sorted(e["period"]["start"] for e in fhir.search_all(f"Encounter?subject=Patient/{patient['id']}"))
    assert starts == ["2025-01-06", "2025-04-07"]


def _clinical(code: str) -> dict:
    return {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": code}]}


def test_resolved_problems_stopped_drugs_and_new_doses_are_not_skipped(fhir: FhirServer, patient: dict) -> None:
    subject = {"reference": f"Patient/{patient['id']}"}
    fhir.create({"resourceType": "Condition", "clinicalStatus": _clinical("resolved"), "subject": subject,
                 "code": {"coding": [{"system": "http://snomed.info/sct", "code": "44054006"}]}})
    metformin = {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "6809"}]}
    fhir.create({"resourceType": "MedicationStatement", "status": "stopped", "subject": subject,
                 "medicationCodeableConcept": metformin})
    fhir.create({"resourceType": "MedicationStatement", "status": "active", "subject": subject,
                 "medicationCodeableConcept": metformin,
                 "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 500, "unit": "mg",
                                                               "system": "http://unitsofmeasure.org",
                                                               "code": "mg"}}]}]})
    state = _run(fhir, FOLLOW_UP, date(2025, 1, 6), f"Patient/{patient['id']}")
    assert state["skipped"] == []
    kinds = [e["resource"]["resourceType"] for e in state["bundle"]["entry"]]
    assert "Condition" in kinds and "MedicationStatement" in kinds


def test_an_active_duplicate_with_the_same_dose_is_skipped(fhir: FhirServer, patient: dict) -> None:
    first = _run(fhir, FOLLOW_UP, date(2025, 1, 6), f"Patient/{patient['id']}")
    write_transaction(fhir, first["bundle"], first["issues"])
    copied = FOLLOW_UP.replace("here for follow-up", "seen today, doing well")
    second = _run(fhir, copied, date(2025, 4, 7), f"Patient/{patient['id']}")
    assert {s["resourceType"] for s in second["skipped"]} == {"Condition", "MedicationStatement"}


def test_a_note_without_a_patient_is_never_written(fhir: FhirServer) -> None:
    graph = build_note_graph(RulesBackend(), FhirServerChecks(fhir, create_missing_patient=True),
                             WorkflowOptions(offline_ok=False))
    state = graph.invoke(new_run(NoteInput(text=FOLLOW_UP, document_date=date(2025, 1, 6))))
    assert any(i.severity == "error" and "names no patient" in i.message for i in state["issues"])
    with pytest.raises(WriteBlocked):
        write_transaction(fhir, state["bundle"], state["issues"])
