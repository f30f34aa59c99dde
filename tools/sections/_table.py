"""Header synonyms and the canonical sections they name.

The mapping is data, not code, so that a new note style means a new row here and never a
new branch in the detector.  Canonical titles are lower case; codes are LOINC section codes
as used by C-CDA and the International Patient Summary, and ``None`` where no LOINC section
code fits well enough to be trusted (a wrong code is worse than none downstream).
"""
from __future__ import annotations

import re

#: canonical title -> LOINC code (or None).
CANONICAL: dict[str, str | None] = {
    "chief complaint": "10154-3",
    "history of present illness": "10164-2",
    "past medical history": "11348-0",
    # IPS "History of Procedures" section: surgical history is a history of procedures.
    "past surgical history": "47519-4",
    "problem list": "11450-4",
    "medications": "10160-0",
    "discharge medications": "10183-2",
    "allergies": "48765-2",
    "family history": "10157-6",
    "social history": "29762-2",
    "immunizations": "11369-6",
    "review of systems": "10187-3",
    "physical exam": "29545-1",
    "mental status exam": "10190-7",
    "vital signs": "8716-3",
    "results": "30954-2",
    # Imaging reports are diagnostic results: the IPS Results section (30954-2) holds them.
    "imaging": "30954-2",
    "subjective": "61150-9",
    "objective": "61149-1",
    "assessment": "51848-0",
    # A clinician's "Impression:" is kept apart from "Assessment:" because notes and the gold
    # name it so; its only LOINC code (19005-8) is the radiology report's impression.
    "impression": None,
    "plan": "18776-5",
    "assessment and plan": "51847-2",
    # Follow-up arrangements are part of the plan of care.
    "follow-up": "18776-5",
    "hospital course": "8648-8",
    "ed course": None,
    "discharge instructions": "8653-8",
    # One title for every diagnosis list; HEADER_CODES keeps the specific LOINC code.
    "diagnoses": None,
    "procedures": "47519-4",
    "procedure description": "29554-3",
    "procedure indications": "59768-2",
    "findings": "59776-5",
    "anesthesia": "59774-0",
    "estimated blood loss": "59770-8",
    "complications": "55109-3",
    "specimens": "59773-2",
    "functional status": "47420-5",
    "condition at discharge": None,
    "consults": None,
    "technique": None,
    "comparison": None,
}

#: canonical title -> header spellings seen in notes (matched after normalisation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "chief complaint": (
        "cc", "chief complaint", "chief concern", "presenting complaint", "reason for consult",
        "reason for consultation", "reason for visit", "reason for referral",
        "reason for admission", "rfc", "rfv", "reason", "consult reason", "reason for encounter",
    ),
    "history of present illness": (
        "hpi", "history of present illness", "history of the present illness", "present illness",
        "history", "history of presenting illness", "hopi", "clinical history", "interval history", "interval hx",
        "overnight events", "events overnight", "interval events",
    ),
    "past medical history": (
        "pmh", "pmhx", "past medical history", "medical history", "past history", "pmh psh",
        "past medical and surgical history", "past medical hx",
    ),
    "past surgical history": (
        "psh", "pshx", "past surgical history", "surgical history", "surgical hx", "past surgical hx",
        "surgical and anesthesia history", "surgical and anesthesia hx",
    ),
    "problem list": ("problem list", "problems", "active problems", "patient active problem list", "active problem list"),
    "medications": (
        "medications", "meds", "medication", "current medications", "current meds", "home medications",
        "home meds", "outpatient medications", "outpatient meds", "current outpatient medications",
        "current outpatient prescriptions", "medications prior to admission", "prior to admission medications",
        "admission medications", "admission meds", "active medications", "medication list", "med list",
        "medications on admission", "current facility administered medications", "inpatient medications",
        "scheduled medications", "outpatient prescriptions", "home medication list",
    ),
    "discharge medications": ("discharge medications", "discharge meds", "medications on discharge", "discharge medication list"),
    "allergies": (
        "allergies", "allergy", "all", "drug allergies", "allergies intolerances",
        "allergies and adverse reactions", "medication allergies", "allergies reactions",
    ),
    "family history": ("fh", "fhx", "family history", "family hx", "family medical history"),
    "social history": ("sh", "shx", "social history", "social hx", "social", "substance use", "habits"),
    "immunizations": ("immunizations", "immunization history", "vaccines", "vaccinations", "immunization", "vaccination history"),
    "review of systems": ("ros", "review of systems", "review of system", "systems review"),
    "physical exam": (
        "pe", "physical exam", "physical examination", "exam", "examination", "physical", "pe exam",
        "physical findings", "objective exam",
    ),
    "mental status exam": ("mse", "mental status exam", "mental status examination", "mental status"),
    "vital signs": ("vitals", "vital signs", "vs", "vital sign", "vitals signs"),
    "results": (
        "labs", "lab", "laboratory", "laboratory data", "laboratory results", "lab results", "lab data", "data",
        "results", "pertinent results", "studies", "diagnostics", "diagnostic studies", "labs studies",
        "labs and imaging", "pertinent labs", "investigations", "lab work", "labwork", "testing", "tests",
        "diagnostic testing", "test results",
    ),
    "imaging": ("imaging", "radiology", "cxr", "chest x ray", "imaging studies", "imaging results", "x ray", "xr", "ct", "mri"),
    "subjective": ("s", "subjective"),
    "objective": ("o", "objective"),
    "assessment": ("a", "assessment", "mdm", "medical decision making", "assessment impression"),
    "impression": ("impression", "clinical impression", "impressions"),
    "plan": (
        "p", "plan", "recommendations", "recs", "plan of care", "treatment plan", "recommendation", "disposition",
        "dispo",
    ),
    "assessment and plan": (
        "a p", "ap", "assessment and plan", "impression and plan",
        "assessment and recommendations",
        "impression and recommendations", "a r", "assessment plan by problem", "problem based assessment and plan",
    ),
    "follow-up": ("follow up", "followup", "f u", "fu", "follow up appointments", "follow up instructions"),
    "hospital course": ("hospital course", "brief hospital course", "hospital course by problem", "clinical course"),
    "ed course": ("ed course", "er course", "emergency department course"),

    "discharge instructions": ("discharge instructions", "patient instructions", "instructions", "return precautions"),
    "diagnoses": (
        "diagnosis", "diagnoses", "dx", "admission diagnosis", "admission diagnoses", "admitting diagnosis",
        "discharge diagnosis", "discharge diagnoses", "principal diagnosis", "final diagnosis",
        "preoperative diagnosis", "pre operative diagnosis", "preop diagnosis", "pre op diagnosis", "preop dx",
        "postoperative diagnosis", "post operative diagnosis", "postop diagnosis", "post op diagnosis", "postop dx",
    ),
    "procedures": (
        "procedures", "procedure", "procedure performed", "procedures performed", "operation", "operations",
        "operation performed", "past procedures",
    ),
    "procedure description": (
        "description of procedure", "procedure description", "procedure in detail", "details of procedure",
        "description of the procedure", "operative technique", "operative procedure", "technique of procedure",
    ),
    "procedure indications": ("indications", "indication", "indication for procedure", "indications for procedure", "clinical indication"),
    "findings": ("findings", "operative findings", "intraoperative findings", "procedure findings"),
    "anesthesia": ("anesthesia", "anaesthesia", "type of anesthesia"),
    "estimated blood loss": ("estimated blood loss", "ebl"),
    "complications": ("complications",),
    "specimens": ("specimens", "specimen", "specimens removed"),
    "functional status": ("functional status", "functional history"),
    "condition at discharge": ("condition at discharge", "discharge condition", "condition on discharge"),
    "consults": ("consults", "consultations", "consultants"),
    "technique": ("technique",),
    "comparison": ("comparison", "comparisons"),
}

#: Diagnosis headers that have a LOINC code of their own (C-CDA section codes).
_DIAGNOSIS_CODES = {
    "46241-6": ("admission diagnosis", "admission diagnoses", "admitting diagnosis"),
    "11535-2": ("discharge diagnosis", "discharge diagnoses"),
    "10219-4": ("preoperative diagnosis", "pre operative diagnosis", "preop diagnosis", "pre op diagnosis", "preop dx"),
    "10218-6": (
        "postoperative diagnosis", "post operative diagnosis", "postop diagnosis", "post op diagnosis", "postop dx",
    ),
}

_JOINERS = re.compile(r"[&/+,]|\band\b")
_DROP = re.compile(r"[^a-z0-9 ]+")


def normalise_header(header: str) -> str:
    """Fold case, parentheses, joiners ("&", "and", "/") and punctuation so spellings collide."""
    text = re.sub(r"\([^)]*\)", " ", header.lower())
    text = _JOINERS.sub(" ", text.replace("-", " "))
    return " ".join(_DROP.sub("", text).split())


LOOKUP: dict[str, str] = {
    normalise_header(spelling): title for title, spellings in SYNONYMS.items() for spelling in spellings
}

#: normalised header -> LOINC code, where the header is more specific than its title.
HEADER_CODES: dict[str, str] = {
    normalise_header(spelling): code for code, spellings in _DIAGNOSIS_CODES.items() for spelling in spellings
}
