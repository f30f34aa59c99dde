"""Deterministic identifiers: the same note gives the same Bundle, byte for byte."""
from __future__ import annotations

import json

from tests.unit.test_fhir_fixtures import PATIENT, RUN, admission_doc, admission_facts, admission_sections
from tools.facts.types import SNOMED, Coding, ConditionFact, Evidence
from tools.fhir import build_ips_document, build_transaction
from tools.fhir.ids import condition_key, identifier_value, token_match
from tools.fhir.systems import FACT_SYSTEM


def _bundle() -> dict:
    return build_transaction(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)


def _document() -> dict:
    return build_ips_document(admission_doc(), admission_facts(), admission_sections(), RUN, patient=PATIENT)


def test_two_builds_are_identical() -> None:
    assert json.dumps(_bundle()) == json.dumps(_bundle())
    assert json.dumps(_document()) == json.dumps(_document())


def test_every_entry_is_a_conditional_create_on_its_identifier() -> None:
    for entry in _bundle()["entry"]:
        resource, request = entry["resource"], entry["request"]
        assert entry["fullUrl"].startswith("urn:uuid:")
        assert request["method"] == "POST" and request["url"] == resource["resourceType"]
        if resource["resourceType"] == "Provenance":
            tag = next(t for t in resource["meta"]["tag"] if t["system"] == FACT_SYSTEM)
            assert request["ifNoneExist"] == f"_tag={FACT_SYSTEM}|{tag['code']}"
            continue
        identifiers = resource["identifier"]
        identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
        last = identifiers[-1]
        assert request["ifNoneExist"] == f"identifier={last['system']}|{last['value']}"


def test_identifier_is_32_hex_of_document_type_and_fact() -> None:
    value = identifier_value("DocumentReference/1", "Condition", "Condition|http://snomed.info/sct|38341003")
    assert len(value) == 32 and int(value, 16) >= 0
    assert value != identifier_value("DocumentReference/2", "Condition", "Condition|http://snomed.info/sct|38341003")


def test_fact_key_ignores_wording_but_not_code() -> None:
    ev = Evidence(0, 3, "HTN")
    a = ConditionFact("HTN", [Coding(SNOMED, "38341003", "Hypertension")], ev)
    b = ConditionFact("Hypertension", [Coding(SNOMED, "38341003", "Hypertension")], ev)
    assert condition_key(a) == condition_key(b) == "Condition|http://snomed.info/sct|38341003"
    assert condition_key(ConditionFact(" Chest  Pain. ", [], ev)) == "Condition|name:chest pain"


def test_different_notes_get_different_identifiers_and_fullurls() -> None:
    first = _bundle()
    other = build_transaction(
        admission_doc(document_reference="DocumentReference/9"), admission_facts(), admission_sections(), RUN,
        patient=PATIENT,
    )
    conditions = [e for e in first["entry"] if e["resource"]["resourceType"] == "Condition"]
    others = [e for e in other["entry"] if e["resource"]["resourceType"] == "Condition"]
    assert {e["fullUrl"] for e in conditions}.isdisjoint({e["fullUrl"] for e in others})
    # Devices are shared by every note.
    assert first["entry"][0]["fullUrl"] == other["entry"][0]["fullUrl"]


def test_match_url_escapes_search_separators() -> None:
    assert token_match("identifier", "https://x.org/sid", "a,b") == "identifier=https://x.org/sid|a\\%2Cb"
    assert token_match("identifier", "https://x.org/sid", "tgi:Org/model") == "identifier=https://x.org/sid|tgi:Org/model"
