"""Sig parsing: each example sig becomes exact FHIR Dosage/Timing terms."""
from __future__ import annotations

import pytest

from tools.facts.sig import parse_sig
from tools.facts.types import SNOMED, Coding, Dosage, Timing

ORAL = Coding(SNOMED, "26643006", "Oral route")
IV = Coding(SNOMED, "47625008", "Intravenous route")
SUBCUT = Coding(SNOMED, "34206005", "Subcutaneous route")
INHALED = Coding(SNOMED, "447694001", "Respiratory tract route")


def test_levothyroxine_mcg_daily() -> None:
    assert parse_sig("75 mcg PO daily") == Dosage(
        text="75 mcg PO daily", dose_value=75.0, dose_unit="ug", dose_unit_display="mcg", route=ORAL,
        timing=Timing(frequency=1, period=1.0, period_unit="d", code="QD", text="daily"),
    )


def test_epic_tablet_sig_converts_tablets_to_strength() -> None:
    dosage = parse_sig(" (LIPITOR) 40 MG tablet  Take 1 tablet by mouth nightly.")
    assert dosage == Dosage(
        text="40 MG tablet Take 1 tablet by mouth nightly", dose_value=40.0, dose_unit="mg",
        dose_unit_display="mg", strength="40 MG", route=ORAL,
        timing=Timing(frequency=1, period=1.0, period_unit="d", when=["HS"], code="BED",
                      text="daily at bedtime (nightly)"),
    )


def test_inhaler_puffs_with_prn_reason() -> None:
    dosage = parse_sig("90 mcg 2 puffs inh q4h PRN wheeze")
    assert dosage == Dosage(
        text="90 mcg 2 puffs inh q4h PRN wheeze", dose_value=2.0, dose_unit="{puff}", dose_unit_display="puffs",
        strength="90 mcg", route=INHALED, as_needed=True, as_needed_for="wheeze",
        timing=Timing(frequency=1, period=4.0, period_unit="h", code="Q4H",
                      text="every 4 hours as needed for wheeze (q4h PRN wheeze)"),
    )


def test_composite_strength_is_dose_text() -> None:
    dosage = parse_sig("160/4.5 2 puffs inh BID")
    assert dosage is not None
    assert (dosage.dose_text, dosage.dose_value, dosage.dose_unit) == ("160/4.5", 2.0, "{puff}")
    assert dosage.timing == Timing(frequency=2, period=1.0, period_unit="d", code="BID", text="twice daily (BID)")


def test_insulin_units_at_bedtime() -> None:
    dosage = parse_sig("20 units SC QHS")
    assert dosage == Dosage(
        text="20 units SC QHS", dose_value=20.0, dose_unit="[iU]", dose_unit_display="units", route=SUBCUT,
        timing=Timing(frequency=1, period=1.0, period_unit="d", when=["HS"], code="BED",
                      text="daily at bedtime (QHS)"),
    )


def test_prn_with_maximum_per_day() -> None:
    dosage = parse_sig("5 mg PO q4h PRN pain, max 30 mg/day")
    assert dosage is not None
    assert (dosage.dose_value, dosage.dose_unit, dosage.route) == (5.0, "mg", ORAL)
    assert (dosage.as_needed, dosage.as_needed_for, dosage.max_per_period) == (True, "pain", "30 mg/day")
    assert (dosage.timing.period, dosage.timing.period_unit, dosage.timing.code) == (4.0, "h", "Q4H")


def test_course_duration() -> None:
    dosage = parse_sig("400 mg PO BID x 10 days")
    assert dosage is not None and dosage.timing is not None
    assert (dosage.timing.frequency, dosage.timing.code, dosage.timing.duration_days) == (2, "BID", 10.0)


def test_to_complete_course() -> None:
    dosage = parse_sig("500 mg PO daily to complete 5 days")
    assert dosage is not None and dosage.timing is not None
    assert dosage.timing.duration_days == 5.0


def test_q24h_has_no_gts_code() -> None:
    dosage = parse_sig("1 g IV q24h")
    assert dosage is not None
    assert (dosage.dose_value, dosage.dose_unit, dosage.route) == (1.0, "g", IV)
    assert dosage.timing == Timing(frequency=1, period=1.0, period_unit="d", text="every 24 hours (q24h)")


def test_hour_range_is_period_max() -> None:
    dosage = parse_sig("1-2 tabs PO q4-6h prn pain")
    assert dosage is not None and dosage.timing is not None
    assert dosage.dose_text == "1-2 tabs" and dosage.dose_value is None
    assert (dosage.timing.period, dosage.timing.period_max, dosage.timing.code) == (4.0, 6.0, None)


def test_two_ingredient_strength_with_hyphen() -> None:
    dosage = parse_sig("8-2 mg SL film - 2 films SL daily")
    assert dosage is not None
    assert (dosage.dose_text, dosage.dose_value, dosage.dose_unit) == ("8-2 mg", 2.0, "{film}")


def test_concentration_is_not_the_dose() -> None:
    dosage = parse_sig("100 unit/mL - inject 24 units subcutaneously at bedtime")
    assert dosage is not None
    assert (dosage.dose_value, dosage.dose_unit, dosage.route) == (24.0, "[iU]", SUBCUT)


@pytest.mark.parametrize(
    ("sig", "code", "frequency", "period", "unit"),
    [
        ("10 mg PO QID", "QID", 4, 1.0, "d"),
        ("10 mg PO TID", "TID", 3, 1.0, "d"),
        ("325 mg PO every other day", "QOD", 1, 2.0, "d"),
        ("70 mg PO weekly", "WK", 1, 1.0, "wk"),
        ("100 mg PO 2 times daily", "BID", 2, 1.0, "d"),
        ("1 mg PO q8h", "Q8H", 1, 8.0, "h"),
    ],
)
def test_frequencies(sig: str, code: str, frequency: int, period: float, unit: str) -> None:
    dosage = parse_sig(sig)
    assert dosage is not None and dosage.timing is not None
    t = dosage.timing
    assert (t.code, t.frequency, t.period, t.period_unit) == (code, frequency, period, unit)


def test_morning_dose() -> None:
    dosage = parse_sig("10 mEq PO daily in the morning")
    assert dosage is not None and dosage.timing is not None
    assert (dosage.dose_unit, dosage.timing.when, dosage.timing.code) == ("meq", ["MORN"], "AM")


def test_words_without_dosage_are_not_a_sig() -> None:
    assert parse_sig(" and HCTZ") is None
    assert parse_sig("") is None
