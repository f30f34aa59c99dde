"""The scorer behind ``tigerbridge eval``: every reported figure comes from here."""
from __future__ import annotations

from tools.evaluation.matching import name_matches, norm
from tools.evaluation.scoring import score_note, total

TEXT = "SOB x 3 days. HTN. Lisinopril 10 mg PO daily."


def _bundle(*resources: dict) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": r} for r in resources]}


def _condition(text: str, code: str | None = None) -> dict:
    concept = {"text": text}
    if code:
        concept["coding"] = [{"system": "http://snomed.info/sct", "code": code}]
    return {"resourceType": "Condition", "code": concept}


def test_norm_treats_hyphens_and_case_alike() -> None:
    assert norm("Budesonide-Formoterol") == norm("budesonide formoterol")


def test_short_names_must_match_exactly() -> None:
    assert not name_matches(["mi"], ["family history of mi in father"])
    assert name_matches(["pneumonia"], ["community acquired pneumonia"])


def test_abbreviation_needs_every_occurrence_right() -> None:
    gold = {"abbreviations": [{"text": "SOB", "expansions": ["shortness of breath"]}]}
    right = {"abbreviations": [{"text": "SOB", "expansion": "shortness of breath", "start": 0, "end": 3}]}
    wrong = {"abbreviations": right["abbreviations"] + [{"text": "SOB", "expansion": "side of bed",
                                                          "start": 0, "end": 3}]}
    assert score_note("n", TEXT, gold, right).metrics["abbreviation_accuracy"].hits == 1
    assert score_note("n", TEXT, gold, wrong).metrics["abbreviation_accuracy"].hits == 0


def test_temporal_detection_and_normalisation_are_separate() -> None:
    gold = {"temporal": [{"text": "3 days", "type": "DURATION", "value": "P3D"}]}
    off = {"temporal": [{"text": "3 days", "type": "DURATION", "value": "P3W", "start": 6, "end": 12}]}
    metrics = score_note("n", TEXT, gold, off).metrics
    assert (metrics["temporal_detection"].hits, metrics["temporal_normalisation"].hits) == (1, 0)


def test_temporal_alternatives_are_accepted() -> None:
    gold = {"temporal": [{"text": "3 days", "type": "DURATION", "value": "P2D/P3D"}]}
    out = {"temporal": [{"text": "3 days", "type": "DURATION", "value": "P3D", "start": 6, "end": 12}]}
    assert score_note("n", TEXT, gold, out).metrics["temporal_normalisation"].hits == 1


def test_conditions_match_by_code_or_name_one_to_one() -> None:
    gold = {"conditions": [{"names": ["hypertension"], "snomed": "38341003"}, {"names": ["asthma"]}]}
    out = {"bundle": _bundle(_condition("HTN", "38341003"), _condition("HTN", "38341003"))}
    metrics = score_note("n", TEXT, gold, out).metrics
    assert (metrics["condition_recall"].hits, metrics["condition_recall"].total) == (1, 2)
    assert (metrics["condition_precision"].hits, metrics["condition_precision"].total) == (1, 2)


def test_medication_dose_and_frequency() -> None:
    statement = {
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": {"text": "Lisinopril"},
        "dosage": [{"text": "10 mg PO daily",
                    "doseAndRate": [{"doseQuantity": {"value": 10.0, "unit": "mg"}}]}],
    }
    gold = {"medications": [{"names": ["lisinopril"], "dose": "10 mg", "frequency": "daily"}]}
    metrics = score_note("n", TEXT, gold, {"bundle": _bundle(statement)}).metrics
    assert metrics["medication_dose"].hits == 1 and metrics["medication_frequency"].hits == 1
    gold["medications"][0]["dose"] = "20 mg"
    assert score_note("n", TEXT, gold, {"bundle": _bundle(statement)}).metrics["medication_dose"].hits == 0


def test_no_known_allergy_must_be_explicit() -> None:
    gold = {"allergies": [], "no_known_allergies": True}
    nka = {"resourceType": "AllergyIntolerance",
           "code": {"coding": [{"system": "http://snomed.info/sct", "code": "716186003"}]}}
    assert score_note("n", TEXT, gold, {"bundle": _bundle(nka)}).metrics["no_known_allergy"].hits == 1
    assert score_note("n", TEXT, gold, {"bundle": _bundle()}).metrics["no_known_allergy"].hits == 0


def test_totals_are_micro_averages() -> None:
    gold = {"conditions": [{"names": ["asthma"]}]}
    hit = score_note("a", TEXT, gold, {"bundle": _bundle(_condition("asthma"))})
    miss = score_note("b", TEXT, {"conditions": [{"names": ["copd"]}, {"names": ["gout"]}]}, {"bundle": _bundle()})
    recall = total([hit, miss])["condition_recall"]
    assert (recall.hits, recall.total) == (1, 3)


def test_frequency_stated_only_in_structured_timing_is_credited() -> None:
    statement = {
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": {"text": "albuterol"},
        "dosage": [{"text": "2 puffs q4h", "timing": {"repeat": {"frequency": 1, "period": 4, "periodUnit": "h"}}}],
    }
    gold = {"medications": [{"names": ["albuterol"], "frequency": "4 hours"}]}
    assert score_note("n", TEXT, gold, {"bundle": _bundle(statement)}).metrics["medication_frequency"].hits == 1
    statement["dosage"][0]["timing"]["repeat"]["period"] = 6
    assert score_note("n", TEXT, gold, {"bundle": _bundle(statement)}).metrics["medication_frequency"].hits == 0


def test_norm_ignores_spaces_around_slashes() -> None:
    assert norm("Piperacillin / Tazobactam") == norm("piperacillin/tazobactam")
