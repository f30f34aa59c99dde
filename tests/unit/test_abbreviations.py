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


# --- context rules: one abbreviation, the sense its surroundings give it ---


@pytest.mark.parametrize(
    ("text", "form", "expansion"),
    [
        ("DHx: Ramipril 5mg OD", "OD", "once daily"),
        ("Bisoprolol 2.5 mg OD", "OD", "once daily"),
        ("Omeprazole 20mg PO OD", "OD", "once daily"),
        ("Metformin 500mg BD with meals", "BD", "twice a day"),
        ("Apixaban 5 mg BD", "BD", "twice a day"),
        ("Paracetamol 1g QDS PRN", "QDS", "four times a day"),
        ("Codeine 30mg TDS PRN", "TDS", "three times a day"),
        ("Zopiclone 3.75mg nocte", "nocte", "at night"),
        ("Furosemide 40mg mane", "mane", "in the morning"),
    ],
)
def test_uk_dose_frequencies_in_prescription_lines(text: str, form: str, expansion: str) -> None:
    assert _expand(text)[form] == [expansion]


def test_od_in_an_eye_exam_is_the_right_eye() -> None:
    assert _expand("VA 20/40 OD, 20/25 OS. IOP 18 OD.")["OD"] == ["right eye", "right eye"]
    assert _expand("Latanoprost 1 drop OD qhs")["OD"] == ["right eye"]
    assert _expand("OPHTHALMOLOGY CLINIC\nPlan: cataract surgery OD next month.")["OD"] == ["right eye"]
    assert _expand("Admitted after intentional APAP OD.")["OD"] == ["overdose"]


def test_bd_outside_a_prescription() -> None:
    assert _expand("PMH: BD I with psychotic features, on lithium.")["BD"] == ["bipolar disorder"]
    assert _expand("Spirometry: FEV1 1.2 L, post-BD FEV1 1.4 L")["BD"] == ["bronchodilator"]


def test_uk_letter_shorthand() -> None:
    text = (
        "Dear Dr Patel,\nPC: breathlessness for 3 months.\nHPC: worse on stairs.\n"
        "O/E: HS I+II+0, chest NAD, abdo SNT.\nPlan: please ask the GP to repeat U&Es; "
        "referred under the 2WW pathway after OGD. Seen in A&E; TTO amoxicillin.\nPMH: GORD."
    )
    found = _expand(text)
    assert found["PC"] == ["presenting complaint"]
    assert found["HPC"] == ["history of presenting complaint"]
    assert found["O/E"] == ["on examination"]
    assert found["HS"] == ["heart sounds"]
    assert found["NAD"] == ["nothing abnormal detected"]
    assert found["abdo"] == ["abdomen"]
    assert found["SNT"] == ["soft, non-tender"]
    assert found["GP"] == ["general practitioner"]
    assert found["U&Es"] == ["urea and electrolytes"]
    assert found["2WW"] == ["two-week wait"]
    assert found["OGD"] == ["oesophagogastroduodenoscopy"]
    assert found["A&E"] == ["accident and emergency"]
    assert found["TTO"] == ["to take out"]
    assert found["GORD"] == ["gastro-oesophageal reflux disease"]
    assert _expand("Vitals: HR 80, BP 120/70. Exam: NAD, lungs clear.")["NAD"] == ["no acute distress"]
    assert _expand("Insulin lispro 4 units PC")["PC"] == ["after meals"]


def test_cea_carotid_endarterectomy_versus_carcinoembryonic_antigen() -> None:
    assert _expand("s/p left CEA 2019 for symptomatic ICA stenosis.")["CEA"] == ["carotid endarterectomy"]
    assert _expand("Colon cancer on FOLFOX, CEA 12.4 and rising.")["CEA"] == ["carcinoembryonic antigen"]


def test_psv_peak_systolic_velocity_versus_pressure_support() -> None:
    duplex = "Carotid duplex: right ICA PSV 250 cm/s, EDV 90 cm/s."
    assert _expand(duplex)["PSV"] == ["peak systolic velocity"]
    assert _expand("Vent: PSV 10/5, FiO2 40%.")["PSV"] == ["pressure support ventilation"]


def test_mm_mucous_membranes_versus_multiple_myeloma() -> None:
    assert _expand("HEENT: MM moist, no oral lesions.")["MM"] == ["mucous membranes"]
    assert _expand("PMH: IgG kappa MM s/p ASCT, on lenalidomide.")["MM"] == ["multiple myeloma"]
    assert "mm" not in _expand("Nodule 5 mm.")


def test_ag_is_anion_gap() -> None:
    assert _expand("Na 135, Cl 100, HCO3 12, AG 23.")["AG"] == ["anion gap"]


def test_tx_transplant_versus_treatment() -> None:
    assert _expand("ESRD s/p deceased donor kidney tx 2020, on tacrolimus.")["tx"] == ["transplant"]
    assert _expand("HTN - tx with amlodipine.")["tx"] == ["treatment"]


def test_dc_discharge_versus_discontinue() -> None:
    assert _expand("Plan: d/c home tomorrow if stable.")["d/c"] == ["discharge"]
    assert _expand("Dispo: anticipate d/c to SNF.")["d/c"] == ["discharge"]
    assert _expand("Will d/c metformin given AKI.")["d/c"] == ["discontinue"]
    assert _expand("d/c Foley today.")["d/c"] == ["discontinue"]


def test_ss_single_strength_versus_sliding_scale() -> None:
    assert _expand("TMP-SMX SS 1 tab daily for PJP ppx.")["SS"] == ["single strength"]
    assert _expand("Insulin lispro SS AC/HS.")["SS"] == ["sliding scale"]


def test_mdi_multiple_daily_injections_versus_inhaler() -> None:
    assert _expand("T1DM on MDI with glargine and lispro.")["MDI"] == ["multiple daily injections"]
    assert _expand("Albuterol MDI 2 puffs q4h PRN.")["MDI"] == ["metered-dose inhaler"]


def test_note_title_counts_as_note_kind() -> None:
    assert _expand("A/P: HS, stable.")["HS"] == ["at bedtime"]
    assert _expand("DERMATOLOGY CLINIC\nA/P: HS, stable.")["HS"] == ["hidradenitis suppurativa"]
    assert _expand("Orthopaedic Surgery Clinic\nA/P: HS, stable.")["HS"] == ["at bedtime"]
    assert _expand("Otolaryngology Clinic Note\nFFL: TVCs mobile, NP clear.")["NP"] == ["nasopharynx"]
    assert _expand("Seen with NP Jones.")["NP"] == ["nurse practitioner"]


def test_plurals_of_one_abbreviation_are_not_another() -> None:
    assert _expand("CTA: bilateral PEs.")["PEs"] == ["pulmonary embolisms"]
    assert _expand("No BMs for 3 days.")["BMs"] == ["bowel movements"]
    assert _expand("Ears: EACs clear, TMs intact.")["EACs"] == ["external auditory canals"]


@pytest.mark.parametrize(
    ("text", "form", "expansion"),
    [
        ("BPH on tamsulosin and a 5-ARI.", "5-ARI", "5-alpha reductase inhibitor"),
        ("CMV D+/R-, on valganciclovir ppx.", "D+/R-", "donor positive, recipient negative"),
        ("OC/OP: clear, no lesions.", "OC/OP", "oral cavity and oropharynx"),
        ("Runner with stress fracture, concern for RED-S.", "RED-S", "relative energy deficiency in sport"),
        ("Lp(a) 180 nmol/L", "Lp(a)", "lipoprotein(a)"),
        ("Start D5-1/2NS with 20 mEq KCl at 100 mL/h.", "D5-1/2NS", "dextrose 5% in half-normal saline"),
        ("mIVF D5 1/2NS at 75 mL/hr.", "D5 1/2NS", "dextrose 5% in half-normal saline"),
        ("Given D50 1 amp for glucose 40.", "D50", "dextrose 50%"),
        ("Neuro: AxOx3, no focal deficits.", "AxOx3", "alert and oriented times three"),
        ("Tac level 8.2 today.", "Tac", "tacrolimus"),
        ("Continue tac 2 mg BID.", "tac", "tacrolimus"),
        ("HGBA1C 7.8 (H)", "HGBA1C", "hemoglobin a1c"),
        ("LDLCALC 142 (H)", "LDLCALC", "calculated low-density lipoprotein"),
        ("BUN/CR RATIO 24", "BUN/CR", "blood urea nitrogen/creatinine ratio"),
        ("VBG pH 7.28, pCO2/pO2 55/40", "pCO2", "partial pressure of carbon dioxide"),
        ("VBG pH 7.28, pCO2/pO2 55/40", "pO2", "partial pressure of oxygen"),
        ("DKA: BHB 4.2, AG 24", "BHB", "beta-hydroxybutyrate"),
    ],
)
def test_forms_with_digits_and_punctuation(text: str, form: str, expansion: str) -> None:
    assert _expand(text)[form] == [expansion]


def test_clippings_hyphened_onto_words_are_prefixes() -> None:
    assert _expand("Sickle cell disease with vaso-occlusive crisis; gastro-oesophageal reflux.") == {}
    assert _expand("Heparin gtt, wt-based.")["wt"] == ["weight"]
    assert _expand("Covered with amp-gent.") == {"amp": ["ampicillin"], "gent": ["gentamicin"]}


def test_gene_and_allele_names_are_not_expanded() -> None:
    found = _expand("Avoid strong CYP3A4 inhibitors. HLA-B*5701 negative.")
    assert "CYP3A4" not in found and "HLA" not in found


def test_ordinary_words_spelt_like_new_abbreviations_are_not_expanded() -> None:
    text = (
        "She wore a dress, ate fish with salt, read the news by the sea, paid the fees, "
        "and is a pleasant gent with a hearing aid. Pica for ice. Odd behavior, sad mood, gas pains."
    )
    assert _expand(text) == {}
