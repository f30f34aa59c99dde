"""Recall rules of the condition extractor: places where a clinician states the patient's
problems that a plain lexicon pass misses. Exact expectations, each with the negative case
that keeps the rule from costing precision."""
from __future__ import annotations

from datetime import date

from tools.facts import extract_facts
from tools.facts.types import ConditionFact
from tools.sections import detect_sections

NOTE_DATE = date(2025, 5, 1)


def conditions(text: str) -> list[ConditionFact]:
    return extract_facts(text, detect_sections(text), NOTE_DATE).conditions


def names(text: str) -> list[str]:
    return sorted(c.name for c in conditions(text))


def coded(text: str) -> list[tuple[str, str | None]]:
    return sorted((c.name, c.codings[0].code if c.codings else None) for c in conditions(text))


# -- social history: substance use disorders, current smoking --------------------------------
def test_social_history_substance_use_disorder_and_current_smoker() -> None:
    text = "Social History: Current smoker, 1 ppd. Alcohol use disorder, in early remission.\n"
    assert names(text) == ["Alcohol use disorder", "Current smoker"]
    assert {c.category for c in conditions(text)} == {"problem-list-item"}


def test_social_history_former_smoker_is_not_a_problem() -> None:
    # the gold convention: "SHx: former smoker, quit 2015" is history, not a listed problem
    assert names("Social History: Former smoker, quit 2001. Drinks rarely.\n") == []


def test_social_history_denied_use_is_nothing() -> None:
    assert names("Social History: never smoker, no alcohol use disorder, no drugs.\n") == []


# -- wound exams -----------------------------------------------------------------------------
def test_wound_exam_names_pressure_injuries_with_their_site() -> None:
    text = ("Physical Exam:\nWOUND #1: Sacrum/coccyx - Stage 3 pressure injury, hospital-acquired\n"
            "WOUND #2: Right heel - deep tissue pressure injury (DTPI)\n")
    assert coded(text) == [("Deep tissue pressure injury of right heel", "L89.96"),
                           ("Stage 3 pressure injury of sacrum/coccyx", "L89.93")]


def test_wound_in_narrative_needs_no_history_cue() -> None:
    text = "History: 84 yo woman bedbound. Stage 3 pressure injury of sacrum measuring 4 x 3 cm.\n"
    assert names(text) == ["Stage 3 pressure injury of sacrum"]


def test_exam_findings_that_are_not_wounds_stay_findings() -> None:
    assert names("Physical Exam:\nLungs: crackles. 2+ edema. Abdomen: ascites.\n") == []
    assert names("Physical Exam:\nSkin: no pressure injury. Heels intact.\n") == []


# -- longest name, ambiguous abbreviations in assessment prose --------------------------------
def test_longer_syndrome_name_is_not_the_shorter_symptom() -> None:
    text = "Assessment: 30 wk preterm female infant with respiratory distress syndrome requiring CPAP.\n"
    assert coded(text) == [("Preterm infant", "395507008"), ("Respiratory distress syndrome", None)]


def test_shorter_symptom_alone_is_still_that_symptom() -> None:
    text = "Assessment and Plan:\n1. Respiratory distress - on CPAP.\n"
    assert [c.codings[0].code for c in conditions(text)] == ["271825005"]


def test_ambiguous_abbreviation_after_with_in_assessment_prose() -> None:
    text = "Assessment/Plan: Ex-28 3/7 wk preterm male infant, now DOL 9, with RDS on CPAP.\n- Cont CPAP +6\n"
    assert coded(text) == [("Former preterm infant", "395507008"),
                           ("Respiratory distress syndrome of newborn", "46775006")]


def test_ambiguous_abbreviation_as_room_air_stays_out() -> None:
    assert names("Assessment: 70 yo M with CAP, sats 91% on RA.\n") == ["Community acquired pneumonia"]


def test_preemie_in_history_and_relative_prematurity() -> None:
    assert coded("PMH: ex-28 wk preemie (NICU stay 10 wk).\n") == [("Former preterm infant", "395507008")]
    assert names("Family History: brother was a premature infant.\n") == []


# -- assessment items ------------------------------------------------------------------------
def test_adverse_effect_item_is_a_diagnosis() -> None:
    text = ("Assessment and Plan:\n1. Focal epilepsy - increase levetiracetam.\n"
            "2. Mild behavioral side effect of levetiracetam.\n")
    assert names(text) == ["Adverse effect of levetiracetam", "Focal epilepsy"]


def test_side_effect_counselling_is_not_a_diagnosis() -> None:
    assert names("Plan: Discussed side effects of levetiracetam including irritability.\n") == []


def test_plural_item_heads_find_their_concept() -> None:
    text = "Assessment and Plan:\n# Anxieties: cont home sertraline\n# Pulmonary nodules - CT in 6 months\n"
    assert coded(text) == [("Anxiety disorder", "197480006"), ("Pulmonary nodules", "R91.1")]


def test_scores_and_well_visits_are_not_problems() -> None:
    assert names("Past Medical History: Alcoholic cirrhosis (dx 2020), Child-Pugh B\n") == ["Alcoholic cirrhosis"]
    text = "Assessment and Plan:\n1) Well child - vaccines up to date\n2) ADHD - continue\n"
    assert names(text) == ["Attention deficit hyperactivity disorder"]


def test_cause_stated_on_its_own_stays_a_problem() -> None:
    text = ("S: 38 yo here for AUB. Known history of uterine fibroids.\n\n"
            "A/P:\n1. Abnormal uterine bleeding due to fibroids - TVUS\n")
    assert names(text) == ["Abnormal uterine bleeding due to fibroids", "Uterine fibroids"]
    assert names("A/P:\n1. Abnormal uterine bleeding due to fibroids - TVUS\n") == [
        "Abnormal uterine bleeding due to fibroids"]


# -- narrative introductions -----------------------------------------------------------------
def test_age_and_sex_shorthand_introduces_history() -> None:
    text = "Hospital Course: 55M w/ ESRD on HD, DM1 c/b gastroparesis, presented with K 7.1.\n"
    assert names(text) == ["ESRD on HD", "Gastroparesis", "Type 1 diabetes mellitus"]
    assert names("Hospital Course: Walked 100 m with dyspnea and fatigue.\n") == []


def test_denied_history_is_negated() -> None:
    assert names("HPI: 52 yo woman with migraine. She denies any history of seizures.\n") == ["Migraine"]
    assert names("HPI: 52 yo woman with migraine, no prior history of stroke.\n") == ["Migraine"]
    assert names("HPI: 52 yo woman with migraine and a history of seizures.\n") == ["Migraine", "Seizures"]


def test_plan_lines_are_not_text_only_problems_but_unknown_diagnoses_are() -> None:
    from datetime import date

    from tools.facts import extract_facts
    from tools.sections import detect_sections

    text = (
        "PEDIATRIC SICK VISIT\n\nA/P:\n1. Push fluids\n2. Uses emollients nightly\n3. Next visit due in 6 mo\n"
        "4. Frobnitz syndrome\n5. Zonular dehiscence\n"
    )
    names = [c.name.lower() for c in extract_facts(text, detect_sections(text), date(2025, 10, 27)).conditions]
    assert not any(w in " ".join(names) for w in ("fluids", "emollients", "visit"))
    assert "frobnitz syndrome" in names


# -- same problem, other wording: one concept, one code ---------------------------------------
def codes(text: str) -> list[tuple[str, list[str], str]]:
    return sorted((c.name, [x.code for x in c.codings], c.clinical_status) for c in conditions(text))


def test_disorder_written_d_o_and_roman_stage() -> None:
    text = "Problem list:\n- etoh use d/o\n- CKD stage IIIa\n- seizure d/o\n"
    assert codes(text) == [
        ("Alcohol use disorder", [], "active"),
        ("CKD stage IIIa", ["700378005", "N18.31"], "active"),
        ("Epilepsy", ["84757009", "G40.909"], "active"),
    ]
    # "stage IIIa" only counts as a CKD stage next to CKD
    assert [n for n, _, _ in codes("Problem list:\n- stage IIIa lung cancer\n")] == ["stage IIIa lung cancer"]


def test_use_disorder_severity_is_coded_by_its_icd10cm_inclusion_term() -> None:
    assert coded("PMH: severe alcohol use disorder, mild opioid use disorder.\n") == [
        ("Mild opioid use disorder", "F11.10"), ("Severe alcohol use disorder", "F10.20")]
    # unspecified severity has no single ICD-10-CM code: text only
    assert coded("PMH: alcohol use disorder\n") == [("Alcohol use disorder", None)]


def test_laterality_abbreviation_cellulitis_shares_the_limb_code() -> None:
    text = ("Discharge Diagnoses:\n1. LLE cellulitis\n\nHospital Course: cellulitis of left lower extremity "
            "improved on cefazolin.\n")
    facts = conditions(text)
    assert len(facts) == 1 and [c.code for c in facts[0].codings] == ["128045006", "L03.116"]
    # another side is another code
    assert [c.code for c in conditions("Diagnoses:\n1. RUE cellulitis\n")[0].codings] == ["128045006", "L03.113"]


def test_hypoxic_respiratory_failure_folds_into_the_acute_form() -> None:
    text = ("Discharge Diagnoses:\n1. Acute hypoxemic respiratory failure\n\n"
            "Hospital Course: admitted with hypoxic respiratory failure requiring HFNC.\n")
    assert coded(text) == [("Acute hypoxemic respiratory failure", "65710008")]
    assert [c.code for c in conditions("PMH: hypoxic respiratory failure 2023\n")[0].codings] == ["409622000", "J96.91"]


def test_unspecified_icd_code_folds_into_its_specified_sibling() -> None:
    text = "PMH: diastolic CHF\n\nImpression:\n1. Chronic diastolic heart failure, compensated\n"
    assert coded(text) == [("Chronic diastolic heart failure", "I50.32")]
    # siblings that are not "unspecified" stay apart (hypernatremia E87.0 / hyponatremia E87.1)
    assert len(conditions("Problem list:\n- Hypernatremia\n- Hyponatremia\n")) == 2


def test_clipped_and_abbreviated_names_take_the_table_name() -> None:
    assert coded("Assessment & Plan:\n1. Scalp lac, 3 cm - repaired.\n") == [("Scalp laceration", None)]
    assert coded("PMH: ischemic CMP (EF 30%), kidney transplant failure\n") == [
        ("Ischemic CMP", "I25.5"), ("Kidney transplant failure", "T86.12")]


def test_neonatal_codes() -> None:
    assert codes("Assessment:\n#Neonatal apnea\n") == [("Neonatal apnea", ["P28.40"], "active")]
    # apnea of prematurity is the specified apnea of newborn (P28.49): one problem with it
    text = "Assessment:\n#Apnea of prematurity - on caffeine\n#Neonatal apnea\n"
    assert coded(text) == [("Apnea of prematurity", "276544005")]


# -- status: remission and a status written after the item ------------------------------------
def test_in_early_remission_is_remission_not_resolved() -> None:
    facts = conditions("Assessment/Plan:\n1. Alcohol use disorder, in early remission - continue naltrexone.\n")
    assert [(c.name, c.clinical_status) for c in facts] == [("Alcohol use disorder", "remission")]
    facts = conditions("Problem list:\n- Opioid use disorder: in sustained remission\n- Insomnia\n")
    assert sorted((c.name, c.clinical_status) for c in facts) == [
        ("Insomnia", "active"), ("Opioid use disorder", "remission")]


def test_item_status_after_a_dash() -> None:
    facts = conditions("Assessment:\n#Hyperbilirubinemia - resolved off phototherapy\n#Anemia - resolving\n")
    assert sorted((c.name, c.clinical_status) for c in facts) == [
        ("Anemia", "active"), ("Hyperbilirubinemia", "resolved")]


# -- counselling and ruled-out diagnoses are not problems -------------------------------------
def test_prenatal_counselling_is_not_a_problem() -> None:
    text = ("A/P:\nG2P1 at 22w3d.\n- Reviewed signs of preterm labor with patient.\n"
            "- Preeclampsia precautions reviewed: headache, visual changes, RUQ pain.\n"
            "- GDM screening at 24-28 weeks.\n- If gestational hypertension develops, start aspirin.\n"
            "- Warning signs of placental abruption discussed.\n- Discussed concussion warning signs.\n"
            "- Iron deficiency anemia: continue ferrous sulfate.\n")
    assert names(text) == ["Iron deficiency anemia"]


def test_counselling_cues_leave_asserted_problems_alone() -> None:
    # a sign the patient shows, and a precaution's own line, are not counselling of a listed problem
    text = "Assessment:\n1. Preterm labor - cervix 3 cm, signs of preterm labor on toco.\n2. Migraine\n"
    assert names(text) == ["Migraine", "Preterm labor"]


def test_tested_negative_and_considered_are_not_problems() -> None:
    text = ("Assessment:\n1. C. diff negative\n2. Viral gastroenteritis was considered\n"
            "3. Influenza PCR neg\n4. Cholelithiasis\n")
    assert names(text) == ["Cholelithiasis"]
