"""Encounter class, period and disposition inferred from a note."""
from __future__ import annotations

from datetime import date

from tools.encounter import disposition_code, encounter_class, infer_encounter
from tools.sections import detect_sections
from tools.temporal import extract_temporal


def _infer(text: str, when: date, kind: str | None = None):
    return infer_encounter(text, when, detect_sections(text), extract_temporal(text, when), note_kind=kind)


def test_title_words_decide_the_class() -> None:
    assert encounter_class("ED PROVIDER NOTE\nCC: fall") == "EMER"
    assert encounter_class("DISCHARGE SUMMARY\nAdmission Date: 3/1/2025") == "IMP"
    assert encounter_class("Video visit - follow-up\nHTN") == "VR"
    assert encounter_class("Dermatology Clinic\nS: rash") == "AMB"


def test_an_admission_note_mentioning_the_ed_is_inpatient() -> None:
    assert encounter_class("ADMISSION H&P\nHPI: presented to the ED with cough") == "IMP"


def test_a_given_note_kind_wins_over_the_text() -> None:
    assert encounter_class("Clinic follow-up", note_kind="Emergency department note") == "EMER"


def test_body_cues_decide_when_the_title_is_silent() -> None:
    assert encounter_class("ID CONSULT\nHPI: admitted 12/14 with bacteremia, day 4 of cefazolin") == "IMP"
    assert encounter_class("Note\nReturn to clinic in 3 months") == "AMB"


def test_inpatient_period_uses_the_stated_admission_and_discharge() -> None:
    text = "DISCHARGE SUMMARY\nAdmission Date: 03/01/2025\nDischarge Date: 03/05/2025\nDisposition: home with home health\n"
    info = _infer(text, date(2025, 3, 5))
    assert (info.class_code, info.start, info.end) == ("IMP", "2025-03-01", "2025-03-05")
    assert (info.disposition.code, info.disposition.text) == ("home", "home with home health")


def test_hospital_day_implies_the_admission_date() -> None:
    info = _infer("HOSPITALIST PROGRESS NOTE - HD#3\nS: feels better\n", date(2025, 10, 30))
    assert (info.class_code, info.start, info.end) == ("IMP", "2025-10-28", None)


def test_clinic_visit_is_the_note_date_with_its_chief_complaint() -> None:
    info = _infer("CARDIOLOGY CLINIC\nCC: palpitations\nHPI: 2 weeks of palpitations.\n", date(2025, 5, 12))
    assert (info.class_code, info.start, info.reason) == ("AMB", "2025-05-12", "palpitations")


def test_disposition_phrases_map_to_codes_only_when_plain() -> None:
    assert disposition_code("SNF") == "snf"
    assert disposition_code("home with hospice") == "hosp"
    assert disposition_code("against medical advice") == "aadvice"
    assert disposition_code("LTAC") == "other-hcf"
    assert disposition_code("to be determined") is None
