"""Hand-made facts for the FHIR builder tests: the pneumonia admission of the dev notes
(d01) and a clinic note stating NKDA, with evidence spans found in the note text."""
from __future__ import annotations

from tools.facts.types import (
    ICD10CM,
    LOINC,
    RXNORM,
    SNOMED,
    AllergyFact,
    Coding,
    ConditionFact,
    Dosage,
    Evidence,
    MedicationFact,
    NoteFacts,
    ObservationFact,
    ProcedureFact,
    Timing,
)
from tools.fhir import PatientRef, RunInfo, SectionSummary, SourceDocument

ADMISSION = (
    "ADMISSION H&P\n\nCC: cough, fever x 3 days\n\n"
    "HPI: 58 yo F w/ PMH of asthma and hypothyroidism p/w productive cough.\n\n"
    "PMH: Asthma (dx in childhood), hypothyroidism, s/p TAH 2015.\n\n"
    "Home meds:\n- Levothyroxine 75 mcg PO daily\n- Albuterol 90 mcg 2 puffs inh q4h PRN wheeze\n"
    "- Budesonide-formoterol 160/4.5 2 puffs inh BID\n\n"
    "Allergies: ACE inhibitors (angioedema)\n\n"
    "Vitals: T 38.6, HR 108, BP 118/72, RR 24, SpO2 91% on RA.\n"
    "Labs: WBC 16.2, procalcitonin <0.05.\n\n"
    "A/P:\n1. CAP, RLL - start ceftriaxone; azithromycin 500 mg PO daily x 5 days.\n"
)
CLINIC = "Cardiology Consultation\n\nAllergies: NKDA\n\nImpression: HTN - cont losartan.\n"


def span(text: str, words: str, section: str | None = None) -> Evidence:
    start = text.index(words)
    return Evidence(start, start + len(words), words, section)


def admission_facts() -> NoteFacts:
    t = ADMISSION
    bp = ObservationFact(
        "Blood pressure", [Coding(LOINC, "85354-9", "Blood pressure panel with all children optional")],
        span(t, "BP 118/72"), "vital-signs",
        components=[
            ObservationFact("Systolic blood pressure", [Coding(LOINC, "8480-6", "Systolic blood pressure")],
                            span(t, "118"), "vital-signs", 118, "mm[Hg]"),
            ObservationFact("Diastolic blood pressure", [Coding(LOINC, "8462-4", "Diastolic blood pressure")],
                            span(t, "72,"), "vital-signs", 72, "mm[Hg]"),
        ],
    )
    return NoteFacts(
        conditions=[
            ConditionFact("CAP", [Coding(SNOMED, "385093006", "Community acquired pneumonia"),
                                  Coding(ICD10CM, "J18.9", "Pneumonia, unspecified organism")],
                          span(t, "CAP", "assessment and plan"), category="encounter-diagnosis"),
            ConditionFact("Asthma", [Coding(SNOMED, "195967001", "Asthma")], span(t, "Asthma"), onset="childhood"),
            ConditionFact("hypothyroidism", [Coding(SNOMED, "40930008", "Hypothyroidism")],
                          span(t, "hypothyroidism, s/p")),
            ConditionFact("asthma", [Coding(SNOMED, "195967001", "Asthma")], span(t, "asthma")),  # a repeat mention
        ],
        medications=[
            MedicationFact(
                "Levothyroxine", [Coding(RXNORM, "10582", "levothyroxine")], span(t, "Levothyroxine 75 mcg PO daily"),
                Dosage("75 mcg PO daily", 75, "ug", dose_unit_display="mcg",
                       route=Coding(SNOMED, "26643006", "Oral route"),
                       timing=Timing(frequency=1, period=1, period_unit="d", code="QD", text="daily")),
            ),
            MedicationFact(
                "Albuterol", [Coding(RXNORM, "435", "albuterol")], span(t, "Albuterol 90 mcg 2 puffs inh q4h PRN wheeze"),
                Dosage("90 mcg 2 puffs inh q4h PRN wheeze", 2, "{puff}", dose_unit_display="puffs", strength="90 mcg",
                       route=Coding(SNOMED, "447694001", "Respiratory tract route"),
                       timing=Timing(frequency=1, period=4, period_unit="h", code="Q4H", text="every 4 hours (q4h)"),
                       as_needed=True, as_needed_for="wheeze"),
            ),
            MedicationFact(
                "Budesonide-formoterol", [], span(t, "Budesonide-formoterol 160/4.5 2 puffs inh BID"),
                Dosage("160/4.5 2 puffs inh BID", dose_text="160/4.5",
                       timing=Timing(frequency=2, period=1, period_unit="d", code="BID", text="twice daily (BID)")),
            ),
            MedicationFact(
                "azithromycin", [Coding(RXNORM, "18631", "azithromycin")], span(t, "azithromycin 500 mg PO daily x 5 days"),
                Dosage("500 mg PO daily x 5 days", 500, "mg",
                       timing=Timing(frequency=1, period=1, period_unit="d", duration_days=5, when=["MORN", "bogus"])),
            ),
        ],
        allergies=[
            AllergyFact("ACE inhibitors", [Coding(SNOMED, "41549009", "Angiotensin-converting enzyme inhibitor")],
                        span(t, "ACE inhibitors (angioedema)"), reactions=["angioedema"],
                        reaction_codings=[Coding(SNOMED, "41291007", "Angioedema")], category="medication",
                        type="allergy"),
        ],
        procedures=[ProcedureFact("TAH", [Coding(SNOMED, "116140006", "Total hysterectomy")], span(t, "TAH 2015"),
                                  performed="2015")],
        observations=[
            ObservationFact("Body temperature", [Coding(LOINC, "8310-5", "Body temperature")], span(t, "T 38.6"),
                            "vital-signs", 38.6, "Cel"),
            ObservationFact("Heart rate", [Coding(LOINC, "8867-4", "Heart rate")], span(t, "HR 108"),
                            "vital-signs", 108, "/min"),
            bp,
            ObservationFact("Oxygen saturation", [Coding(LOINC, "2708-6", "Oxygen saturation in Arterial blood")],
                            span(t, "SpO2 91%"), "vital-signs", 91, "%"),
            ObservationFact("WBC", [Coding(LOINC, "6690-2", "Leukocytes [#/volume] in Blood by Automated count")],
                            span(t, "WBC 16.2"), "laboratory", 16.2, "10*3/uL"),
            ObservationFact("Procalcitonin", [Coding(LOINC, "33959-8", "Procalcitonin [Mass/volume] in Serum or Plasma")],
                            span(t, "procalcitonin <0.05"), "laboratory", 0.05, "ng/mL", value_text="<0.05",
                            comparator="<"),
        ],
    )


def admission_doc(**changes: object) -> SourceDocument:
    values = dict(
        text=ADMISSION, document_date="2025-10-05", kind="admission history and physical",
        encounter_class="IMP", chief_complaint="cough, fever x 3 days",
    )
    values.update(changes)
    return SourceDocument(**values)  # type: ignore[arg-type]


def admission_sections() -> list[SectionSummary]:
    t = ADMISSION
    return [
        SectionSummary("chief complaint", "10154-3", t.index("CC:"), t.index("HPI:"), "cough, fever for 3 days"),
        SectionSummary("medications", "10160-0", t.index("Home meds"), t.index("Allergies"),
                       "Levothyroxine & inhalers <home regimen>"),
        SectionSummary("assessment and plan", "51847-2", t.index("A/P"), len(t),
                       "Community-acquired pneumonia: start ceftriaxone and azithromycin."),
    ]


def clinic_facts() -> NoteFacts:
    return NoteFacts(
        conditions=[ConditionFact("HTN", [Coding(SNOMED, "38341003", "Hypertension"), Coding(ICD10CM, "I10", "")],
                                  span(CLINIC, "HTN"))],
        allergies=[AllergyFact("NKDA", [], span(CLINIC, "NKDA"), no_known=True)],
    )


def clinic_doc() -> SourceDocument:
    return SourceDocument(text=CLINIC, document_date="2025-05-12", kind="cardiology consult note",
                          document_reference="DocumentReference/note-2")


RUN = RunInfo("run-0001", "2025-10-05T12:00:00Z", "0.1.0", "rules", "tigerbridge-rules")
PATIENT = PatientRef(reference="Patient/pt-1", display="Tiger Testpatient")


def resources(bundle: dict, resource_type: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]
