"""The curated terminology tables and their look-ups.

Code *syntax* is checked for every row (check digits catch most typos); code *meaning* is
pinned for the concepts the rest of TigerBridge depends on, including every coded answer in
the gold-annotated development notes when they are available.
"""
from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from tools.facts.types import ICD10CM, LOINC, RXNORM, SNOMED
from tools.terminology import (
    Concept,
    Domain,
    concepts,
    conflicts,
    is_ambiguous,
    lexicon,
    lookup,
    lookup_code,
    no_known_allergy,
    normalize,
)

# ---------------------------------------------------------------------------------------
# check-digit algorithms


_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_valid(number: str) -> bool:
    """Verhoeff check over the whole identifier (check digit included) gives 0."""
    c = 0
    for i, ch in enumerate(reversed(number)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def snomed_concept_id_valid(sctid: str) -> bool:
    """SCTID: 6-18 digits, no leading zero, concept partition (00 or 10), Verhoeff digit."""
    if not re.fullmatch(r"[1-9]\d{5,17}", sctid):
        return False
    return sctid[-3:-1] in ("00", "10") and verhoeff_valid(sctid)


def loinc_valid(code: str) -> bool:
    """LOINC mod-10 check digit: double every other digit from the right of the body."""
    m = re.fullmatch(r"(\d{1,7})-(\d)", code)
    if not m:
        return False
    body, check = m.group(1), int(m.group(2))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # rightmost digit of the body, then every second one
            d *= 2
            d = d // 10 + d % 10
        total += d
    return (10 - total % 10) % 10 == check


ICD10CM_RE = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
RXCUI_RE = re.compile(r"[1-9]\d{0,7}")
UCUM_RE = re.compile(r"[0-9A-Za-z%/.*\[\]{}_^'-]+")  # UCUM case-sensitive, no spaces


def test_check_digit_algorithms_on_known_values():
    for good in ("38341003", "44054006", "195967001", "22298006", "442571000124108"):
        assert snomed_concept_id_valid(good), good
    for bad in ("38341004", "44054007", "195967010", "123"):
        assert not snomed_concept_id_valid(bad), bad
    assert not snomed_concept_id_valid("86184013")  # a description-partition id
    for good in ("8867-4", "718-7", "2160-0", "4548-4", "59408-5", "89579-7", "98979-8"):
        assert loinc_valid(good), good
    for bad in ("8867-5", "718-8", "2160-1", "4548", "abc-1"):
        assert not loinc_valid(bad), bad


# ---------------------------------------------------------------------------------------
# the raw tables


TABLES = {
    Domain.CONDITION: "conditions.tsv",
    Domain.MEDICATION: "medications.tsv",
    Domain.ALLERGEN: "allergens.tsv",
    Domain.REACTION: "reactions.tsv",
    Domain.PROCEDURE: "procedures.tsv",
    Domain.OBSERVATION: "observations.tsv",
}


def raw_rows(domain: Domain) -> list[dict[str, str]]:
    path = resources.files("tools.terminology").joinpath("data", TABLES[domain])
    lines = [
        line
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        assert None not in row, f"{TABLES[domain]}: extra cells in {row}"
        assert all(v is not None for v in row.values()), f"{TABLES[domain]}: short row {row}"
    return rows


@pytest.mark.parametrize("domain", list(Domain))
def test_table_is_well_formed(domain):
    rows = raw_rows(domain)
    assert rows
    displays = [r["display"].strip().lower() for r in rows]
    assert len(displays) == len(set(displays)), "duplicate display in " + TABLES[domain]
    for row in rows:
        assert row["display"].strip() == row["display"] and row["display"]
        for cell in ("synonyms", "ambiguous"):
            for syn in filter(None, row[cell].split("|")):
                assert syn == syn.strip().lower(), f"{row['display']}: synonym {syn!r}"
        code_columns = [c for c in ("snomed", "icd10cm", "rxnorm", "loinc") if c in row]
        has_code = any(row[c] for c in code_columns)
        # a code always comes with its display and with how it was verified
        for c in code_columns:
            assert bool(row[c]) == bool(row[f"{c}_display"]), f"{row['display']}: {c}"
            assert not re.search(r"\((disorder|finding|procedure|substance|situation)\)$",
                                 row[f"{c}_display"]), f"semantic tag left in {row['display']}"
        assert bool(row["source"]) == has_code, f"{row['display']}: source"


@pytest.mark.parametrize("domain", list(Domain))
def test_every_code_has_valid_syntax(domain):
    for row in raw_rows(domain):
        if row.get("snomed"):
            assert snomed_concept_id_valid(row["snomed"]), (row["display"], row["snomed"])
        if row.get("icd10cm"):
            assert ICD10CM_RE.fullmatch(row["icd10cm"]), (row["display"], row["icd10cm"])
        if row.get("rxnorm"):
            assert RXCUI_RE.fullmatch(row["rxnorm"]), (row["display"], row["rxnorm"])
            assert row["tty"] in ("IN", "MIN"), row["display"]
            assert (row["tty"] == "MIN") == (" / " in row["rxnorm_display"]), row["display"]
        if row.get("loinc"):
            assert loinc_valid(row["loinc"]), (row["display"], row["loinc"])
        for unit in filter(None, [row.get("unit", "")] + row.get("alt_units", "").split("|")):
            assert UCUM_RE.fullmatch(unit), (row["display"], unit)


def test_table_columns_and_categories():
    for row in raw_rows(Domain.ALLERGEN):
        assert row["category"] in ("", "food", "medication", "environment", "biologic")
        assert row["kind"] in ("substance", "class", "no-known")
        assert row["category"] or row["kind"] == "no-known", row["display"]
    for row in raw_rows(Domain.OBSERVATION):
        assert row["category"] in ("vital-signs", "laboratory"), row["display"]


def test_table_sizes():
    counts = {d: len(concepts(d)) for d in Domain}
    assert counts[Domain.CONDITION] >= 1000
    assert counts[Domain.MEDICATION] >= 650
    assert counts[Domain.PROCEDURE] >= 400
    assert counts[Domain.OBSERVATION] >= 80
    assert counts[Domain.ALLERGEN] >= 40
    assert counts[Domain.REACTION] >= 30


# ---------------------------------------------------------------------------------------
# synonyms: one meaning per domain


@pytest.mark.parametrize("domain", list(Domain))
def test_no_synonym_maps_to_two_concepts(domain):
    assert conflicts(domain) == ()
    owner: dict[str, str] = {}
    for concept in concepts(domain):
        for synonym in concept.synonyms:
            key = normalize(synonym)
            assert owner.setdefault(key, concept.display) == concept.display, (
                f"{synonym!r} means both {owner[key]!r} and {concept.display!r}"
            )


@pytest.mark.parametrize("domain", list(Domain))
def test_every_synonym_looks_up_its_own_concept(domain):
    for concept in concepts(domain):
        assert concept.domain is domain
        assert concept.display.lower() in concept.synonyms
        for synonym in concept.synonyms:
            assert lookup(domain, synonym) is concept, synonym
            assert lookup(domain, synonym.upper()) is concept, synonym
        assert set(concept.ambiguous) <= set(concept.synonyms)


# ---------------------------------------------------------------------------------------
# known codes round-trip


def codes(concept: Concept | None) -> dict[str, str]:
    assert concept is not None
    return {c.system: c.code for c in concept.codings}


CONDITIONS = [
    # names as written -> SNOMED CT, ICD-10-CM
    (["hypertension", "HTN", "High blood pressure", "  htn "], "38341003", "I10"),
    (["type 2 diabetes mellitus", "T2DM", "DM2", "dm ii", "Type-2 diabetes", "type II DM"],
     "44054006", "E11.9"),
    (["asthma", "Asthma"], "195967001", "J45.909"),
    (["community acquired pneumonia", "Community-acquired pneumonia", "CAP"],
     "385093006", "J18.9"),
    (["acute hypoxic respiratory failure", "acute respiratory failure with hypoxia",
      "Acute hypoxemic respiratory failure"], "65710008", "J96.01"),
    (["hypothyroidism", "Hypothyroid"], "40930008", "E03.9"),
    (["paroxysmal atrial fibrillation", "paroxysmal AF", "Paroxysmal A-fib", "PAF"],
     "282825002", "I48.0"),
    (["atrial fibrillation", "afib", "A-fib", "a fib", "AFib"], "49436004", "I48.91"),
    (["obstructive sleep apnea", "OSA", "obstructive sleep apnoea"], "78275009", "G47.33"),
    (["chronic kidney disease stage 3a", "CKD3a", "CKD stage 3a", "ckd 3a"],
     "700378005", "N18.31"),
    (["COPD", "chronic obstructive pulmonary disease"], "13645005", "J44.9"),
    (["CHF", "congestive heart failure"], "42343007", "I50.9"),
    (["HFrEF", "heart failure with reduced ejection fraction"], "703272007", "I50.20"),
    (["CAD", "coronary artery disease"], "53741008", "I25.10"),
    (["ESRD", "end-stage renal disease", "end stage renal disease"], "46177005", "N18.6"),
    (["GERD", "acid reflux"], "235595009", "K21.9"),
    (["UTI", "urinary tract infection"], "68566005", "N39.0"),
    (["MDD", "major depressive disorder"], "370143000", "F32.9"),
    (["GAD", "generalized anxiety disorder"], "21897009", "F41.1"),
    (["PTSD", "post-traumatic stress disorder"], "47505003", "F43.10"),
    (["hyperlipidemia", "HLD"], "55822004", "E78.5"),
    (["multiple sclerosis"], "24700007", "G35.D"),
    (["Crohn's disease", "Crohn’s disease", "crohns"], "34000006", "K50.90"),
    (["C. diff", "C diff", "C. difficile infection"], "186431008", "A04.72"),
    # breadth additions, one or more per specialty (codes checked like the rest)
    (["POAG", "primary open-angle glaucoma", "open angle glaucoma"], "77075001", "H40.1190"),
    (["A1GDM", "gestational diabetes, diet controlled", "diet-controlled GDM"], "11687002", "O24.410"),
    (["complete heart block", "third degree AV block"], "27885002", "I44.2"),
    (["ARDS", "acute respiratory distress syndrome"], "67782005", "J80"),
    (["acute hypercapnic respiratory failure"], "709110009", "J96.02"),
    (["reflux esophagitis", "erosive oesophagitis"], "266433003", "K21.00"),
    (["esophagitis", "oesophagitis"], "16761005", "K20.90"),
    (["MRSA colonization", "MRSA carrier"], "432415000", "Z22.322"),
    (["ureteral stone", "ureterolithiasis", "ureteric calculus"], "31054009", "N20.1"),
    (["choledocholithiasis", "CBD stone"], "307132003", "K80.50"),
    (["hepatorenal syndrome"], "51292008", "K76.7"),
    (["apnea of prematurity", "apnoea of prematurity"], "276544005", "P28.49"),
    (["hyperbilirubinemia of prematurity"], "73749009", "P59.0"),
    (["CKD stage IIIa", "stage 3a CKD", "chronic kidney disease stage iiia"], "700378005", "N18.31"),
    (["LLE cellulitis", "cellulitis of left lower extremity", "left leg cellulitis"], "128045006", "L03.116"),
    (["RUE cellulitis", "cellulitis of the right upper extremity"], "128045006", "L03.113"),
    (["hypoxic respiratory failure", "hypoxemic respiratory failure"], "409622000", "J96.91"),
    (["preemie", "preterm infant"], "395507008", "P07.30"),
    (["severe alcohol use disorder", "moderate AUD"], None, "F10.20"),
    (["mild alcohol use disorder"], None, "F10.10"),
    (["opioid use disorder, severe", "moderate OUD"], None, "F11.20"),
    (["kidney transplant failure", "failed renal transplant"], None, "T86.12"),
    (["neonatal apnea", "apnea of newborn"], None, "P28.40"),
    (["ischemic CMP", "ICMP"], None, "I25.5"),
    (["positive FIT", "FIT positive"], "59614000", "R19.5"),
    (["bronchopulmonary dysplasia"], "67569000", "P27.1"),
    (["acute myeloid leukemia", "AML"], "91861009", "C92.00"),
    (["bone metastases", "osseous metastases"], "94222008", "C79.51"),
    (["immune thrombocytopenia", "ITP"], "32273002", "D69.3"),
    (["sensorineural hearing loss", "SNHL"], "60700002", None),
    (["hidradenitis suppurativa"], "59393003", "L73.2"),
    (["lumbar radiculopathy"], "128196005", "M54.16"),
    (["bipolar II disorder", "bipolar 2"], "83225003", "F31.81"),
    (["eclampsia"], "15938005", "O15.9"),
]


@pytest.mark.parametrize("names,snomed,icd", CONDITIONS)
def test_condition_codes(names, snomed, icd):
    expected = {SNOMED: snomed, ICD10CM: icd}
    expected = {system: code for system, code in expected.items() if code}
    for name in names:
        assert codes(lookup(Domain.CONDITION, name)) == expected, name


def test_condition_granularities_are_distinct():
    generic = lookup(Domain.CONDITION, "atrial fibrillation")
    paroxysmal = lookup(Domain.CONDITION, "paroxysmal atrial fibrillation")
    assert generic is not paroxysmal
    assert lookup(Domain.CONDITION, "chronic kidney disease").code("icd10cm") == "N18.9"
    assert lookup(Domain.CONDITION, "ckd stage 3").code("icd10cm") == "N18.30"


MEDICATIONS = [
    (["levothyroxine", "Synthroid", "LT4"], "10582"),
    (["albuterol", "salbutamol", "ProAir", "Ventolin"], "435"),
    (["lisinopril", "Zestril"], "29046"),
    (["metformin", "Glucophage"], "6809"),
    (["atorvastatin", "Lipitor"], "83367"),
    (["apixaban", "Eliquis"], "1364430"),
    (["aspirin", "ASA"], "1191"),
    (["losartan", "Cozaar"], "52175"),
    (["hydrochlorothiazide", "HCTZ"], "5487"),
    (["metoprolol", "metoprolol tartrate", "Toprol XL", "Toprol-XL"], "6918"),
    (["furosemide", "Lasix"], "4603"),
    (["insulin glargine", "Lantus", "glargine"], "274783"),
    (["ceftriaxone", "Rocephin"], "2193"),
    (["azithromycin", "Z-Pak", "Zithromax"], "18631"),
    (["enoxaparin", "Lovenox"], "67108"),
    (["amoxicillin"], "723"),
    (["acetaminophen", "APAP", "Tylenol", "paracetamol"], "161"),
    (["potassium chloride", "KCl"], "8591"),
    (["methotrexate", "MTX"], "6851"),
    (["nitroglycerin", "NTG"], "4917"),
    (["budesonide-formoterol", "budesonide/formoterol", "budesonide and formoterol",
      "Symbicort", "budesonide / formoterol"], "389132"),
    (["Norco", "hydrocodone/APAP", "hydrocodone-acetaminophen"], "214182"),
    (["Bactrim", "TMP-SMX", "sulfamethoxazole/trimethoprim"], "10831"),
    (["vitamin D", "vit D"], "11253"),
    (["cholecalciferol", "vitamin D3", "colecalciferol"], "2418"),
    (["tacrolimus", "Prograf", "Envarsus XR"], "42316"),
    (["frusemide", "furosemide"], "4603"),
    (["Zestoretic", "lisinopril-HCTZ", "lisinopril/hydrochlorothiazide"], "214618"),
    (["Humulin 70/30", "insulin 70/30"], "1008501"),
    (["insulin glulisine", "Apidra"], "400008"),
    (["lidocaine with epinephrine", "lidocaine w/ epi"], "107602"),
    (["sevoflurane"], "36453"),
    (["dolutegravir", "Tivicay"], "1433868"),
]


@pytest.mark.parametrize("names,rxcui", MEDICATIONS)
def test_medication_codes(names, rxcui):
    for name in names:
        concept = lookup(Domain.MEDICATION, name)
        assert codes(concept) == {RXNORM: rxcui}, name
    assert concept.kind == ("MIN" if " / " in concept.display else "IN")


def test_unverified_medications_are_text_only():
    concept = lookup(Domain.MEDICATION, "Entresto")
    assert concept is not None and concept.codings == ()
    assert concept.display == "sacubitril / valsartan"
    # no verified RxNorm code in the sources: found and named, never coded
    for name, display in [("LR", "lactated Ringer's"), ("Ringer's lactate", "lactated Ringer's"),
                          ("norepi", "norepinephrine"), ("Marcaine", "bupivacaine"),
                          ("PNV", "prenatal vitamin"), ("Creon", "pancrelipase"),
                          ("Curosurf", "poractant alfa"), ("Veltassa", "patiromer"),
                          ("Biktarvy", "bictegravir/emtricitabine/tenofovir alafenamide"),
                          ("D50", "dextrose 50%"), ("albumin 25%", "albumin human")]:
        concept = lookup(Domain.MEDICATION, name)
        assert concept is not None and concept.display == display, name
        assert concept.codings == () and concept.kind is None, name


def test_normal_saline_is_not_generic_sodium_chloride():
    saline = lookup(Domain.MEDICATION, "normal saline")
    assert saline is lookup(Domain.MEDICATION, "0.9% sodium chloride")
    assert saline is not lookup(Domain.MEDICATION, "sodium chloride")
    assert saline is not lookup(Domain.MEDICATION, "3% saline")


ALLERGENS = [
    (["ACE inhibitors", "ace inhibitor", "angiotensin-converting enzyme inhibitor", "ACEi"],
     "372733002", "medication"),
    (["penicillin", "PCN", "penicillins"], "373270004", "medication"),
    (["sulfa", "sulfa drugs", "sulfonamides"], "387406002", "medication"),
    (["NSAIDs", "nsaid"], "372665008", "medication"),
    (["iodinated contrast", "IV contrast"], "426722004", "medication"),
    (["peanut", "peanuts"], "762952008", "food"),
    (["shellfish"], "735029006", "food"),
    (["tree nuts"], "442571000124108", "food"),
    (["latex"], "111088007", "environment"),
    (["bee stings", "bee venom"], "288328004", "environment"),
]


@pytest.mark.parametrize("names,snomed,category", ALLERGENS)
def test_allergen_codes(names, snomed, category):
    for name in names:
        concept = lookup(Domain.ALLERGEN, name)
        assert codes(concept) == {SNOMED: snomed}, name
        assert concept.category == category


def test_no_known_allergy_concepts():
    assert no_known_allergy().code("snomed") == "716186003"
    assert no_known_allergy("medication").code("snomed") == "409137002"
    assert no_known_allergy("food").code("snomed") == "429625007"
    assert no_known_allergy("environment").code("snomed") == "428607008"
    assert lookup(Domain.ALLERGEN, "NKDA") is no_known_allergy("medication")
    assert lookup(Domain.ALLERGEN, "NKA") is no_known_allergy()
    assert lookup(Domain.ALLERGEN, "no known drug allergies") is no_known_allergy("medication")
    with pytest.raises(KeyError):
        no_known_allergy("biologic")


REACTIONS = [
    (["angioedema"], "41291007"),
    (["hives", "urticaria"], "126485001"),
    (["rash"], "271807003"),
    (["anaphylaxis", "anaphylactic shock"], "39579001"),
    (["nausea"], "422587007"),
    (["vomiting"], "422400008"),
    (["diarrhea", "diarrhoea"], "62315008"),
    (["itching", "pruritus"], "418290006"),
    (["wheezing"], "56018004"),
    (["shortness of breath", "SOB"], "267036007"),
    (["Stevens-Johnson syndrome", "SJS"], "73442001"),
    (["cough"], "49727002"),
    (["myalgia", "muscle aches"], "68962001"),
    (["GI upset", "upset stomach"], "162059005"),
]


@pytest.mark.parametrize("names,snomed", REACTIONS)
def test_reaction_codes(names, snomed):
    for name in names:
        assert codes(lookup(Domain.REACTION, name)) == {SNOMED: snomed}, name


def test_reaction_without_verified_code_is_text_only():
    concept = lookup(Domain.REACTION, "throat tightness")
    assert concept is not None and concept.codings == ()


PROCEDURES = [
    (["appendectomy"], "80146002"),
    (["cholecystectomy"], "38102005"),
    (["laparoscopic cholecystectomy", "lap chole"], "45595009"),
    (["total abdominal hysterectomy", "TAH"], "116143008"),
    (["hysterectomy"], "236886002"),
    (["total knee replacement", "TKA", "TKR"], "609588000"),
    (["CABG"], "232717009"),
    (["PCI"], "415070008"),
    (["cesarean section", "C-section"], "11466000"),
    (["colonoscopy"], "73761001"),
    (["EGD"], "76009000"),
    (["echocardiography", "echocardiogram", "echo"], "40701008"),
    (["transthoracic echocardiogram", "TTE"], "433236007"),
    (["holter monitoring", "Holter monitor", "ambulatory ECG monitoring"], "46825001"),
    (["ECG", "EKG", "electrocardiogram"], "29303009"),
    (["chest x-ray", "CXR"], "399208008"),
    (["intubation", "endotracheal intubation"], "112798008"),
    (["hemodialysis", "dialysis"], "302497006"),
    (["lumbar puncture", "spinal tap"], "277762005"),
    (["bronchoscopy"], "10847001"),
    (["thoracentesis"], "91602002"),
    (["Hartmann procedure", "Hartmann's procedure"], "16564004"),
    (["carotid endarterectomy", "CEA"], "66951008"),
    (["PICC placement", "PICC line"], "425196008"),
    (["shave biopsy"], "72342005"),
    (["hernia repair", "herniorrhaphy"], "50465008"),
    (["inguinal hernia repair"], "44558001"),
    (["radical prostatectomy", "RALP"], "26294005"),
    (["amniotomy", "AROM"], "408817009"),
    (["epidural", "labor epidural"], "18946005"),
    (["moderate sedation", "conscious sedation"], "314271007"),
    (["colonoscopic polypectomy"], "311774002"),
    (["aortic valve replacement", "SAVR"], "26212005"),
]


@pytest.mark.parametrize("names,snomed", PROCEDURES)
def test_procedure_codes(names, snomed):
    for name in names:
        assert codes(lookup(Domain.PROCEDURE, name)) == {SNOMED: snomed}, name


OBSERVATIONS = [
    # names -> LOINC, UCUM unit, category
    (["heart rate", "pulse", "HR"], "8867-4", "/min", "vital-signs"),
    (["respiratory rate", "RR"], "9279-1", "/min", "vital-signs"),
    (["temperature", "temp", "T"], "8310-5", "Cel", "vital-signs"),
    (["systolic blood pressure", "SBP"], "8480-6", "mm[Hg]", "vital-signs"),
    (["diastolic blood pressure", "DBP"], "8462-4", "mm[Hg]", "vital-signs"),
    (["SpO2", "O2 sat", "pulse ox"], "59408-5", "%", "vital-signs"),
    (["weight", "wt"], "29463-7", "kg", "vital-signs"),
    (["height"], "8302-2", "cm", "vital-signs"),
    (["BMI"], "39156-5", "kg/m2", "vital-signs"),
    (["WBC", "white blood cell count"], "6690-2", "10*3/uL", "laboratory"),
    (["hemoglobin", "Hgb", "Hb"], "718-7", "g/dL", "laboratory"),
    (["hematocrit", "Hct"], "4544-3", "%", "laboratory"),
    (["platelets", "plt", "plts"], "777-3", "10*3/uL", "laboratory"),
    (["sodium", "Na"], "2951-2", "mmol/L", "laboratory"),
    (["potassium", "K"], "2823-3", "mmol/L", "laboratory"),
    (["creatinine", "Cr", "creat"], "2160-0", "mg/dL", "laboratory"),
    (["BUN"], "3094-0", "mg/dL", "laboratory"),
    (["glucose"], "2345-7", "mg/dL", "laboratory"),
    (["HbA1c", "A1c", "hemoglobin A1c"], "4548-4", "%", "laboratory"),
    (["lactate", "lactic acid"], "2524-7", "mmol/L", "laboratory"),
    (["procalcitonin"], "33959-8", "ng/mL", "laboratory"),
    (["troponin I"], "10839-9", "ng/mL", "laboratory"),
    (["BNP"], "30934-4", "pg/mL", "laboratory"),
    (["NT-proBNP"], "33762-6", "pg/mL", "laboratory"),
    (["INR"], "6301-6", "{INR}", "laboratory"),
    (["TSH"], "3016-3", "m[IU]/L", "laboratory"),
    (["magnesium", "Mg"], "19123-9", "mg/dL", "laboratory"),
    (["calcium", "Ca"], "17861-6", "mg/dL", "laboratory"),
    (["AST"], "1920-8", "U/L", "laboratory"),
    (["ALT"], "1742-6", "U/L", "laboratory"),
    (["total bilirubin", "tbili"], "1975-2", "mg/dL", "laboratory"),
    (["albumin"], "1751-7", "g/dL", "laboratory"),
    (["eGFR"], "98979-8", "mL/min/{1.73_m2}", "laboratory"),
]


@pytest.mark.parametrize("names,loinc,unit,category", OBSERVATIONS)
def test_observation_codes(names, loinc, unit, category):
    for name in names:
        concept = lookup(Domain.OBSERVATION, name)
        assert codes(concept) == {LOINC: loinc}, name
        assert concept.unit == unit
        assert concept.category == category


def test_temperature_accepts_fahrenheit_and_bp_is_a_panel():
    temp = lookup(Domain.OBSERVATION, "temperature")
    assert temp.unit == "Cel" and "[degF]" in temp.alt_units
    bp = lookup(Domain.OBSERVATION, "BP")
    assert bp.code("loinc") == "85354-9" and bp.unit is None


def test_generic_troponin_is_not_guessed():
    # "trop 0.04" does not say which troponin: text only, not troponin I
    assert lookup(Domain.OBSERVATION, "trop").codings == ()


# ---------------------------------------------------------------------------------------
# lookup behaviour


def test_lookup_normalizes_case_space_hyphens_and_punctuation():
    dm2 = lookup(Domain.CONDITION, "type 2 diabetes mellitus")
    for variant in ("TYPE 2 DIABETES MELLITUS", "type-2   diabetes mellitus",
                    "Type 2 Diabetes Mellitus.", "type 2 diabetes-mellitus"):
        assert lookup(Domain.CONDITION, variant) is dm2, variant
    assert normalize("Budesonide / Formoterol") == "budesonide/formoterol"
    assert normalize("Crohn’s") == "crohns"
    assert normalize("0.9% saline") == "0.9% saline"
    assert normalize("H. pylori") == "h pylori"


def test_lookup_accepts_domain_values_and_plurals_and_misses():
    assert lookup("condition", "HTN") is lookup(Domain.CONDITION, "htn")
    assert lookup(Domain.CONDITION, "migraines") is lookup(Domain.CONDITION, "migraine")
    assert lookup(Domain.CONDITION, "definitely not a disease") is None
    assert lookup(Domain.CONDITION, "") is None
    assert lookup(Domain.MEDICATION, "hypertension") is None  # domains are separate


def test_lookup_code_finds_the_concept_back():
    assert lookup_code(SNOMED, "38341003").display == "Hypertension"
    assert lookup_code("icd10cm", "J45.909").display == "Asthma"
    assert lookup_code("rxnorm", "10582").display == "levothyroxine"
    assert lookup_code(LOINC, "8867-4").display == "Heart rate"
    assert lookup_code(SNOMED, "0000") is None
    for domain in Domain:
        for concept in concepts(domain):
            for coding in concept.codings:
                assert coding in lookup_code(coding.system, coding.code).codings


def test_condition_codings_put_snomed_first_and_carry_displays():
    concept = lookup(Domain.CONDITION, "asthma")
    assert [c.system for c in concept.codings] == [SNOMED, ICD10CM]
    assert concept.codings[0].display == "Asthma"
    assert concept.codings[1].display == "Unspecified asthma, uncomplicated"


# ---------------------------------------------------------------------------------------
# lexicon and ambiguity


def test_lexicon_yields_lower_case_synonyms_longest_first():
    entries = list(lexicon(Domain.CONDITION))
    terms = [t for t, _ in entries]
    assert all(t == t.lower() for t in terms)
    assert len(terms) == len(set(terms))
    assert [len(t) for t in terms] == sorted((len(t) for t in terms), reverse=True)
    as_dict = dict(entries)
    assert as_dict["htn"].code("snomed") == "38341003"
    assert as_dict["a-fib"] is as_dict["a fib"] is as_dict["afib"]
    assert all(c.domain is Domain.CONDITION for _, c in entries)
    meds = dict(lexicon(Domain.MEDICATION))
    assert meds["lipitor"].display == "atorvastatin"
    assert meds["budesonide/formoterol"] is meds["symbicort"]


@pytest.mark.parametrize(
    "domain,term",
    [
        (Domain.OBSERVATION, "k"),
        (Domain.OBSERVATION, "mg"),
        (Domain.OBSERVATION, "ca"),
        (Domain.OBSERVATION, "na"),
        (Domain.OBSERVATION, "pt"),
        (Domain.CONDITION, "ra"),
        (Domain.CONDITION, "pe"),
        (Domain.CONDITION, "ms"),
        (Domain.CONDITION, "cap"),
        (Domain.MEDICATION, "inh"),
        (Domain.MEDICATION, "o2"),
        (Domain.CONDITION, "hit"),
        (Domain.CONDITION, "nph"),
        (Domain.CONDITION, "nec"),
        (Domain.MEDICATION, "ns"),
        (Domain.MEDICATION, "levo"),
        (Domain.MEDICATION, "epi"),
        (Domain.MEDICATION, "dex"),
        (Domain.PROCEDURE, "xr"),
        (Domain.PROCEDURE, "hus"),
        (Domain.PROCEDURE, "aka"),
    ],
)
def test_ambiguous_synonyms_need_opt_in(domain, term):
    assert is_ambiguous(domain, term)
    assert term not in dict(lexicon(domain))
    assert term in dict(lexicon(domain, include_ambiguous=True))
    assert lookup(domain, term) is not None  # the caller decided the context


def test_unambiguous_abbreviations_are_in_the_default_lexicon():
    for domain, term in [(Domain.CONDITION, "htn"), (Domain.CONDITION, "osa"),
                         (Domain.OBSERVATION, "wbc"), (Domain.OBSERVATION, "spo2"),
                         (Domain.MEDICATION, "hctz"), (Domain.ALLERGEN, "nkda")]:
        assert not is_ambiguous(domain, term)
        assert term in dict(lexicon(domain))


# What clinicians write, across specialties: each must be found (codes are pinned above
# where they were verified; here only that the surface form reaches the intended concept).
BREADTH = [
    (Domain.CONDITION, "GBS positive", "Group B streptococcus carrier"),
    (Domain.CONDITION, "PPROM", "Preterm premature rupture of membranes"),
    (Domain.CONDITION, "pre-eclampsia with severe features", "Severe preeclampsia"),
    (Domain.CONDITION, "VTE", "Venous thromboembolism"),
    (Domain.CONDITION, "HIT", "Heparin-induced thrombocytopenia"),
    (Domain.CONDITION, "PONV", "Postoperative nausea and vomiting"),
    (Domain.CONDITION, "s/p DDKT", "Kidney transplant status"),
    (Domain.CONDITION, "ESRD on HD", "Dependence on renal dialysis"),
    (Domain.CONDITION, "CRSwNP", "Chronic rhinosinusitis with nasal polyps"),
    (Domain.CONDITION, "GORD", "Gastroesophageal reflux disease"),
    (Domain.CONDITION, "ischaemic stroke", "Ischemic stroke"),
    (Domain.CONDITION, "NEC", "Necrotizing enterocolitis"),
    (Domain.CONDITION, "VLBW", "Very low birth weight infant"),
    (Domain.CONDITION, "TTN", "Transient tachypnea of the newborn"),
    (Domain.CONDITION, "nuclear sclerotic cataract", "Age-related cataract"),
    (Domain.CONDITION, "wet AMD", "Exudative age-related macular degeneration"),
    (Domain.CONDITION, "ACL tear", "Anterior cruciate ligament tear"),
    (Domain.CONDITION, "stress fracture", "Stress fracture"),
    (Domain.CONDITION, "mechanical fall", "Fall"),
    (Domain.CONDITION, "Lewy body dementia", "Dementia with Lewy bodies"),
    (Domain.CONDITION, "SBO", "Small bowel obstruction"),
    (Domain.CONDITION, "transaminitis", "Elevated liver enzymes"),
    (Domain.CONDITION, "DTPI", "Deep tissue pressure injury"),
    (Domain.CONDITION, "opioid overdose", "Opioid overdose"),
    (Domain.MEDICATION, "D5W", "dextrose 5% in water"),
    (Domain.MEDICATION, "Levophed", "norepinephrine"),
    (Domain.MEDICATION, "Precedex", "dexmedetomidine"),
    (Domain.MEDICATION, "Renvela", "sevelamer"),
    (Domain.MEDICATION, "PhosLo", "calcium acetate"),
    (Domain.MEDICATION, "vitamin B6", "pyridoxine"),
    (Domain.MEDICATION, "Senokot-S", "docusate/sennosides"),
    (Domain.MEDICATION, "GoLytely", "polyethylene glycol-electrolyte solution"),
    (Domain.MEDICATION, "Nulojix", "belatacept"),
    (Domain.MEDICATION, "Myfortic", "mycophenolic acid"),
    (Domain.MEDICATION, "Truvada", "emtricitabine/tenofovir disoproxil fumarate"),
    (Domain.MEDICATION, "Dupixent", "dupilumab"),
    (Domain.MEDICATION, "Trelegy", "fluticasone furoate/umeclidinium/vilanterol"),
    (Domain.MEDICATION, "RhoGAM", "Rho(D) immune globulin"),
    (Domain.MEDICATION, "Survanta", "beractant"),
    (Domain.PROCEDURE, "CT C-spine", "Computed tomography of cervical spine"),
    (Domain.PROCEDURE, "LE venous duplex", "Venous duplex ultrasound"),
    (Domain.PROCEDURE, "EVL", "Endoscopic variceal ligation"),
    (Domain.PROCEDURE, "EUS", "Endoscopic ultrasound"),
    (Domain.PROCEDURE, "ureteroscopy", "Ureteroscopy"),
    (Domain.PROCEDURE, "HoLEP", "Holmium laser enucleation of prostate"),
    (Domain.PROCEDURE, "IM nail", "Intramedullary nailing"),
    (Domain.PROCEDURE, "TAVR", "Transcatheter aortic valve replacement"),
    (Domain.PROCEDURE, "LVP", "Paracentesis"),
    (Domain.PROCEDURE, "port-a-cath placement", "Implantable venous access port placement"),
    (Domain.PROCEDURE, "fascia iliaca block", "Nerve block"),
    (Domain.PROCEDURE, "6MWT", "Six-minute walk test"),
    (Domain.PROCEDURE, "uroflow", "Uroflowmetry"),
    (Domain.PROCEDURE, "skin prick test", "Skin prick testing"),
    (Domain.PROCEDURE, "primary LTCS", "Primary low transverse cesarean section"),
]


@pytest.mark.parametrize("domain,term,display", BREADTH)
def test_breadth_across_specialties(domain, term, display):
    concept = lookup(domain, term)
    assert concept is not None and concept.display == display, term
    assert not is_ambiguous(domain, term) or term.isupper()


def test_modifier_forms_are_left_to_the_extractor():
    # "recurrent VTE", "adhesive SBO": the qualifier is read from the note, not a synonym
    assert lookup(Domain.CONDITION, "recurrent vte") is None
    assert lookup(Domain.CONDITION, "adhesive sbo") is None
    # words that mean something else in notes are not synonyms
    for word in ("hrs", "ssi", "epi", "pcp", "du", "fh", "pta", "uds"):
        assert lookup(Domain.CONDITION, word) is None, word
    assert lookup(Domain.PROCEDURE, "uds") is None
    assert lookup(Domain.MEDICATION, "albumin") is None  # the lab value; "albumin 25%" is the drug


# ---------------------------------------------------------------------------------------
# the gold-annotated development notes


SHARED_EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "data" / "notes").glob("d0*.json"))


def test_gold_names_and_codes_from_dev_notes():
    """The shared examples' gold codes (copied into tests/data/notes) are what the tables say."""
    assert SHARED_EXAMPLES
    domains = {"conditions": Domain.CONDITION, "medications": Domain.MEDICATION,
               "allergies": Domain.ALLERGEN, "procedures": Domain.PROCEDURE}
    for path in SHARED_EXAMPLES:
        gold = json.loads(path.read_text("utf-8"))["gold"]
        for key, domain in domains.items():
            for item in gold.get(key, []):
                found = [lookup(domain, n) for n in item["names"]]
                assert any(found), f"{path.name}: none of {item['names']} found"
                first = found[0] or next(c for c in found if c)
                if item.get("snomed"):
                    assert first.code("snomed") == item["snomed"], (path.name, item)
                if item.get("icd10"):
                    assert first.code("icd10cm") == item["icd10"], (path.name, item)
                for reaction in item.get("reaction", []):
                    assert lookup(Domain.REACTION, reaction) is not None, reaction


def test_development_corpus_coverage_does_not_regress():
    """Share of gold items in tests/data/notes that at least one acceptable name finds."""
    notes = sorted((Path(__file__).resolve().parents[1] / "data" / "notes").glob("*.json"))
    assert notes
    floors = {"conditions": (Domain.CONDITION, 0.85), "medications": (Domain.MEDICATION, 0.90),
              "allergies": (Domain.ALLERGEN, 0.90), "procedures": (Domain.PROCEDURE, 0.55)}
    for key, (domain, floor) in floors.items():
        found = total = 0
        for path in notes:
            for item in json.loads(path.read_text("utf-8"))["gold"].get(key, []):
                total += 1
                domains = [domain, Domain.MEDICATION] if key == "allergies" else [domain]
                found += any(lookup(d, n) for d in domains for n in item["names"])
        assert total and found / total >= floor, f"{key}: {found}/{total}"
