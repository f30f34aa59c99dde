"""The R4 shape of each resource the builders write."""
from __future__ import annotations

import dataclasses

from tests.unit.test_fhir_fixtures import (
    ADMISSION,
    CLINIC,
    PATIENT,
    RUN,
    admission_doc,
    admission_facts,
    admission_sections,
    clinic_doc,
    clinic_facts,
    resources,
)
from tools.facts.types import SNOMED, AllergyFact, Evidence, NoteFacts
from tools.fhir import build_transaction
from tools.fhir.ids import identifier_value
from tools.fhir.systems import DERIVATION_REFERENCE, FACT_SYSTEM

THO = "http://terminology.hl7.org/CodeSystem/"


def _admission(**doc_changes: object) -> dict:
    return build_transaction(admission_doc(**doc_changes), admission_facts(), admission_sections(), RUN, patient=PATIENT)


def _full_url(bundle: dict, resource: dict) -> str:
    return next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is resource)


def test_condition_exact_shape() -> None:
    bundle = _admission()
    cap = resources(bundle, "Condition")[0]
    encounter_url = _full_url(bundle, resources(bundle, "Encounter")[0])
    start = ADMISSION.index("CAP")
    doc_key = admission_doc().document_key
    assert cap == {
        "resourceType": "Condition",
        "meta": {"source": "urn:tigerbridge:run:run-0001"},
        "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p>CAP</p></div>'},
        "extension": [
            {
                "url": DERIVATION_REFERENCE,
                "extension": [
                    {
                        "url": "reference",
                        "valueReference": {
                            "identifier": {"system": "https://tigerbridge.dev/fhir/sid/document", "value": doc_key},
                            "display": "admission history and physical",
                        },
                    },
                    {"url": "offset", "valueInteger": start},
                    {"url": "length", "valueInteger": 3},
                ],
            }
        ],
        "identifier": [
            {
                "system": FACT_SYSTEM,
                "value": identifier_value(doc_key, "Condition", "Condition|http://snomed.info/sct|385093006"),
            }
        ],
        "clinicalStatus": {"coding": [{"system": THO + "condition-clinical", "code": "active", "display": "Active"}]},
        "verificationStatus": {
            "coding": [{"system": THO + "condition-ver-status", "code": "confirmed", "display": "Confirmed"}]
        },
        "category": [
            {
                "coding": [
                    {"system": THO + "condition-category", "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}
                ]
            }
        ],
        "code": {
            "coding": [
                {"system": SNOMED, "code": "385093006", "display": "Community acquired pneumonia"},
                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "J18.9",
                 "display": "Pneumonia, unspecified organism"},
            ],
            "text": "CAP",
        },
        "subject": {"reference": "Patient/pt-1", "display": "Tiger Testpatient"},
        "encounter": {"reference": encounter_url},
        "recordedDate": "2025-10-05",
    }
    assert ADMISSION[start : start + 3] == "CAP"


def test_repeated_condition_is_written_once_and_onset_words_stay_text() -> None:
    conditions = resources(_admission(), "Condition")
    assert [c["code"]["text"] for c in conditions] == ["CAP", "Asthma", "hypothyroidism"]
    assert conditions[1]["onsetString"] == "childhood" and "onsetDateTime" not in conditions[1]


def test_source_reference_is_the_document_reference_when_known() -> None:
    bundle = _admission(document_reference="DocumentReference/77", text_path="DocumentReference.content.attachment")
    derivation = resources(bundle, "Condition")[0]["extension"][0]["extension"]
    assert derivation[0] == {"url": "reference", "valueReference": {"reference": "DocumentReference/77",
                                                                   "display": "admission history and physical"}}
    assert derivation[1] == {"url": "path", "valueString": "DocumentReference.content.attachment"}
    provenance = resources(bundle, "Provenance")[0]
    assert provenance["entity"] == [{"role": "source", "what": derivation[0]["valueReference"]}]


def test_inpatient_encounter_without_discharge_is_in_progress() -> None:
    bundle = _admission()
    encounter = resources(bundle, "Encounter")[0]
    cap_url = _full_url(bundle, resources(bundle, "Condition")[0])
    assert encounter["status"] == "in-progress"
    assert encounter["class"] == {"system": THO + "v3-ActCode", "code": "IMP", "display": "inpatient encounter"}
    assert encounter["period"] == {"start": "2025-10-05"}
    assert encounter["reasonCode"] == [{"text": "cough, fever x 3 days"}]
    assert encounter["type"] == [{"text": "admission history and physical"}]
    assert encounter["diagnosis"][0] == {
        "condition": {"reference": cap_url},
        "use": {"coding": [{"system": THO + "diagnosis-role", "code": "AD", "display": "Admission diagnosis"}]},
        "rank": 1,
    }
    assert [d["rank"] for d in encounter["diagnosis"]] == [1, 2, 3]
    assert "actualPeriod" not in encounter and "hospitalization" not in encounter


def test_discharge_encounter_is_finished_with_disposition() -> None:
    encounter = resources(
        _admission(kind="discharge summary", admission_date="2025-10-01", discharge_date="2025-10-05",
                   disposition="SNF"),
        "Encounter",
    )[0]
    assert encounter["status"] == "finished"
    assert encounter["period"] == {"start": "2025-10-01", "end": "2025-10-05"}
    assert encounter["hospitalization"] == {
        "dischargeDisposition": {
            "coding": [{"system": THO + "discharge-disposition", "code": "snf", "display": "Skilled nursing facility"}],
            "text": "SNF",
        }
    }
    assert encounter["diagnosis"][0]["use"]["coding"][0]["code"] == "DD"


def test_clinic_encounter_is_an_ambulatory_visit_on_the_note_date() -> None:
    encounter = resources(build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=PATIENT), "Encounter")[0]
    assert encounter["status"] == "finished"
    assert encounter["class"]["code"] == "AMB"
    assert encounter["period"] == {"start": "2025-05-12", "end": "2025-05-12"}


def test_medication_statement_uses_r4_context_and_maps_timing() -> None:
    bundle = _admission()
    encounter_url = _full_url(bundle, resources(bundle, "Encounter")[0])
    levo, albuterol, budesonide, azithro = resources(bundle, "MedicationStatement")
    assert levo["context"] == {"reference": encounter_url} and "encounter" not in levo
    assert levo["status"] == "active" and levo["dateAsserted"] == "2025-10-05"
    assert levo["medicationCodeableConcept"] == {
        "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "10582", "display": "levothyroxine"}],
        "text": "Levothyroxine",
    }
    assert levo["dosage"] == [
        {
            "text": "75 mcg PO daily",
            "timing": {
                "repeat": {"frequency": 1, "period": 1, "periodUnit": "d"},
                "code": {"coding": [{"system": THO + "v3-GTSAbbreviation", "code": "QD"}], "text": "daily"},
            },
            "route": {"coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}], "text": "Oral route"},
            "doseAndRate": [
                {"doseQuantity": {"value": 75, "unit": "mcg", "system": "http://unitsofmeasure.org", "code": "ug"}}
            ],
        }
    ]
    prn = albuterol["dosage"][0]
    assert prn["asNeededCodeableConcept"] == {"text": "wheeze"} and "asNeededBoolean" not in prn
    assert prn["timing"]["repeat"] == {"frequency": 1, "period": 4, "periodUnit": "h"}
    assert prn["doseAndRate"][0]["doseQuantity"] == {
        "value": 2, "unit": "puffs", "system": "http://unitsofmeasure.org", "code": "{puff}"
    }
    # A composite strength alone is not a dose quantity: the text carries it.
    assert "doseAndRate" not in budesonide["dosage"][0]
    assert budesonide["medicationCodeableConcept"] == {"text": "Budesonide-formoterol"}
    assert azithro["dosage"][0]["timing"]["repeat"] == {
        "boundsDuration": {"value": 5, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"},
        "frequency": 1,
        "period": 1,
        "periodUnit": "d",
        "when": ["MORN"],
    }
    assert "code" not in azithro["dosage"][0]["timing"]


def test_allergy_uses_patient_and_coded_manifestation() -> None:
    allergy = resources(_admission(), "AllergyIntolerance")[0]
    assert allergy["patient"] == {"reference": "Patient/pt-1", "display": "Tiger Testpatient"}
    assert "subject" not in allergy
    assert allergy["clinicalStatus"]["coding"][0] == {
        "system": THO + "allergyintolerance-clinical", "code": "active", "display": "Active"
    }
    assert allergy["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert allergy["type"] == "allergy" and allergy["category"] == ["medication"]
    assert allergy["reaction"] == [
        {"manifestation": [{"coding": [{"system": SNOMED, "code": "41291007", "display": "Angioedema"}],
                            "text": "angioedema"}]}
    ]


def test_nkda_is_an_explicit_no_known_drug_allergy() -> None:
    allergy = resources(build_transaction(clinic_doc(), clinic_facts(), [], RUN, patient=PATIENT),
                        "AllergyIntolerance")[0]
    assert allergy["code"] == {
        "coding": [{"system": SNOMED, "code": "409137002", "display": "No known drug allergy"}], "text": "NKDA"
    }
    assert allergy["category"] == ["medication"]
    assert "reaction" not in allergy


def test_no_known_allergies_uses_716186003() -> None:
    start = CLINIC.index("NKDA")
    facts = NoteFacts(allergies=[AllergyFact("no known allergies", [], Evidence(start, start + 4, "NKA"), no_known=True)])
    allergy = resources(build_transaction(clinic_doc(), facts, [], RUN, patient=PATIENT), "AllergyIntolerance")[0]
    assert allergy["code"]["coding"] == [{"system": SNOMED, "code": "716186003", "display": "No known allergy"}]
    assert "category" not in allergy


def test_procedure_partial_date() -> None:
    procedure = resources(_admission(), "Procedure")[0]
    assert procedure["status"] == "completed"
    assert procedure["performedDateTime"] == "2015"
    assert procedure["subject"]["reference"] == "Patient/pt-1"


def test_blood_pressure_is_a_panel_with_components() -> None:
    bp = resources(_admission(), "Observation")[2]
    assert bp["code"]["coding"][0]["code"] == "85354-9"
    assert bp["category"] == [
        {"coding": [{"system": THO + "observation-category", "code": "vital-signs", "display": "Vital Signs"}]}
    ]
    assert "valueQuantity" not in bp
    assert bp["effectiveDateTime"] == "2025-10-05"
    assert bp["component"] == [
        {
            "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6", "display": "Systolic blood pressure"}],
                     "text": "Systolic blood pressure"},
            "valueQuantity": {"value": 118, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"},
        },
        {
            "code": {"coding": [{"system": "http://loinc.org", "code": "8462-4", "display": "Diastolic blood pressure"}],
                     "text": "Diastolic blood pressure"},
            "valueQuantity": {"value": 72, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"},
        },
    ]


def test_lab_result_keeps_its_comparator() -> None:
    procalcitonin = resources(_admission(), "Observation")[-1]
    assert procalcitonin["status"] == "final"
    assert procalcitonin["category"][0]["coding"][0]["code"] == "laboratory"
    assert procalcitonin["valueQuantity"] == {
        "value": 0.05, "comparator": "<", "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"
    }


def test_clinical_impression_uses_r4_names() -> None:
    bundle = _admission()
    impression = resources(bundle, "ClinicalImpression")[0]
    assert impression["status"] == "completed"
    assert impression["effectiveDateTime"] == "2025-10-05" and impression["date"] == "2025-10-05"
    assert impression["summary"] == "Community-acquired pneumonia: start ceftriaxone and azithromycin."
    assert [p["reference"] for p in impression["problem"]] == [
        _full_url(bundle, c) for c in resources(bundle, "Condition")
    ]
    assert [f["itemReference"]["reference"] for f in impression["finding"]] == [
        _full_url(bundle, o) for o in resources(bundle, "Observation")
    ]
    for r5_name in ("performer", "changePattern", "assessor"):
        assert r5_name not in impression
    with_author = resources(_admission(author_reference="Practitioner/dr-1"), "ClinicalImpression")[0]
    assert with_author["assessor"] == {"reference": "Practitioner/dr-1"}


def test_provenance_names_devices_source_and_run() -> None:
    bundle = _admission()
    provenance = resources(bundle, "Provenance")[0]
    devices = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Device"]
    written = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] not in ("Device", "Provenance")]
    assert [t["reference"] for t in provenance["target"]] == written
    assert provenance["recorded"] == "2025-10-05T12:00:00Z"
    assert provenance["activity"]["coding"][0] == {"system": THO + "v3-DataOperation", "code": "CREATE",
                                                   "display": "create"}
    assert [(a["type"]["coding"][0]["code"], a["who"]["reference"]) for a in provenance["agent"]] == [
        ("assembler", devices[0]["fullUrl"]),
        ("author", devices[1]["fullUrl"]),
    ]
    assert provenance["extension"] == [
        {"url": "https://tigerbridge.dev/fhir/StructureDefinition/workflow-run-id", "valueString": "run-0001"}
    ]
    assert {"system": "https://tigerbridge.dev/fhir/sid/workflow-run", "code": "run-0001"} in provenance["meta"]["tag"]
    assert "identifier" not in provenance
    assert devices[0]["resource"]["identifier"][0] == {"system": "https://tigerbridge.dev/fhir/sid/device",
                                                       "value": "tigerbridge"}
    assert devices[0]["resource"]["version"] == [{"value": "0.1.0"}]


def test_provenance_key_does_not_depend_on_run_id() -> None:
    other_run = dataclasses.replace(RUN, run_id="run-0002")
    first = resources(_admission(), "Provenance")[0]
    second = resources(
        build_transaction(admission_doc(), admission_facts(), admission_sections(), other_run, patient=PATIENT),
        "Provenance",
    )[0]
    assert first["meta"]["tag"][0] == second["meta"]["tag"][0]
    assert first["meta"]["tag"][1] != second["meta"]["tag"][1]


def test_an_infusion_rate_is_a_rate_not_a_dose() -> None:
    from tools.facts.types import Dosage
    from tools.fhir.medications import dosage_element

    drip = dosage_element(Dosage(text="0.08 mcg/kg/min IV", dose_value=0.08, dose_unit="ug/kg/min"))
    assert drip["doseAndRate"] == [{"rateQuantity": {"value": 0.08, "unit": "ug/kg/min",
                                                      "system": "http://unitsofmeasure.org", "code": "ug/kg/min"}}]
    bolus = dosage_element(Dosage(text="5000 units SC q8h", dose_value=5000, dose_unit="[iU]"))
    assert "doseQuantity" in bolus["doseAndRate"][0]
