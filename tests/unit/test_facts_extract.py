"""End-to-end behaviour of ``extract_facts`` on short notes, with exact expected values."""
from __future__ import annotations

from datetime import date

from tools.facts import extract_facts
from tools.facts.types import NoteFacts
from tools.sections import detect_sections

NOTE_DATE = date(2025, 10, 5)


def facts(text: str) -> NoteFacts:
    return extract_facts(text, detect_sections(text), NOTE_DATE)


def condition_names(text: str) -> list[str]:
    return [c.name for c in facts(text).conditions]


# -- conditions ------------------------------------------------------------------------------
def test_denied_symptoms_are_not_conditions() -> None:
    assert condition_names("HPI: Denies CP, SOB.\n\nA/P:\nDenies CP, SOB. No DVT.\n") == []


def test_family_history_is_not_the_patients() -> None:
    text = "FHx: mother with breast cancer, father w/ MI.\n\nA/P:\n1. HTN - cont lisinopril.\n"
    assert condition_names(text) == ["Hypertension"]


def test_rule_out_and_possible_are_not_asserted() -> None:
    text = "Assessment and Plan:\n1. Chest pain - r/o ACS.\n2. Possible UTI - check UA.\n"
    assert condition_names(text) == ["Chest pain"]


def test_hpi_history_is_a_problem_but_symptoms_are_not() -> None:
    text = "HPI: 58 yo F w/ PMH of asthma and hypothyroidism p/w productive cough and fever.\n"
    got = facts(text).conditions
    assert [(c.name, c.category) for c in got] == [("Asthma", "problem-list-item"),
                                                   ("Hypothyroidism", "problem-list-item")]


def test_assessment_item_heads_and_codes() -> None:
    text = (
        "A/P:\n1. CAP, RLL - CURB-65 of 1. Start ceftriaxone 1 g IV q24h.\n"
        "2. Quadriceps weakness - PT referral.\n# Dispo: home.\nDVT ppx: enoxaparin 40 mg SC daily.\n"
    )
    got = {c.name: c for c in facts(text).conditions}
    assert sorted(got) == ["Community acquired pneumonia", "Quadriceps weakness"]
    cap = got["Community acquired pneumonia"]
    assert [(c.code, c.system.rsplit("/", 1)[-1]) for c in cap.codings] == [("385093006", "sct"),
                                                                             ("J18.9", "icd-10-cm")]
    assert (cap.category, cap.clinical_status, cap.evidence.text) == ("encounter-diagnosis", "active", "CAP")
    assert got["Quadriceps weakness"].codings == []


def test_history_of_an_episodic_condition_is_resolved_with_onset() -> None:
    (dvt,) = facts("PMH: h/o DVT 2015\n").conditions
    assert (dvt.name, dvt.clinical_status, dvt.onset) == ("Deep venous thrombosis", "resolved", "2015")


def test_diagnosis_date_is_onset_but_childhood_is_not() -> None:
    got = {c.name: c.onset for c in facts("PMH: Asthma (dx in childhood), DM2 (dx 2019)\n").conditions}
    assert got == {"Asthma": None, "Type 2 diabetes mellitus": "2019"}


def test_assessment_mention_wins_over_history() -> None:
    (asthma,) = facts("PMH: asthma\n\nA/P:\n3. Asthma - cont albuterol PRN.\n").conditions
    assert (asthma.category, asthma.evidence.section) == ("encounter-diagnosis", "assessment and plan")


# -- medications ------------------------------------------------------------------------------
def test_medication_list_and_plan_statuses() -> None:
    text = (
        "Medications:\n- Losartan 50 mg PO QD\n- Aspirin 81 mg PO QD\n\n"
        "Impression/Plan:\n1. Paroxysmal atrial fibrillation - start apixaban 5 mg PO BID; stop aspirin.\n"
        "2. HTN - cont losartan and HCTZ.\n"
    )
    got = {m.name: m for m in facts(text).medications}
    assert {n: m.status for n, m in got.items()} == {
        "Losartan": "active", "Aspirin": "stopped", "apixaban": "intended", "hydrochlorothiazide": "active",
    }
    assert got["Aspirin"].dosage.text == "81 mg PO QD"
    assert got["Losartan"].codings[0].code == "52175"


def test_increase_to_replaces_the_list_dose() -> None:
    text = ("Medications:\n- atorvastatin 20 mg PO daily\n\n"
            "Recommendations:\n1. NSTEMI: Increase atorvastatin to 80 mg PO QHS.\n")
    (statin,) = facts(text).medications
    assert (statin.dosage.dose_value, statin.dosage.timing.when) == (80.0, ["HS"])


def test_allergy_list_drugs_and_denied_drugs_are_not_medications() -> None:
    text = "Allergies: lisinopril (cough)\n\nHPI: Not on aspirin. Took ibuprofen in the past.\n"
    assert facts(text).medications == []


def test_dose_written_before_the_drug() -> None:
    (lidocaine,) = facts("Description of Procedure: Port sites were infiltrated with 20 mL of 1% lidocaine.\n"
                         ).medications
    assert (lidocaine.dosage.dose_value, lidocaine.dosage.dose_unit) == (20.0, "mL")


def test_combination_product_not_in_the_table_is_not_coded_as_one_ingredient() -> None:
    (pill,) = facts("Meds:\n- norgestimate-ethinyl estradiol 1 tab PO daily\n").medications
    assert (pill.name, pill.codings) == ("norgestimate-ethinyl estradiol", [])


# -- allergies --------------------------------------------------------------------------------
def test_nkda_is_an_explicit_no_known_drug_allergy() -> None:
    (nkda,) = facts("Allergies: NKDA\n").allergies
    assert (nkda.no_known, nkda.codings[0].code, nkda.substance) == (True, "409137002", "no known drug allergy")


def test_no_known_allergies_spelled_out() -> None:
    (nka,) = facts("ALLERGIES: No Known Allergies\n").allergies
    assert (nka.no_known, nka.codings[0].code) == (True, "716186003")


def test_allergy_list_with_reactions_categories_and_intolerance() -> None:
    text = "Allergies: ACE inhibitors (angioedema); PCN -> hives; shellfish - anaphylaxis; codeine (nausea)\n"
    got = {a.substance: a for a in facts(text).allergies}
    assert {k: (a.reactions, a.type, a.category, a.criticality) for k, a in got.items()} == {
        "ACE inhibitors": (["Angioedema"], "allergy", "medication", None),
        "PCN": (["Urticaria"], "allergy", "medication", None),
        "shellfish": (["Anaphylaxis"], "allergy", "food", "high"),
        "codeine": (["Nausea"], "intolerance", "medication", None),
    }
    assert got["ACE inhibitors"].reaction_codings[0].code == "41291007"


def test_unknown_substance_keeps_its_words() -> None:
    (tape,) = facts("Allergies: adhesive tape (skin tears)\n").allergies
    assert (tape.substance, tape.reactions) == ("adhesive tape", ["skin tears"])


# -- procedures -------------------------------------------------------------------------------
def test_procedure_dates() -> None:
    text = ("PMH: s/p TAH 2015.\n\nHistory: Holter monitor on 04/28/2025 showed paroxysmal AF.\n"
            "Echo 05/01/2025: LVEF 55%.\n\nPlan: colonoscopy next year.\n")
    got = {p.name: p.performed for p in facts(text).procedures}
    assert got == {"Total abdominal hysterectomy": "2015", "Holter monitoring": "2025-04-28",
                   "Echocardiography": "2025-05-01"}


# -- observations -----------------------------------------------------------------------------
def test_vitals_blood_pressure_components_and_temperature_units() -> None:
    text = "Vitals: T 38.6, Temp 98.6 \u00b0F (37 \u00b0C), HR 108, BP 118/72, SpO2 91% on RA\n"
    got = facts(text).observations
    assert [(o.name, o.value, o.unit) for o in got if not o.components] == [
        ("Body temperature", 38.6, "Cel"), ("Body temperature", 98.6, "[degF]"), ("Heart rate", 108.0, "/min"),
        ("Oxygen saturation by pulse oximetry", 91.0, "%"),
    ]
    (bp,) = [o for o in got if o.components]
    assert [(c.codings[0].code, c.value, c.unit) for c in bp.components] == [("8480-6", 118.0, "mm[Hg]"),
                                                                             ("8462-4", 72.0, "mm[Hg]")]
    assert bp.codings[0].code == "85354-9" and bp.value is None


def test_labs_first_value_comparator_and_prose_letters() -> None:
    text = "Labs: WBC 16.2, Cr 1.8 (baseline 1.2), troponin <0.01.\n\nHPI: Feels OK, K is fine.\n"
    got = {o.name: o for o in facts(text).observations}
    assert sorted(got) == ["Creatinine", "Troponin", "White blood cell count"]
    assert (got["Creatinine"].value, got["Creatinine"].unit) == (1.8, "mg/dL")
    assert (got["Troponin"].value_text, got["Troponin"].comparator) == ("<0.01", "<")


def test_a_word_after_a_vital_is_not_its_unit() -> None:
    (hr,) = facts("Vitals: HR 96 NSR\n").observations
    assert (hr.value, hr.unit, hr.evidence.text) == (96.0, "/min", "HR 96")


def test_two_routes_are_two_regimens() -> None:
    text = ("Home meds:\n- furosemide 40 mg PO BID\n\n"
            "A/P:\n# Acute on chronic systolic CHF:\n- Furosemide 80 mg IV BID, goal net neg 1 L/day.\n")
    got = sorted((m.dosage.dose_value, m.dosage.route.code) for m in facts(text).medications)
    assert got == [(40.0, "26643006"), (80.0, "47625008")]


def test_every_evidence_span_is_the_text_it_quotes() -> None:
    text = ("HPI: 67 yo M w/ HTN, OSA, and CKD3a. Holter monitor on 04/28/2025 showed paroxysmal AF.\n"
            "Medications:\n- Losartan 50 mg PO QD\nAllergies: NKDA\nExam: BP 146/88, HR 84 irregularly irregular.\n"
            "Impression/Plan:\n1. Paroxysmal atrial fibrillation - start apixaban 5 mg PO BID.\n")
    found = facts(text)
    spans = [f.evidence for group in (found.conditions, found.medications, found.allergies, found.procedures,
                                      found.observations) for f in group]
    assert len(spans) == 10
    assert all(text[e.start:e.end] == e.text for e in spans)


def test_a_new_label_after_family_history_is_not_a_relatives() -> None:
    text = "FHx: father w/ MI.\nMother: breast cancer\nSedation: fentanyl 100 mcg IV given.\n"
    found = facts(text)
    assert found.conditions == []
    assert [(m.name, m.dosage.dose_value, m.dosage.dose_unit) for m in found.medications] == [
        ("fentanyl", 100.0, "ug")]
