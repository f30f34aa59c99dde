"""Abbreviation expansion: the required disambiguations, and what must not be expanded."""
from __future__ import annotations

import pytest

from tools.abbreviations import expand_abbreviations
from tools.abbreviations._inventory import inventory
from tools.abbreviations._sources import read_all
from tools.annotations import Abbreviation
from tools.sections import detect_sections


def _expand(text: str, kind: str | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for abbreviation in expand_abbreviations(text, detect_sections(text), note_kind=kind):
        found.setdefault(abbreviation.text, []).append(abbreviation.expansion)
    return found


def test_spans_offsets_and_source() -> None:
    text = "Pt c/o SOB x2 days."
    assert expand_abbreviations(text, []) == [
        Abbreviation("Pt", "patient", 0, 2, "rules"),
        Abbreviation("c/o", "complains of", 3, 6, "rules"),
        Abbreviation("SOB", "shortness of breath", 7, 10, "rules"),
        Abbreviation("x2", "times 2", 11, 13, "rules"),
    ]


def test_spans_are_sorted_and_disjoint() -> None:
    text = "HPI: 58 yo F w/ PMH of HTN, p/w CP. PT/OT eval. CT A/P. E. coli in urine cx."
    spans = expand_abbreviations(text, detect_sections(text))
    assert spans == sorted(spans, key=lambda a: a.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(text[a.start:a.end] == a.text for a in spans)


def test_shortness_of_breath() -> None:
    assert _expand("Reports SOB and sob on exertion.") == {"SOB": ["shortness of breath"], "sob": ["shortness of breath"]}


def test_ra_room_air_versus_rheumatoid_arthritis() -> None:
    assert _expand("Vitals: SpO2 94% on RA.")["RA"] == ["room air"]
    assert _expand("PMH: RA on methotrexate, HTN.")["RA"] == ["rheumatoid arthritis"]
    assert _expand("Problem List:\n1. RA\n2. HTN")["RA"] == ["rheumatoid arthritis"]


def test_pe_physical_exam_versus_pulmonary_embolism() -> None:
    assert _expand("PE: lungs clear, RRR.")["PE"] == ["physical exam"]
    assert _expand("Assessment: pleuritic pain, r/o PE.")["PE"] == ["pulmonary embolism"]
    assert _expand("HPI: dyspnea. CTA chest showed a segmental PE.")["PE"] == ["pulmonary embolism"]


def test_cp_chest_pain_versus_cerebral_palsy() -> None:
    assert _expand("HPI: 54 yo M with substernal CP since noon.", "emergency department note")["CP"] == ["chest pain"]
    assert _expand("HPI: 6 yo with CP, GMFCS III.", "pediatric neurology clinic note")["CP"] == ["cerebral palsy"]
    assert _expand("HPI: 9 yo with spastic quadriplegic CP and epilepsy.")["CP"] == ["cerebral palsy"]


def test_pt_physical_therapy_versus_prothrombin_time() -> None:
    assert _expand("Plan: PT/OT eval, out of bed.")["PT"] == ["physical therapy"]
    assert _expand("Plan: PT consult for gait training.")["PT"] == ["physical therapy"]
    assert _expand("Labs: PT 14.2 sec, INR 1.3")["PT"] == ["prothrombin time"]
    assert _expand("Continue warfarin, daily PT/INR.")["PT"] == ["prothrombin time"]


def test_ms_senses() -> None:
    assert _expand("PMH: relapsing-remitting MS on ocrelizumab.")["MS"] == ["multiple sclerosis"]
    assert _expand("Exam: MS at baseline, not confused.")["MS"] == ["mental status"]
    assert _expand("Meds: MS contin 15 mg PO q12h")["MS"] == ["morphine sulfate"]
    assert "Ms" not in _expand("Ms. Jones is here today.")


def test_mi_ca_af() -> None:
    assert _expand("History of MI s/p stent.")["MI"] == ["myocardial infarction"]
    assert _expand("Labs: Ca 8.9, Mg 2.0")["Ca"] == ["calcium"]
    assert _expand("PMH: metastatic breast CA on chemo.")["CA"] == ["cancer"]
    assert _expand("HPI: paroxysmal AF with RVR on apixaban.")["AF"] == ["atrial fibrillation"]
    assert _expand("Vitals: AF, VSS.")["AF"] == ["afebrile"]


@pytest.mark.parametrize(
    ("text", "form", "expansion"),
    [
        ("Lisinopril 10 mg PO BID", "BID", "twice a day"),
        ("Metformin 500 mg PO TID", "TID", "three times a day"),
        ("QID", "QID", "four times a day"),
        ("Aspirin 81 mg PO QD", "QD", "daily"),
        ("Melatonin 3 mg PO QHS", "QHS", "at bedtime"),
        ("Albuterol q4h PRN wheeze", "q4h", "every 4 hours"),
        ("Albuterol q4h PRN wheeze", "PRN", "as needed"),
        ("ceftriaxone 1 g IV q24h", "q24h", "every 24 hours"),
        ("oxycodone q4-6h", "q4-6h", "every 4 to 6 hours"),
        ("enoxaparin 40 mg SC daily", "SC", "subcutaneous"),
        ("heparin 5000 units SQ q8h", "SQ", "subcutaneous"),
        ("NTG 0.4 mg SL", "SL", "sublingual"),
        ("budesonide 2 puffs inh BID", "inh", "inhaled"),
        ("NPO after midnight", "NPO", "nothing by mouth"),
        ("s/p TAH 2015", "s/p", "status post"),
        ("h/o DVT", "h/o", "history of"),
        ("incision c/d/i", "c/d/i", "clean, dry, and intact"),
        ("POD#2 from colectomy", "POD", "postoperative day"),
        ("HD#3, afebrile", "HD", "hospital day"),
        ("FOLFOX C5D1 today", "C5D1", "cycle 5 day 1"),
        ("67 y.o. man", "y.o.", "year old"),
        ("58 yo F", "yo", "year old"),
        ("Allergies: NKDA", "NKDA", "no known drug allergies"),
        ("CKD3a, stable", "CKD3a", "chronic kidney disease stage 3a"),
        ("on 2L O2", "O2", "oxygen"),
        ("F/u in 4 weeks", "F/u", "follow-up"),
        ("several sx overnight", "sx", "symptoms"),
        ("A&Ox3, NAD", "A&Ox3", "alert and oriented times three"),
        ("WBC 16.2", "WBC", "white blood cell count"),
        ("Recurrent UTIs since May", "UTIs", "urinary tract infections"),
        ("G2P1 at 39 wk", "G2P1", "gravida 2 para 1"),
        ("Culture grew E. coli", "E. coli", "escherichia coli"),
        ("K+ 4.1", "K+", "potassium"),
    ],
)
def test_curated_ward_shorthand(text: str, form: str, expansion: str) -> None:
    assert _expand(text)[form] == [expansion]


def test_units_drug_names_and_words_are_not_expanded() -> None:
    text = (
        "Levothyroxine 75 mcg PO daily, metoprolol 25 mg, 500 mL NS, wt 70 kg, BP 120/80 mmHg, "
        "eGFR 24 mL/min. It is on the list AND it is fine. I am here at 8 AM. A note."
    )
    found = _expand(text)
    for word in ("mcg", "mg", "mL", "kg", "mmHg", "mL/min", "min", "Levothyroxine", "metoprolol",
                 "It", "is", "AND", "I", "am", "AM", "A", "on", "at"):
        assert word not in found, word
    assert found["NS"] == ["normal saline"]


def test_uppercase_units_in_medication_lists_are_not_magnesium() -> None:
    assert "MG" not in _expand("SUMAtriptan (IMITREX) 50 MG tablet")


def test_all_caps_titles_are_words() -> None:
    found = _expand("ADMISSION H&P\nHISTORY OF PRESENT ILLNESS: cough")
    assert found == {"H&P": ["history and physical"]}


def test_headers_are_expanded() -> None:
    found = _expand("CC: cough\nHPI: fever\nA/P: pneumonia")
    assert found == {"CC": ["chief complaint"], "HPI": ["history of present illness"], "A/P": ["assessment and plan"]}


def test_a_p_in_imaging_is_abdomen_and_pelvis() -> None:
    assert _expand("HPI: CT A/P with contrast showed appendicitis.")["A/P"] == ["abdomen and pelvis"]


def test_hyphenated_score_names_are_not_split_into_public_senses() -> None:
    assert _expand("CHA2DS2-VASc 3, CURB-65 of 1") == {}


def test_public_inventory_fills_gaps() -> None:
    assert _expand("History of AVM.")["AVM"] == ["arteriovenous malformation"]


def test_inventory_is_loaded_once() -> None:
    assert inventory() is inventory()


def test_public_readers_parse_every_source() -> None:
    counts: dict[str, int] = {}
    for record in read_all():
        counts[record.source] = counts.get(record.source, 0) + 1
    assert counts == {
        "vanderbilt_clinic": 1476,
        "vanderbilt_discharge": 1351,
        "stetson": 765,
        "columbia": 219,
        "wikipedia": 2659,
    }


def test_columbia_multiword_abbreviations_and_vanderbilt_slashes() -> None:
    records = list(read_all())
    columbia = {r.key: r.sense for r in records if r.source == "columbia"}
    assert columbia["pec w sf"] == "pre-eclampsia with severe features"
    vanderbilt = {r.key for r in records if r.source == "vanderbilt_clinic"}
    assert "c/d/i" in vanderbilt


def test_curated_rows_are_unique() -> None:
    inv = inventory()
    for table in (inv.exact, inv.folded):
        for key, senses in table.items():
            expansions = [sense.expansion for sense in senses]
            assert len(expansions) == len(set(expansions)), key
