"""Precision rules of the fact extractors: duplicates folded, contexts that are not the
patient's problems, allergies the note clears, planned procedures. Exact expectations, with
the negative case next to each rule."""
from __future__ import annotations

from datetime import date

from tools.facts import extract_facts
from tools.facts.types import NoteFacts
from tools.sections import detect_sections

NOTE_DATE = date(2025, 5, 1)


def facts(text: str) -> NoteFacts:
    return extract_facts(text, detect_sections(text), NOTE_DATE)


def condition_names(text: str) -> list[str]:
    return sorted(c.name for c in facts(text).conditions)


def allergy_substances(text: str) -> list[str]:
    return sorted(a.substance for a in facts(text).allergies if not a.no_known)


def procedure_names(text: str) -> list[str]:
    return sorted(p.name for p in facts(text).procedures)


# -- conditions: one problem, the most specific mention --------------------------------------
def test_bleed_and_its_cause_are_one_problem() -> None:
    text = "Assessment and Plan:\n1. Upper GI bleed secondary to gastric ulcer - PPI BID.\n"
    got = facts(text).conditions
    assert [(c.name, c.codings[0].code) for c in got] == [("Upper GI bleed secondary to gastric ulcer", "37372002")]


def test_bleed_and_an_unrelated_problem_stay_apart() -> None:
    text = "Assessment and Plan:\n1. Upper GI bleed - PPI BID.\n2. Gastric ulcer - biopsy pending.\n"
    assert condition_names(text) == ["Gastric ulcer", "Upper GI bleed"]


def test_generic_and_specific_cataract_fold_to_the_specific() -> None:
    text = ("Past Medical History: HTN, age-related cataract\n\n"
            "Assessment and Plan:\n1. Cataract - stable.\n")
    assert condition_names(text) == ["Age-related cataract", "Hypertension"]


def test_hypertension_and_pulmonary_hypertension_stay_apart() -> None:
    text = "Past Medical History: pulmonary hypertension\n\nAssessment and Plan:\n1. HTN - cont lisinopril.\n"
    assert condition_names(text) == ["Hypertension", "Pulmonary hypertension"]


def test_condition_word_inside_a_procedure_name_is_not_a_problem() -> None:
    text = ("Assessment and Plan:\n1. Posterior subcapsular cataract OS - visually significant. "
            "Discussed cataract extraction with IOL.\n")
    assert condition_names(text) == ["Posterior subcapsular cataract OS"]


def test_seizures_qualifying_epilepsy_are_not_a_second_problem() -> None:
    text = "Assessment:\n1. Focal epilepsy with impaired-awareness seizures, suboptimally controlled.\n"
    assert condition_names(text) == ["Focal epilepsy"]


def test_slash_separated_history_items_are_named_separately() -> None:
    assert condition_names("Past Medical History: hyperlipidemia / GERD\n") == [
        "Gastroesophageal reflux disease", "Hyperlipidemia"]


# -- conditions: contexts that are not the patient's problems --------------------------------
def test_birth_history_of_a_newborn_is_the_mothers() -> None:
    text = ("Birth hx: Male infant born via C/S for PPROM and breech to a 27 yo G1 mother.\n\n"
            "Assessment/Plan: Preterm infant with apnea of prematurity.\n")
    assert condition_names(text) == ["Apnea of prematurity", "Preterm infant"]


def test_delivery_indication_in_the_mothers_own_note_is_kept() -> None:
    text = "HPI: 31 yo G2P1 s/p primary cesarean section for breech.\n"
    assert condition_names(text) == ["Breech"]


def test_therapy_named_after_a_condition_is_not_the_condition() -> None:
    text = "Assessment and Plan:\n1. Stroke - PT/OT; aphasia therapy.\n"
    assert condition_names(text) == ["Stroke"]


def test_condition_before_plain_plan_text_is_kept() -> None:
    text = "Assessment and Plan:\n1. Aphasia - SLP evaluation.\n"
    assert condition_names(text) == ["Aphasia"]


def test_partners_condition_is_not_the_patients() -> None:
    text = "HPI: 24F seen for contraception. Azithromycin for partner's chlamydia.\n"
    assert condition_names(text) == []


def test_patients_own_chlamydia_is_kept() -> None:
    text = "Assessment and Plan:\n1. Chlamydia cervicitis - azithromycin 1 g x1.\n"
    assert condition_names(text) == ["Chlamydia cervicitis"]


def test_side_effects_counselled_are_not_conditions() -> None:
    text = "Plan: Side effects of metformin include nausea and diarrhea.\n"
    assert condition_names(text) == []


def test_trailing_possible_makes_a_differential() -> None:
    text = "Assessment and Plan:\n1. CKD stage 3b - stable.\n2. Gout, possible.\n"
    assert condition_names(text) == ["Chronic kidney disease stage 3b"]


def test_negation_does_not_name_the_next_list_item() -> None:
    text = "PMH: asthma, denies CAD but has atrial fibrillation\n"
    assert condition_names(text) == ["Asthma", "Atrial fibrillation"]


# -- allergies --------------------------------------------------------------------------------
def test_delabelled_drug_is_not_an_allergy() -> None:
    text = ("Allergies: amoxicillin (rash)\n\n"
            "Plan: Amoxicillin delabeled after negative challenge.\n")
    assert allergy_substances(text) == []


def test_challenge_negative_and_no_reaction_clear_the_drug() -> None:
    text = ("Allergies: amoxicillin (rash); sulfa (hives)\n\n"
            "Results: Oral amoxicillin challenge negative.\n")
    assert allergy_substances(text) == ["sulfa"]


def test_tolerated_clears_only_the_drug_it_names() -> None:
    text = "HPI: Allergic to penicillin (hives), tolerated cefazolin 2 g IV.\n"
    assert allergy_substances(text) == ["penicillin"]


def test_tolerating_food_does_not_clear_a_later_drug() -> None:
    text = "HPI: Tolerating PO, allergic to penicillin (hives).\n"
    assert allergy_substances(text) == ["penicillin"]


def test_relatives_allergy_is_not_the_patients() -> None:
    assert allergy_substances("HPI: Mother is allergic to sulfa.\n") == []


def test_relative_as_informant_keeps_the_allergy() -> None:
    assert allergy_substances("HPI: Mother reports he is allergic to shellfish.\n") == ["shellfish"]


def test_counselled_side_effects_are_not_intolerances() -> None:
    text = "Plan: Discussed side effects of metformin: nausea, diarrhea.\n"
    assert allergy_substances(text) == []


def test_drug_being_started_with_expected_effects_is_no_allergy() -> None:
    assert allergy_substances("Plan: Start metformin - nausea, diarrhea possible.\n") == []


def test_drug_then_reaction_history_is_still_an_allergy() -> None:
    assert allergy_substances("HPI: remote codeine - nausea in 2010.\n") == ["codeine"]


def test_nkda_still_recorded_with_clearing_statements() -> None:
    got = facts("Allergies: NKDA\n\nHPI: tolerated cefazolin.\n").allergies
    assert [(a.substance, a.no_known) for a in got] == [("no known drug allergy", True)]


# -- procedures -------------------------------------------------------------------------------
def test_scheduled_and_planned_procedures_are_not_performed() -> None:
    text = ("Plan:\n- Colonoscopy scheduled 06/12/2025.\n- EGD 05/20/2025 planned for varices.\n"
            "- If symptoms persist, consider MRI brain.\n- Knee arthroscopy recommended.\n")
    assert procedure_names(text) == []


def test_dated_past_procedure_is_performed() -> None:
    got = facts("HPI: Colonoscopy 03/2020 normal. Echo 04/28/2025: EF 55%.\n").procedures
    assert sorted((p.name, p.performed) for p in got) == [("Colonoscopy", "2020-03"),
                                                          ("Echocardiography", "2025-04-28")]


def test_vaccine_given_is_performed() -> None:
    assert procedure_names("Assessment and Plan:\n- Tdap given (last >10 yrs).\n") == ["Tdap vaccination"]


def test_a_sentence_about_the_allergy_record_is_not_an_allergen() -> None:
    from datetime import date

    from tools.facts import extract_facts
    from tools.sections import detect_sections

    text = (
        "NURSING ADMISSION\n\nAllergies: Codeine (nausea/vomiting); latex (rash). Red allergy band applied.\n"
        "Allergies verified with patient.\n"
    )
    facts = extract_facts(text, detect_sections(text), date(2025, 6, 17))
    assert sorted(a.substance.lower() for a in facts.allergies) == ["codeine", "latex"]
