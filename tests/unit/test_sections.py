"""Section detection on the header styles real notes use."""
from __future__ import annotations

import pytest

from tools.annotations import Section
from tools.sections import detect_sections, section_at
from tools.sections._table import CANONICAL, LOOKUP, SYNONYMS, normalise_header


def _titles(text: str) -> list[tuple[str, str | None, str]]:
    return [(s.title, s.code, s.header) for s in detect_sections(text)]


def test_inline_headers_have_spans_and_bodies() -> None:
    text = "CC: cough\nHPI: 58 yo F with fever.\n"
    assert detect_sections(text) == [
        Section(title="chief complaint", code="10154-3", start=0, end=9, header="CC", body_start=4),
        Section(
            title="history of present illness", code="10164-2", start=10, end=34, header="HPI", body_start=15
        ),
    ]


def test_all_caps_header_on_own_line() -> None:
    text = "HISTORY OF PRESENT ILLNESS:\nFever.\n\nASSESSMENT AND PLAN\n1. Pneumonia\n"
    sections = detect_sections(text)
    assert [(s.title, s.code, s.start, s.body_start, s.end) for s in sections] == [
        ("history of present illness", "10164-2", 0, 28, 34),
        ("assessment and plan", "51847-2", 36, 56, 68),
    ]
    assert sections[1].header == "ASSESSMENT AND PLAN"


@pytest.mark.parametrize(
    ("header", "title", "code"),
    [
        ("S:", "subjective", "61150-9"),
        ("O:", "objective", "61149-1"),
        ("A:", "assessment", "51848-0"),
        ("P:", "plan", "18776-5"),
        ("A/P:", "assessment and plan", "51847-2"),
        ("Assessment & Plan:", "assessment and plan", "51847-2"),
        ("Impression/Plan:", "assessment and plan", "51847-2"),
        ("Impression:", "impression", None),
        ("MDM:", "assessment", "51848-0"),
        ("Reason for consult:", "chief complaint", "10154-3"),
        ("History:", "history of present illness", "10164-2"),
        ("Current Outpatient Medications:", "medications", "10160-0"),
        ("Discharge Medications:", "discharge medications", "10183-2"),
        ("Vitals:", "vital signs", "8716-3"),
        ("Review of Systems:", "review of systems", "10187-3"),
        ("Physical Exam:", "physical exam", "29545-1"),
        ("Exam:", "physical exam", "29545-1"),
        ("PE:", "physical exam", "29545-1"),
        ("Labs:", "results", "30954-2"),
        ("CXR:", "imaging", "30954-2"),
        ("Allergies:", "allergies", "48765-2"),
        ("PSH:", "past surgical history", "47519-4"),
        ("FH:", "family history", "10157-6"),
        ("Social History:", "social history", "29762-2"),
        ("Hospital Course:", "hospital course", "8648-8"),
        ("Discharge Instructions:", "discharge instructions", "8653-8"),
        ("Problem List:", "problem list", "11450-4"),
        ("Immunizations:", "immunizations", "11369-6"),
        ("Preoperative Diagnosis:", "diagnoses", "10219-4"),
        ("Postoperative Diagnosis:", "diagnoses", "10218-6"),
        ("Discharge Diagnoses:", "diagnoses", "11535-2"),
        ("Diagnosis:", "diagnoses", None),
        ("Interval History:", "history of present illness", "10164-2"),
        ("Reason:", "chief complaint", "10154-3"),
        ("Other meds:", "medications", "10160-0"),
        ("Recent labs 11/20/2025:", "results", "30954-2"),
        ("Meds PTA:", "medications", "10160-0"),
        ("Plan/Handoff:", "plan", "18776-5"),
        ("Skin/wound exam:", "physical exam", "29545-1"),
        ("Surgical/anesthesia hx:", "past surgical history", "47519-4"),
        ("Findings:", "findings", "59776-5"),
        ("Follow-up:", "follow-up", "18776-5"),
        ("Disposition:", "plan", "18776-5"),
    ],
)
def test_header_table(header: str, title: str, code: str | None) -> None:
    text = f"{header} something here\n"
    assert _titles(text) == [(title, code, header[:-1])]


def test_soap_letter_before_a_number_is_a_header_except_the_pulse() -> None:
    assert [s.title for s in detect_sections("S: 61 yo M with psoriasis\nA: stable\n")] == ["subjective", "assessment"]


def test_soap_letters_on_their_own_lines() -> None:
    text = "S:\nFeels better.\nO:\nT 37.0\nA:\nImproving.\nP:\nHome.\n"
    assert [s.title for s in detect_sections(text)] == ["subjective", "objective", "assessment", "plan"]


def test_pulse_label_is_not_the_plan() -> None:
    assert detect_sections("Vitals:\nT: 98.6\nP: 72\nBP 120/80\n")[0].title == "vital signs"
    assert len(detect_sections("Vitals:\nT: 98.6\nP: 72\nBP 120/80\n")) == 1


def test_problem_items_stay_inside_assessment_and_plan() -> None:
    text = (
        "A/P:\n# Pneumonia\n- ceftriaxone\n1. Asthma - cont albuterol\nDVT ppx: enoxaparin\n"
        "Labs: repeat BMP in AM\nDispo: home\n"
    )
    sections = detect_sections(text)
    assert [(s.title, s.start, s.end) for s in sections] == [("assessment and plan", 0, len(text) - 1)]


def test_follow_up_after_the_plan_is_its_own_section() -> None:
    text = "A/P:\n1. HTN - cont lisinopril\nFollow-up: 6 months\n"
    assert [s.title for s in detect_sections(text)] == ["assessment and plan", "follow-up"]


def test_document_title_is_not_a_section() -> None:
    text = "ADMISSION H&P\n\nCC: cough\n"
    assert _titles(text) == [("chief complaint", "10154-3", "CC")]


def test_unknown_all_caps_colon_header_is_a_section_without_code() -> None:
    text = "HPI: cough\nCODE STATUS:\nFull code\n"
    assert _titles(text) == [
        ("history of present illness", "10164-2", "HPI"),
        ("code status", None, "CODE STATUS"),
    ]


def test_colon_label_is_not_a_header() -> None:
    assert detect_sections("Echo 05/01/2025: LVEF 55%\nTSH: 1.8\n") == []


def test_qualified_header_names_its_section() -> None:
    assert _titles("Labs on admission: WBC 12\n") == [("results", "30954-2", "Labs on admission")]
    assert _titles("Vitals (last 24h): T 37\n") == [("vital signs", "8716-3", "Vitals (last 24h)")]
    assert detect_sections("Social worker: spoke to family\n") == []


def test_header_with_empty_body() -> None:
    text = "Allergies:\nPlan:\nHome"
    sections = detect_sections(text)
    assert sections[0] == Section(title="allergies", code="48765-2", start=0, end=10, header="Allergies", body_start=10)
    assert sections[1].body_start == 17


def test_section_at() -> None:
    text = "Intro\nCC: cough\nHPI: fever\n"
    sections = detect_sections(text)
    assert section_at(sections, 0) is None
    assert section_at(sections, text.index("cough")).title == "chief complaint"
    assert section_at(sections, text.index("fever")).title == "history of present illness"


def test_normalisation_folds_joiners() -> None:
    keys = {normalise_header(h) for h in ("Assessment and Plan", "ASSESSMENT & PLAN", "Assessment/Plan:")}
    assert keys == {"assessment plan"}


def test_table_is_consistent() -> None:
    assert set(SYNONYMS) <= set(CANONICAL)
    spellings = [normalise_header(s) for values in SYNONYMS.values() for s in values]
    assert len(spellings) == len(set(spellings)) == len(LOOKUP)
