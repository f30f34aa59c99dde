"""Sig styles real EHRs and clinicians write: Epic/Cerner structured sigs, UK prescribing,
spelled-out dictation, infusions, ranges, tapers and dose changes -> exact Dosage terms."""
from __future__ import annotations

from datetime import date

import pytest

from tools.facts.extract import extract_facts
from tools.facts.sig import normalise_sig, parse_sig
from tools.facts.types import SNOMED, Coding, Dosage, MedicationFact, Timing
from tools.sections import detect_sections

ORAL = Coding(SNOMED, "26643006", "Oral route")
IV = Coding(SNOMED, "47625008", "Intravenous route")
SUBCUT = Coding(SNOMED, "34206005", "Subcutaneous route")
INHALED = Coding(SNOMED, "447694001", "Respiratory tract route")
TOPICAL = Coding(SNOMED, "6064005", "Topical route")
EYE = Coding(SNOMED, "54485002", "Ophthalmic route")
NASAL = Coding(SNOMED, "46713006", "Nasal route")

BID = Timing(frequency=2, period=1.0, period_unit="d", code="BID")
TID = Timing(frequency=3, period=1.0, period_unit="d", code="TID")
QID = Timing(frequency=4, period=1.0, period_unit="d", code="QID")
QD = Timing(frequency=1, period=1.0, period_unit="d", code="QD")
HS = Timing(frequency=1, period=1.0, period_unit="d", when=["HS"], code="BED")
MORN = Timing(frequency=1, period=1.0, period_unit="d", when=["MORN"], code="AM")


def _sig(sig: str) -> Dosage:
    dosage = parse_sig(sig)
    assert dosage is not None
    return dosage


def _dose(d: Dosage) -> tuple[float | None, str | None]:
    return d.dose_value, d.dose_unit


def _freq(d: Dosage) -> tuple:
    t = d.timing
    assert t is not None
    return t.frequency, t.period, t.period_unit, t.when, t.code


def _expect(t: Timing) -> tuple:
    return t.frequency, t.period, t.period_unit, t.when, t.code


# -- Epic / Cerner structured sigs ---------------------------------------------------------
def test_epic_metformin_two_paren_two_times_daily_with_meals() -> None:
    d = _sig(" (GLUCOPHAGE) 500 MG tablet  Take 1 tablet (500 mg total) by mouth 2 (two) times daily with meals.")
    assert d == Dosage(
        text="500 MG tablet Take 1 tablet (500 mg total) by mouth 2 (two) times daily with meals",
        dose_value=500.0, dose_unit="mg", dose_unit_display="mg", strength="500 MG", route=ORAL,
        timing=Timing(frequency=2, period=1.0, period_unit="d", when=["C"], code="BID",
                      text="twice daily, with meals (2 times daily with meals)"),
    )


def test_epic_total_amount_is_the_dose() -> None:
    d = _sig("Take 2 tablets (10 mg total) by mouth nightly.")
    assert (_dose(d), d.route, _freq(d)) == ((10.0, "mg"), ORAL, _expect(HS))
    d = _sig("50 MG tablet Take 0.5 tablets (25 mg total) by mouth at bedtime.")
    assert (_dose(d), d.strength) == ((25.0, "mg"), "50 MG")
    d = _sig("Take 1 1/2 tablets (37.5 mg total) by mouth 2 (two) times daily.")
    assert (_dose(d), _freq(d)) == ((37.5, "mg"), _expect(BID))


def test_epic_inhaler_every_four_paren_hours() -> None:
    d = _sig("90 mcg/actuation inhaler Inhale 2 puffs into the lungs every 4 (four) hours as needed for wheezing.")
    assert (_dose(d), d.strength, d.route) == ((2.0, "{puff}"), "90 mcg/actuation", INHALED)
    assert (d.as_needed, d.as_needed_for) == (True, "wheezing")
    assert d.timing == Timing(frequency=1, period=4.0, period_unit="h", code="Q4H",
                              text="every 4 hours as needed for wheezing")


def test_epic_inject_under_the_skin_is_subcutaneous() -> None:
    d = _sig("100 unit/mL injection Inject 20 Units under the skin nightly.")
    assert (_dose(d), d.route, _freq(d)) == ((20.0, "[iU]"), SUBCUT, _expect(HS))


def test_epic_apply_topically_two_times_daily() -> None:
    d = _sig("0.1 % cream Apply topically 2 (two) times daily.")
    assert (_dose(d), d.strength, d.route, _freq(d)) == ((None, None), "0.1 %", TOPICAL, _expect(BID))


def test_epic_patient_taking_differently_wins() -> None:
    d = _sig("10 MG tablet Take 1 tablet (10 mg total) by mouth daily. "
             "(Patient taking differently: Take 5 mg by mouth at bedtime.)")
    assert (_dose(d), d.route, _freq(d)) == ((5.0, "mg"), ORAL, _expect(HS))
    assert d.text.endswith("(Patient taking differently: Take 5 mg by mouth at bedtime.)")


def test_epic_dispense_and_refill_tail_is_not_dosage() -> None:
    d = _sig("Take by mouth daily. Dispense: 90 tablet Refill: 3")
    assert d.text == "Take by mouth daily"
    assert _dose(d) == (None, None)
    d = _sig("10 mg daily Disp #30 RF 2")
    assert (d.text, _dose(d)) == ("10 mg daily", (10.0, "mg"))


def test_sig_prefix_and_max_doses() -> None:
    d = _sig("Sig: Take 1 tablet by mouth every 6 (six) hours as needed for pain. Max 4 doses/24 h")
    assert (_dose(d), d.as_needed_for, d.max_per_period) == ((1.0, "{tbl}"), "pain", "4 doses/day")
    assert (d.timing.period, d.timing.period_unit, d.timing.code) == (6.0, "h", "Q6H")


def test_cerner_tabs_and_comma_prn_reason() -> None:
    d = _sig("325 mg oral tablet: 2 tab(s) orally every 6 hours, As needed, pain")
    assert (_dose(d), d.strength, d.route, d.as_needed_for) == ((650.0, "mg"), "325 mg", ORAL, "pain")


@pytest.mark.parametrize(
    ("sig", "expected"),
    [
        ("every twelve (12) hours", (1, 12.0, "h", [], None)),
        ("Take 1 tablet by mouth every 8 (eight) hours as needed for nausea.", (1, 8.0, "h", [], "Q8H")),
        ("Take 1 tablet by mouth 3 (three) times daily.", _expect(TID)),
    ],
)
def test_epic_number_written_twice(sig: str, expected: tuple) -> None:
    assert _freq(_sig(sig)) == expected


# -- UK / Commonwealth prescribing ---------------------------------------------------------
@pytest.mark.parametrize(
    ("sig", "dose", "timing"),
    [
        ("5 mg OD", (5.0, "mg"), QD),
        ("1 tab OD", (1.0, "{tbl}"), QD),
        ("2.5 mg o.d.", (2.5, "mg"), QD),
        ("20 mg BD", (20.0, "mg"), BID),
        ("500 mg TDS", (500.0, "mg"), TID),
        ("500 mg t.d.s.", (500.0, "mg"), TID),
        ("1 tablet QDS", (1.0, "{tbl}"), QID),
        ("3.75 mg nocte", (3.75, "mg"), HS),
        ("10 mg ON", (10.0, "mg"), HS),
        ("50 mg mane", (50.0, "mg"), MORN),
        ("40 mg om", (40.0, "mg"), MORN),
    ],
)
def test_uk_frequencies(sig: str, dose: tuple, timing: Timing) -> None:
    d = _sig(sig)
    assert (_dose(d), _freq(d)) == (dose, _expect(timing))


def test_uk_qds_prn_with_maximum() -> None:
    d = _sig("1 g PO QDS PRN pain (max 4 doses/24 h)")
    assert (_dose(d), d.route, d.as_needed, d.as_needed_for, d.max_per_period) == (
        (1.0, "g"), ORAL, True, "pain", "4 doses/day")
    assert d.timing is not None
    assert (_freq(d), d.timing.text) == (_expect(QID), "four times daily as needed for pain (QDS PRN pain)")


def test_uk_stat_is_one_dose() -> None:
    d = _sig("4 mg IV stat")
    assert (_dose(d), d.route, d.timing) == ((4.0, "mg"), IV, Timing(count=1, text="once (stat)"))


def test_uk_abbreviations_need_a_dose() -> None:
    # "tylenol OD": an overdose; "BD" alone is not a frequency
    assert parse_sig(" OD last year") is None
    assert parse_sig("BD") is None


def test_od_os_ou_in_a_drop_sig_are_eyes() -> None:
    d = _sig("0.005% 1 drop OD nocte")
    assert (_dose(d), d.route, _freq(d)) == ((1.0, "[drp]"), EYE, _expect(HS))
    d = _sig("2% 1 gtt TID OU")
    assert (d.route, _freq(d)) == (EYE, _expect(TID))


# -- spelled-out numbers and dictation -----------------------------------------------------
@pytest.mark.parametrize(
    ("sig", "dose"),
    [
        ("zero point four milligrams at bedtime", (0.4, "mg")),
        ("seven point five milligrams twice a day", (7.5, "mg")),
        ("twenty five milligrams once a day", (25.0, "mg")),
        ("five hundred milligrams twice a day", (500.0, "mg")),
        ("one hundred and fifty milligrams daily", (150.0, "mg")),
        ("twenty units at bedtime", (20.0, "[iU]")),
        ("two tablets twice a day", (2.0, "{tbl}")),
        ("one half tablet daily", (0.5, "{tbl}")),
        ("half a tablet in the morning", (0.5, "{tbl}")),
        ("a quarter of a tablet twice daily", (0.25, "{tbl}")),
        ("three quarters of a tablet daily", (0.75, "{tbl}")),
        ("one and a half tablets at bedtime", (1.5, "{tbl}")),
        ("1 1/2 tabs BID", (1.5, "{tbl}")),
        ("1 and 1/2 tablets daily", (1.5, "{tbl}")),
    ],
)
def test_spelled_doses(sig: str, dose: tuple) -> None:
    assert _dose(_sig(sig)) == dose


def test_spelled_range_and_interval() -> None:
    d = _sig("one to two tablets every four to six hours as needed for pain")
    assert (d.dose_value, d.dose_text, d.as_needed_for) == (None, "1 to 2 tablets", "pain")
    assert (d.timing.period, d.timing.period_max, d.timing.period_unit) == (4.0, 6.0, "h")


def test_normalise_sig_keeps_plain_sigs() -> None:
    assert normalise_sig("40 mg PO daily") == "40 mg PO daily"
    assert normalise_sig("2 (two) times daily") == "2 times daily"
    assert normalise_sig("tamsulosin zero point four milligrams") == "tamsulosin 0.4 milligrams"


# -- infusions -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sig", "dose", "route"),
    [
        ("infusion at 0.1 units/kg/h", (0.1, "[iU]/kg/h"), IV),
        ("at 0.08 mcg/kg/min", (0.08, "ug/kg/min"), None),
        ("0.03 units/min", (0.03, "[iU]/min"), None),
        ("at 150 mL/h", (150.0, "mL/h"), None),
        ("at 150 mL/hr IV", (150.0, "mL/h"), IV),
    ],
)
def test_infusion_rates(sig: str, dose: tuple, route: Coding | None) -> None:
    d = _sig(sig)
    assert (_dose(d), d.route, d.timing) == (dose, route, None)


# -- ranges, tapers and changes ------------------------------------------------------------
def test_tablet_range_of_a_strength_is_dose_text() -> None:
    d = _sig("5 mg 1-2 tabs q4-6h PRN pain")
    assert (d.dose_value, d.dose_text, d.strength, d.as_needed_for) == (None, "1-2 tabs", "5 mg", "pain")


def test_taper_keeps_the_first_step() -> None:
    d = _sig("40 mg daily x 5 days then 20 mg daily")
    assert (_dose(d), _freq(d), d.timing.duration_days) == ((40.0, "mg"), _expect(QD), 5.0)


@pytest.mark.parametrize(
    ("sig", "dose"),
    [
        ("dose reduced from 4 mg to 3 mg BID", (3.0, "mg")),
        ("increased from 25 to 50 mg daily", (50.0, "mg")),
        ("from 10 mg to 20 mg nightly", (20.0, "mg")),
        ("increase to 50 mg", (50.0, "mg")),
    ],
)
def test_dose_changes_take_the_new_dose(sig: str, dose: tuple) -> None:
    assert _dose(_sig(sig)) == dose


# -- whole notes ---------------------------------------------------------------------------
def _meds(text: str) -> dict[str, MedicationFact]:
    facts = extract_facts(text, detect_sections(text), date(2026, 3, 1))
    return {m.name.lower(): m for m in facts.medications}


def test_epic_sig_on_the_next_line_and_brand_lists() -> None:
    meds = _meds(
        "DISCHARGE SUMMARY\n\nDischarge Medications:\nSTART taking these medications\n"
        "  cephalexin 500 MG capsule\n    Sig: Take 1 capsule (500 mg total) by mouth every 6 (six) hours for 7 days.\n"
        "STOP taking these medications\n"
        "  ibuprofen (ADVIL,MOTRIN) 200 MG tablet\n    Take 2 tablets (400 mg total) by mouth every 6 (six) hours as needed.\n"
        "CONTINUE taking these medications\n"
        "  albuterol (PROVENTIL HFA;VENTOLIN HFA) 90 mcg/actuation inhaler\n"
        "    Inhale 2 puffs into the lungs every 4 (four) hours as needed for wheezing.\n"
    )
    assert set(meds) == {"cephalexin", "ibuprofen", "albuterol"}
    cephalexin, ibuprofen, albuterol = meds["cephalexin"], meds["ibuprofen"], meds["albuterol"]
    assert cephalexin.status == "intended" and cephalexin.dosage is not None
    assert (_dose(cephalexin.dosage), cephalexin.dosage.timing.period, cephalexin.dosage.timing.duration_days) == (
        (500.0, "mg"), 6.0, 7.0)
    assert ibuprofen.status == "stopped" and ibuprofen.dosage is not None
    assert (_dose(ibuprofen.dosage), ibuprofen.dosage.as_needed) == ((400.0, "mg"), True)
    assert albuterol.dosage is not None
    assert albuterol.dosage.text.startswith("90 mcg/actuation inhaler Inhale 2 puffs")


def test_tall_man_names_and_uk_list() -> None:
    meds = _meds(
        "Medications:\n- hydrALAZINE 25 mg TDS\n- traZODone 50 mg nocte\n- omeprazole 20 mg BD\n"
        "- paracetamol 1 g QDS PRN\n"
    )
    assert {k: (_dose(m.dosage), _freq(m.dosage)) for k, m in meds.items() if m.dosage} == {
        "hydralazine": ((25.0, "mg"), _expect(TID)),
        "trazodone": ((50.0, "mg"), _expect(HS)),
        "omeprazole": ((20.0, "mg"), _expect(BID)),
        "acetaminophen": ((1.0, "g"), _expect(QID)),
    }


def test_dose_change_after_the_drug_is_the_new_regimen() -> None:
    meds = _meds(
        "Medications:\n- warfarin 4 mg PO daily\n- metoprolol tartrate 50 mg PO BID\n\n"
        "Assessment and Plan:\n1. AF - warfarin dose reduced from 4 mg to 3 mg daily given INR 3.4.\n"
        "2. HOLD metoprolol for bradycardia.\n"
    )
    assert meds["warfarin"].status == "active" and _dose(meds["warfarin"].dosage) == (3.0, "mg")
    assert meds["metoprolol"].status == "on-hold"


def test_unknown_hypnotic_with_a_dose_is_text_only() -> None:
    meds = _meds("Medications:\n- zopiclone 3.75 mg nocte\n")
    assert meds["zopiclone"].codings == [] and _freq(meds["zopiclone"].dosage) == _expect(HS)
