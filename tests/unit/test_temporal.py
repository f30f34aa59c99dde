"""Temporal expressions in clinical notes: what is found, and the ISO 8601 value it gets."""

from __future__ import annotations

import itertools
import json
import time
from datetime import date
from pathlib import Path

import pytest

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal import Anchors, extract_temporal, find_anchor_dates

ROOT = Path(__file__).resolve().parents[2]
#: A Sunday, so weekday arithmetic below is easy to check by hand.
DOC = date(2025, 10, 5)


def found(text: str, document_date: date = DOC, **anchors: date) -> list[tuple[str, str, str]]:
    return [(e.text, e.type.value, e.value) for e in extract_temporal(text, document_date, **anchors)]


def values(text: str, document_date: date = DOC, **anchors: date) -> dict[str, str]:
    return {e.text: e.value for e in extract_temporal(text, document_date, **anchors)}


# --- absolute dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "symptoms since 10/02/2025.",
            "10/02/2025",
        ),
        ("Vaccinated 3/14/25.", "3/14/25"),
        ("Started 2025-03-14.", "2025-03-14"),
        ("Seen Mar 3, 2025 in clinic.", "Mar 3, 2025"),
        ("Surgery on 3 March 2025.", "3 March 2025"),
        ("Lab drawn 03-Mar-2025.", "03-Mar-2025"),
        ("Seen Sept. 3, 2024 for rash.", "Sept. 3, 2024"),
    ],
)
def test_full_dates_keep_their_written_span(text: str, expected: str) -> None:
    (expression,) = extract_temporal(text, DOC)
    assert expression.type is TemporalType.DATE
    assert expression.text == expected
    assert text[expression.start : expression.end] == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("since 10/02/2025", "2025-10-02"),
        ("Vaccinated 3/14/25", "2025-03-14"),
        ("DOB 01/02/1960", "1960-01-02"),
        ("Started 2025-03-14", "2025-03-14"),
        ("Seen Mar 3, 2025", "2025-03-03"),
        ("Surgery on 3 March 2025", "2025-03-03"),
        ("Lab drawn 03-Mar-2025", "2025-03-03"),
        ("Diagnosed 3 March", "2025-03-03"),
    ],
)
def test_full_dates(text: str, value: str) -> None:
    assert [v for _, _, v in found(text)] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Flu vaccine 09/2025.", "2025-09"),
        ("Last UTI 2/2025, treated.", "2025-02"),
        ("Diagnosed in March 2024.", "2024-03"),
        ("Seen Jan. 2023.", "2023-01"),
        ("Colonoscopy Sept 2022 normal.", "2022-09"),
        ("Mammogram 2024-10 was normal.", "2024-10"),
        ("Rash since January.", "2025-01"),
        ("s/p TAH 2015.", "2015"),
        ("HTN (dx 2019).", "2019"),
        ("Quit smoking in 2010.", "2010"),
        ("Breast CA 1998 s/p lumpectomy.", "1998"),
        ("Weight gain since mid-2023.", "2023"),
        ("Screening colonoscopy due in 2031.", "2031"),
        ("Trip to Arizona in summer 2023.", "2023-SU"),
        ("s/p mechanical fall 2019.", "2019"),
    ],
)
def test_partial_dates_stay_partial(text: str, value: str) -> None:
    assert [(t, v) for _, t, v in found(text)] == [("DATE", value)]


@pytest.mark.parametrize(
    ("text", "document_date", "value"),
    [
        ("CT 03/14 showed no PE.", date(2025, 10, 5), "2025-03-14"),
        ("Last seen 12/28 by PCP.", date(2025, 1, 5), "2024-12-28"),
        ("Last seen 11/20 by PCP.", date(2025, 10, 5), "2024-11-20"),
        ("RTC 11/20 with labs.", date(2025, 10, 5), "2025-11-20"),
        ("Surgery planned 1/14.", date(2024, 12, 20), "2025-01-14"),
    ],
)
def test_year_of_a_month_and_day_comes_from_the_document_date(
    text: str, document_date: date, value: str
) -> None:
    """Past dates are read as at most a month ahead of the note; a future cue allows more."""
    assert [v for _, _, v in found(text, document_date)] == [value]


def test_bare_month_needs_a_lead_word_and_a_capital() -> None:
    assert found("Last seen in May.") == [("May", "DATE", "2025-05")]
    assert found("It may help. March forward. Dec BS at bases.") == []
    assert found("Seen by June Smith, NP.") == []


def test_date_ranges_give_two_dates() -> None:
    assert found("Admitted 10/3-10/5 for cellulitis.") == [
        ("10/3", "DATE", "2025-10-03"),
        ("10/5", "DATE", "2025-10-05"),
    ]


# --- things that only look like dates --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Vitals: BP 118/72, HR 88, RR 16.",
        "Hyponatremia likely 2/2 SIADH.",
        "Pain 4/10, now 0/10 after oxycodone.",
        "Strength 5/5 in all extremities. 2/6 systolic murmur at RUSB.",
        "Give 1/2 NS at 100 mL/h. Take 1/2 tab PO.",
        "3/4 blood cultures positive. 3/12 cores positive. 3/18 LN positive.",
        "Budesonide-formoterol 160/4.5 2 puffs inh.",
        "Pain improved to 3/10.",
        "Epigastric pain radiating to the back, 7/10 at rest. Mood 6/10. Reports 8/10 chest pain.",
        "GA at birth 28 3/7 wk.",
        "VA 20/40 OD.",
        "BiPAP 12/5 started for hypercapnia.",
    ],
)
def test_scores_fractions_and_ratios_are_not_dates(text: str) -> None:
    assert [e for e in found(text) if e[1] == "DATE"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Heparin 2000 units IV. Fluid restriction 1500 mL. Ambulated 2000 ft.",
        "EBL 2000. UOP 1950. NT-proBNP 2019.",
        "WBC 2015 on the smear.",
        "Room 2015, bed 2. Ext 2019. MRN 20191234.",
        "Call 555-201-2019 with questions.",
        "Lives at 2019 Oak Hill Rd.",
        "Cr 1.2 (baseline 0.9).",
    ],
)
def test_counts_doses_and_identifiers_are_not_years(text: str) -> None:
    assert found(text) == []


def test_the_tenth_of_a_month_is_a_date_outside_a_score() -> None:
    assert found("Vanc d/c'd 9/10 after MRSA nares negative.") == [("9/10", "DATE", "2025-09-10")]


def test_strong_date_cue_overrides_fraction_shape() -> None:
    assert found("Started metoprolol on 2/2. Rash since 3/3.") == [
        ("2/2", "DATE", "2025-02-02"),
        ("3/3", "DATE", "2025-03-03"),
    ]


# --- relative dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seen at urgent care yesterday.", ("yesterday", "2025-10-04")),
        ("Labs today.", ("today", "2025-10-05")),
        ("Plan PT tomorrow.", ("tomorrow", "2025-10-06")),
        ("Febrile last night.", ("last night", "2025-10-04")),
        ("Seen this morning.", ("this morning", "2025-10-05")),
        ("Pain started 3 days ago.", ("3 days ago", "2025-10-02")),
        ("Fell 2 weeks ago.", ("2 weeks ago", "2025-09-21")),
        ("Fell a week ago.", ("a week ago", "2025-09-28")),
        ("DVT 6 months ago.", ("6 months ago", "2025-04")),
        ("Quit 5 years ago.", ("5 years ago", "2020")),
        ("Seen last week.", ("last week", "2025-W39")),
        ("Fever last month.", ("last month", "2025-09")),
        ("Admitted last year.", ("last year", "2024")),
        ("Drank heavily last weekend.", ("last weekend", "2025-W39-WE")),
    ],
)
def test_relative_dates_resolve_against_the_document_date(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, _, v in found(text)] == [expected]


def test_last_week_after_a_span_word_is_a_duration() -> None:
    assert found("Weight loss over the last week.") == [("last week", "DURATION", "P1W")]
    assert found("Tired for the past month.") == [("past month", "DURATION", "P1M")]


def test_hours_ago_stays_a_duration() -> None:
    assert found("Last drink 12 hrs ago.") == [("12 hrs", "DURATION", "PT12H")]


def test_time_since_an_operation_is_a_duration_but_a_day_after_it_is_a_date() -> None:
    text = "s/p lap appendectomy 09/21/2025, now 2 weeks post-op. Fever 3 days after surgery."
    assert found(text) == [
        ("09/21/2025", "DATE", "2025-09-21"),
        ("2 weeks", "DURATION", "P2W"),
        ("3 days after surgery", "DATE", "2025-09-24"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seen on Monday in clinic.", ("Monday", "2025-09-29")),
        ("F/u Monday with PCP.", ("Monday", "2025-10-06")),
        ("Dispo: likely home Wednesday.", ("Wednesday", "2025-10-08")),
        ("Appointment next Tuesday.", ("next Tuesday", "2025-10-07")),
        ("Binge on Sat after an argument.", ("Sat", "2025-10-04")),
        ("Clinic visit Monday, October 6, 2025.", ("Monday, October 6, 2025", "2025-10-06")),
    ],
)
def test_weekdays(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, _, v in found(text)] == [expected]


def test_weekday_abbreviations_need_a_lead_word() -> None:
    assert found("Sat 92% on RA. Sun exposure.") == []


# --- anchors: admission, operation, birth ----------------------------------------------


def test_stated_admission_date_anchors_hospital_days() -> None:
    text = "Admission Date: 10/01/2025\nNow HD#3, afebrile. On hospital day 2 she had a fever."
    assert find_anchor_dates(text, DOC).admission == date(2025, 10, 1)
    assert values(text) == {"10/01/2025": "2025-10-01", "HD#3": "2025-10-03", "hospital day 2": "2025-10-02"}


def test_admit_header_anchors_hospital_days() -> None:
    text = "Admit: 09/28/2025   Discharge: 10/03/2025\nNarrowed to ceftriaxone on HD#3."
    assert find_anchor_dates(text, DOC) == Anchors(admission=date(2025, 9, 28), discharge=date(2025, 10, 3))
    assert values(text)["HD#3"] == "2025-09-30"


def test_admitted_on_is_an_admission_date() -> None:
    assert find_anchor_dates("Pt was admitted on 10/2 with sepsis.", DOC).admission == date(2025, 10, 2)


def test_procedure_date_next_to_the_procedure_anchors_post_op_days() -> None:
    text = "POD 2 s/p lap chole 10/3. Tolerating diet."
    assert find_anchor_dates(text, DOC).operation == date(2025, 10, 3)
    assert values(text)["POD 2"] == "2025-10-05"


def test_the_operation_date_is_the_one_written_by_the_operation() -> None:
    text = "POD 3 s/p R hemicolectomy (10/2). Apixaban held since 9/30 for surgery, resumed 10/3."
    assert find_anchor_dates(text, DOC).operation == date(2025, 10, 2)
    assert values(text)["POD 3"] == "2025-10-05"
    assert find_anchor_dates(text.replace("POD 3 ", ""), DOC).operation == date(2025, 10, 2)


def test_labelled_operation_date() -> None:
    text = "Date of surgery: 09/30/2025\nPostoperative day #4, ambulating."
    assert find_anchor_dates(text, DOC).operation == date(2025, 9, 30)
    assert values(text)["Postoperative day #4"] == "2025-10-04"


def test_without_a_stated_anchor_the_highest_day_count_is_the_document_date() -> None:
    anchors = find_anchor_dates("Progress note - HD#4 / POD#2. On HD#2 pt spiked.", DOC)
    assert anchors == Anchors(admission=date(2025, 10, 2), operation=date(2025, 10, 3))
    assert values("Progress note - HD#4 / POD#2. On HD#2 pt spiked.") == {
        "HD#4": "2025-10-05",
        "POD#2": "2025-10-05",
        "HD#2": "2025-10-03",
    }


def test_caller_anchors_override_the_note() -> None:
    text = "HD 3, POD 1."
    assert values(text, admission_date=date(2025, 9, 1), operation_date=date(2025, 9, 2)) == {
        "HD 3": "2025-09-03",
        "POD 1": "2025-09-03",
    }


def test_prior_to_admission_counts_from_the_admission() -> None:
    text = "DATE OF ADMISSION: November 28, 2025\nMelena beginning 5 days prior to admission."
    assert values(text, date(2025, 12, 1)) == {
        "November 28, 2025": "2025-11-28",
        "5 days prior to admission": "2025-11-23",
    }


def test_prior_to_admission_without_a_stated_admission_counts_from_the_note() -> None:
    assert found("Fever 5 days PTA.") == [("5 days PTA", "DATE", "2025-09-30")]


def test_event_days() -> None:
    text = (
        "Admission Date: 10/01/2025. Lightheaded on the day of admission; "
        "lisinopril restarted on the day of discharge."
    )
    assert values(text) == {
        "10/01/2025": "2025-10-01",
        "the day of admission": "2025-10-01",
        "the day of discharge": "2025-10-05",
    }


def test_day_of_surgery_abbreviation_uses_the_planned_operation() -> None:
    text = "Surgery date: 10/12/2025\nHold metformin on DOS. NPO after midnight."
    assert values(text) == {"10/12/2025": "2025-10-12", "DOS": "2025-10-12", "midnight": "2025-10-12T00:00"}


def test_days_of_life_count_from_birth() -> None:
    text = "Born 09/26/2025. Now DOL 9. HUS 10/3 (DOL 7) normal."
    assert find_anchor_dates(text, DOC).birth == date(2025, 9, 26)
    assert values(text)["DOL 9"] == "2025-10-05"
    assert values(text)["DOL 7"] == "2025-10-03"


def test_treatment_days() -> None:
    assert values("Vanc day 4 (started 10/2).") == {"day 4": "2025-10-05", "10/2": "2025-10-02"}
    assert values("Today: C3D1. RTC for C4D1 (10/19/2025).") == {
        "Today": "2025-10-05",
        "C3D1": "2025-10-05",
        "C4D1": "2025-10-19",
        "10/19/2025": "2025-10-19",
    }
    assert found("On day 5 she developed a rash. Day 1: take 2 tablets.") == []


# --- clock times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At 14:30 pt was found down.", ("14:30", "2025-10-05T14:30")),
        ("Ceftriaxone given at 0630.", ("0630", "2025-10-05T06:30")),
        ("Seen @ 2200.", ("2200", "2025-10-05T22:00")),
        ("Fell ~0630 today.", ("0630", "2025-10-05T06:30")),
        ("Dressing changed 0630h.", ("0630h", "2025-10-05T06:30")),
        ("Woke at 3 pm.", ("3 pm", "2025-10-05T15:00")),
        ("Started at 3:15 PM.", ("3:15 PM", "2025-10-05T15:15")),
        ("Tenecteplase given at 1912.", ("1912", "2025-10-05T19:12")),
    ],
)
def test_clock_times_are_on_the_document_date(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, kind, v in found(text) if kind == "TIME"] == [expected]


def test_leading_zero_and_parenthesised_numbers_are_times() -> None:
    assert values("Cath lab activated 0324. Troponin 0.8 (1330).") == {
        "0324": "2025-10-05T03:24",
        "1330": "2025-10-05T13:30",
    }
    assert found("Patient moved to room 0324.") == []


def test_year_ranges_are_not_time_ranges() -> None:
    assert found("On HCQ 2019-2022.") == [("2019", "DATE", "2019"), ("2022", "DATE", "2022")]


def test_procedure_log_labels_make_times() -> None:
    assert [t for t, kind, _ in found("Start 0812, incision 0830, close 0927.") if kind == "TIME"] == [
        "0812",
        "0830",
        "0927",
    ]
    assert found("Started 2015 on insulin.") == [("2015", "DATE", "2015")]


def test_a_time_takes_the_date_written_next_to_it() -> None:
    assert found("Last apixaban dose 10/3 at 21:00.") == [
        ("10/3", "DATE", "2025-10-03"),
        ("21:00", "TIME", "2025-10-03T21:00"),
    ]
    assert values("Chest pain yesterday at 3 pm.") == {"yesterday": "2025-10-04", "3 pm": "2025-10-04T15:00"}


def test_a_story_keeps_its_date_and_rolls_over_midnight() -> None:
    text = "LKW 10/04/2025 at 1730. Arrived in ED at 1840. AF with RVR on telemetry at 0215."
    assert values(text) == {
        "10/04/2025": "2025-10-04",
        "1730": "2025-10-04T17:30",
        "1840": "2025-10-04T18:40",
        "0215": "2025-10-05T02:15",
    }


def test_iso_timestamp_is_one_time() -> None:
    assert found("DATE OF EXAM: 2025-06-17 14:52") == [("2025-06-17 14:52", "TIME", "2025-06-17T14:52")]


def test_shift_log_times_heading_lines() -> None:
    """A year-like "2000" heads a line as a time only in a note that logs times that way."""
    text = "Day shift 0700-1900\n0800  T 37.2  HR 88\n1200 Ate lunch.\n2000 Resting comfortably.\n"
    assert [(t, v) for t, kind, v in found(text) if kind == "TIME"] == [
        ("0700", "2025-10-05T07:00"),
        ("1900", "2025-10-05T19:00"),
        ("0800", "2025-10-05T08:00"),
        ("1200", "2025-10-05T12:00"),
        ("2000", "2025-10-05T20:00"),
    ]
    assert found("Problem list:\n2015 Hip fracture.") == [("2015", "DATE", "2015")]


def test_an_overnight_shift_log_dates_its_times_across_midnight() -> None:
    text = (
        "Cross-cover log | 11/13/2025 1900 -> 11/14/2025 0700\n"
        "74M, HD#3 for cellulitis (adm 11/11).\n\n"
        "2215 paged for hypotension. Held 2200 carvedilol. 2300 BP 104/62.\n"
        "0140 new confusion; glargine given 2100. HTN since 2019.\n"
    )
    assert values(text, date(2025, 11, 14)) == {
        "11/13/2025": "2025-11-13",
        "1900": "2025-11-13T19:00",
        "11/14/2025": "2025-11-14",
        "0700": "2025-11-14T07:00",
        "HD#3": "2025-11-13",
        "11/11": "2025-11-11",
        "2215": "2025-11-13T22:15",
        "2200": "2025-11-13T22:00",
        "2300": "2025-11-13T23:00",
        "0140": "2025-11-14T01:40",
        "2100": "2025-11-13T21:00",
        "2019": "2019",
    }


@pytest.mark.parametrize(
    "text",
    [
        "ANA positive 1:160, titer 1:40. Sitter 1:1.",
        "Given 1000 mg at home. Fluids at 1500 mL/day.",
        "Diagnosed since 2015.",
    ],
)
def test_ratios_doses_and_years_are_not_times(text: str) -> None:
    assert [e for e in found(text) if e[1] == "TIME"] == []


# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cough, fever x 3 days.", ("3 days", "P3D")),
        ("Palpitations over the past 6 weeks.", ("6 weeks", "P6W")),
        ("Longest episode 3 hrs.", ("3 hrs", "PT3H")),
        ("Fever x 48 hours.", ("48 hours", "PT48H")),
        ("Nausea x2 hours.", ("2 hours", "PT2H")),
        ("F/u PCP in 2-3 days.", ("2-3 days", "P2D/P3D")),
        ("Repeat EGD in 8 to 12 weeks.", ("8 to 12 weeks", "P8W/P12W")),
        ("Symptoms x 1.5 years.", ("1.5 years", "P18M")),
        ("Ibuprofen for about three weeks.", ("three weeks", "P3W")),
        ("Infusion over half an hour.", ("half an hour", "PT30M")),
        ("Off work for a week.", ("a week", "P1W")),
        ("FBG >130 for 3 consecutive days.", ("3 consecutive days", "P3D")),
        ("Continue PT for 6 more weeks.", ("6 more weeks", "P6W")),
        ("SNOT-22 was 21 one year post-op.", ("one year", "P1Y")),
        ("Completed a 7-day course.", ("7-day", "P7D")),
        ("Keflex x3d.", ("3d", "P3D")),
        ("Cap refill <3 sec.", ("3 sec", "PT3S")),
        ("Presents with 4 d of dyspnea.", ("4 d", "P4D")),
        ("Sleeping 6-7 hrs/night.", ("6-7 hrs", "PT6H/PT7H")),
        ("Operative time 1 hr 15 min.", ("1 hr 15 min", "PT1H15M")),
        ("Symptoms x 1 week 2 days.", ("1 week 2 days", "P9D")),
        ("Return for fever >48 hrs.", ("48 hrs", "PT48H")),
    ],
)
def test_durations_span_the_quantity_only(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, kind, v in found(text) if kind == "DURATION"] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "58 yo F. A 45-year-old man. 3 month old infant. 6 mo M. Age 45 years.",
        "Born at 32 weeks gestation. EGA 32 weeks. G2P1 at 39 wk.",
        "30 pack-year history.",
        "Albuterol 2 puffs inh. Blood cx x2.",
        "Headaches for several days, worse for a few weeks.",
        "One day he fell at home.",
        "T 38.7  HR 106",
        "PT 18.4 sec, INR 1.6.",
        "3D echo ordered.",
        "0430 second NS 1 L bolus complete.",
    ],
)
def test_ages_counts_and_vague_spans_are_not_durations(text: str) -> None:
    assert [e for e in found(text) if e[1] == "DURATION"] == []


def test_postpartum_intervals_in_a_pregnancy_note_are_durations() -> None:
    text = "G2P2 POD#1 s/p LTCS. 75 g OGTT at 4-12 weeks postpartum. LMP unknown."
    assert ("4-12 weeks", "DURATION", "P4W/P12W") in found(text)


# --- frequencies --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Budesonide 2 puffs BID.", ("BID", "R2/P1D")),
        ("Tylenol 650 mg PO TID.", ("TID", "R3/P1D")),
        ("Metoclopramide QID.", ("QID", "R4/P1D")),
        ("Levothyroxine 75 mcg PO daily.", ("daily", "R/P1D")),
        ("Losartan 50 mg PO QD.", ("QD", "R/P1D")),
        ("Lasix 40 mg PO QAM.", ("QAM", "R/P1D")),
        ("Atorvastatin 40 mg PO QHS.", ("QHS", "R/P1D")),
        ("Trazodone 50 mg nightly.", ("nightly", "R/P1D")),
        ("Melatonin 3 mg PO HS.", ("HS", "R/P1D")),
        ("Oxycodone 5 mg q6h PRN.", ("q6h", "R/PT6H")),
        ("Albuterol q4-6h prn.", ("q4-6h", "R/PT4H")),
        ("Neuro checks q3h.", ("q3h", "R/PT3H")),
        ("Ceftriaxone 1 g IV q24h.", ("q24h", "R/PT24H")),
        ("Acetaminophen every 6 hours as needed.", ("every 6 hours", "R/PT6H")),
        ("Methotrexate 15 mg weekly.", ("weekly", "R/P1W")),
        ("B12 injections monthly.", ("monthly", "R/P1M")),
        ("Furosemide every other day.", ("every other day", "R/P2D")),
        ("Warfarin 5 mg po qod.", ("qod", "R/P2D")),
        ("Pantoprazole twice daily.", ("twice daily", "R2/P1D")),
        ("Ibuprofen three times daily.", ("three times daily", "R3/P1D")),
        ("PT 3x/week.", ("3x/week", "R3/P1W")),
        ("PT three times a week.", ("three times a week", "R3/P1W")),
        ("Ibuprofen 600 mg 3-4x/day.", ("3-4x/day", "R4/P1D")),
        ("Dialysis MWF.", ("MWF", "R3/P1W")),
        ("Warfarin 5 mg Mon/Wed/Fri.", ("Mon/Wed/Fri", "R3/P1W")),
        ("HD every Monday and Thursday.", ("every Monday and Thursday", "R2/P1W")),
        ("Group therapy Tuesdays.", ("Tuesdays", "R/P1W")),
        ("Home PT 3 days/week.", ("3 days/week", "R3/P1W")),
        ("Limit triptans to 10 days/month.", ("10 days/month", "R10/P1M")),
    ],
)
def test_frequencies_are_sets_on_the_frequency_token(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, kind, v in found(text) if kind == "SET"] == [expected]


def test_daily_for_five_days_is_a_set_and_a_duration() -> None:
    assert found("Azithromycin 500 mg daily x 5 days.") == [
        ("daily", "SET", "R/P1D"),
        ("5 days", "DURATION", "P5D"),
    ]


def test_activities_of_daily_living_is_no_frequency() -> None:
    assert found("Independent in activities of daily living.") == []


# --- the shape of the result --------------------------------------------------------------


def _gold_notes() -> list[dict]:
    paths = sorted((ROOT / "tests/data/notes").glob("*.json")) + sorted(
        (ROOT.parent / "shared/data/dev_notes").glob("*.json")
    )
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def test_result_is_sorted_non_overlapping_and_points_into_the_note() -> None:
    notes = _gold_notes()
    assert notes, "no gold notes found"
    for note in notes:
        text = note["text"]
        result = extract_temporal(text, date.fromisoformat(note["document_date"]))
        assert all(isinstance(e, TemporalExpression) for e in result)
        assert all(text[e.start : e.end] == e.text for e in result)
        assert all(a.end <= b.start for a, b in itertools.pairwise(result)), note["id"]


def test_a_typical_note_takes_milliseconds() -> None:
    """A loose bound that still catches a regular expression gone quadratic."""
    note = next(n for n in _gold_notes() if 1500 <= len(n["text"]) <= 2500)
    document_date = date.fromisoformat(note["document_date"])
    extract_temporal(note["text"], document_date)
    started = time.perf_counter()
    for _ in range(10):
        extract_temporal(note["text"], document_date)
    assert (time.perf_counter() - started) / 10 < 0.05
