"""Local validation: built bundles pass; broken references and code systems are caught."""
from __future__ import annotations

import copy

from tests.unit.test_fhir_fixtures import (
    PATIENT,
    RUN,
    admission_doc,
    admission_facts,
    admission_sections,
    clinic_doc,
    clinic_facts,
)
from tools.fhir import (
    ValidationIssue,
    build_ips_document,
    build_transaction,
    from_operation_outcome,
    plan_resources,
    validate_bundle,
    validate_resource,
)


def _bundle() -> dict:
    return build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)


def _entry(bundle: dict, resource_type: str) -> dict:
    return next(e for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type)


def test_built_bundles_have_no_local_issues() -> None:
    assert validate_bundle(_bundle()) == []
    assert validate_bundle(build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=PATIENT)) == []
    document = build_ips_document(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    assert validate_bundle(document) == []


def test_dangling_urn_reference_is_an_unrepairable_error() -> None:
    bundle = _bundle()
    condition = _entry(bundle, "Condition")
    bundle["entry"].remove(_entry(bundle, "Encounter"))
    issues = [i for i in validate_bundle(bundle) if "does not resolve" in i.message]
    assert issues
    first = issues[0]
    assert (first.severity, first.resource_type, first.path, first.repairable) == (
        "error", "Condition", "Condition.encounter.reference", False
    )
    assert first.full_url == condition["fullUrl"]


def test_fact_keys_name_the_resource_in_issues() -> None:
    planned = plan_resources(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    keys = {p.full_url: p.key for p in planned}
    bundle = _bundle()
    _entry(bundle, "Procedure")["resource"]["performedDateTime"] = "2015-13"
    issues = validate_bundle(bundle, keys=keys)
    assert [(i.resource_type, i.fact_key, i.path) for i in issues] == [
        ("Procedure", "Procedure|http://snomed.info/sct|116140006|2015", "Procedure.performedDateTime")
    ]


def test_misspelt_code_system_is_an_error_naming_the_element() -> None:
    bundle = _bundle()
    _entry(bundle, "Condition")["resource"]["code"]["coding"][0]["system"] = "http://snomed.info/sctx"
    issues = validate_bundle(bundle)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.severity == "error" and issue.repairable
    assert issue.path == "Condition.code.coding[0].system"
    assert "http://snomed.info/sctx" in issue.message


def test_non_ucum_quantity_and_vital_sign_without_ucum() -> None:
    bundle = _bundle()
    heart_rate = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"][1]["resource"]
    heart_rate["valueQuantity"] = {"value": 108, "unit": "bpm"}
    paths = [i.path for i in validate_bundle(bundle)]
    assert paths == ["Observation.valueQuantity"]
    heart_rate["valueQuantity"] = {"value": 108, "unit": "bpm", "system": "http://unitsofmeasure.org", "code": "bpm"}
    assert [i.path for i in validate_bundle(bundle)] == ["Observation.valueQuantity.code"]


def test_r5_field_and_bad_narrative_are_reported() -> None:
    impression = copy.deepcopy(_entry(_bundle(), "ClinicalImpression")["resource"])
    impression["performer"] = {"reference": "Practitioner/1"}
    impression["text"]["div"] = "<div><p>unclosed</div>"
    messages = {i.path: i.message for i in validate_resource(impression)}
    assert "ClinicalImpression.performer" in messages
    assert "ClinicalImpression.text.div" in messages


def test_transaction_checks_requests_and_document_checks_order() -> None:
    bundle = _bundle()
    del bundle["entry"][3]["request"]["ifNoneExist"]
    assert [(i.severity, i.path) for i in validate_bundle(bundle)] == [("warning", "Bundle.entry[3].request")]
    document = build_ips_document(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    document["entry"].reverse()
    assert any(i.path == "Bundle.entry[0]" for i in validate_bundle(document))


def test_document_must_not_reference_the_server() -> None:
    document = build_ips_document(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    document["entry"][0]["resource"]["subject"] = {"reference": "Patient/elsewhere"}
    issues = validate_bundle(document)
    assert [(i.path, i.repairable) for i in issues] == [("Composition.subject.reference", False)]


def test_operation_outcome_issues_point_at_entries() -> None:
    bundle = _bundle()
    planned = plan_resources(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": "error", "code": "processing", "diagnostics": "Unknown code",
             "expression": ["Bundle.entry[3].resource/*Condition/null*/.code.coding[0]"]},
            {"severity": "warning", "code": "not-found", "diagnostics": "CodeSystem is unknown",
             "location": ["Bundle.entry[12].resource/*Observation/null*/.code"]},
            {"severity": "information", "code": "informational", "diagnostics": "All OK"},
        ],
    }
    issues = from_operation_outcome(outcome, bundle=bundle, keys={p.full_url: p.key for p in planned})
    assert issues[0] == ValidationIssue(
        severity="error", resource_type="Condition", path="Condition.code.coding[0]", message="Unknown code",
        repairable=True, fact_key="Condition|http://snomed.info/sct|385093006",
        full_url=bundle["entry"][3]["fullUrl"], source="hapi",
    )
    assert (issues[1].severity, issues[1].resource_type, issues[1].repairable) == ("warning", "Observation", False)
    assert (issues[2].resource_type, issues[2].path) == (None, "")
    assert issues[0].to_json()["where"] == "Condition|http://snomed.info/sct|385093006 Condition.code.coding[0]"
