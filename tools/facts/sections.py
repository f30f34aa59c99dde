"""What each canonical section means to the fact extractors.

A condition named in the assessment is a diagnosis of this encounter; the same words in the
review of systems are a symptom checklist, and in the family history they are a relative's.
The extractors decide by the *role* of the section a mention sits in, never by its title
directly, so a new section name only needs a row here.
"""
from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    PROBLEMS = "problems"  # problem list, past medical history: problem-list-item
    DIAGNOSES = "diagnoses"  # assessment, impression, diagnoses: encounter-diagnosis
    PLAN = "plan"  # a plan: coded diagnoses only; its item heads are actions, not problems
    NARRATIVE = "narrative"  # HPI, hospital course: only conditions introduced as history
    PROCEDURES = "procedures"  # surgical history, procedure performed
    SKIP = "skip"  # symptoms, exam, results, relatives, instructions


_ROLES: dict[str, Role] = {
    "past medical history": Role.PROBLEMS,
    "problem list": Role.PROBLEMS,
    "assessment and plan": Role.DIAGNOSES,
    "assessment": Role.DIAGNOSES,
    "impression": Role.DIAGNOSES,
    "clinical impression": Role.DIAGNOSES,
    "diagnosis": Role.DIAGNOSES,
    "final diagnosis": Role.DIAGNOSES,
    "plan": Role.PLAN,
    "admission diagnosis": Role.DIAGNOSES,
    "discharge diagnosis": Role.DIAGNOSES,
    "diagnoses": Role.DIAGNOSES,
    "preoperative diagnosis": Role.DIAGNOSES,
    "postoperative diagnosis": Role.DIAGNOSES,
    "medical decision making": Role.DIAGNOSES,
    "procedure indications": Role.NARRATIVE,
    "history of present illness": Role.NARRATIVE,
    "interval history": Role.NARRATIVE,
    "hospital course": Role.NARRATIVE,
    "ed course": Role.NARRATIVE,
    "subjective": Role.NARRATIVE,
    "chief complaint": Role.NARRATIVE,
    "consults": Role.NARRATIVE,
    "past surgical history": Role.PROCEDURES,
    "procedures": Role.PROCEDURES,
    "procedure description": Role.SKIP,
    "family history": Role.SKIP,
    "social history": Role.SKIP,
    "review of systems": Role.SKIP,
    "physical exam": Role.SKIP,
    "mental status exam": Role.SKIP,
    "vital signs": Role.SKIP,
    "results": Role.SKIP,
    "imaging": Role.SKIP,
    "objective": Role.SKIP,
    "medications": Role.SKIP,
    "discharge medications": Role.SKIP,
    "allergies": Role.SKIP,
    "immunizations": Role.SKIP,
    "discharge instructions": Role.SKIP,
    "follow-up": Role.SKIP,
    "findings": Role.SKIP,
    "technique": Role.SKIP,
    "comparison": Role.SKIP,
    "anesthesia": Role.SKIP,
    "estimated blood loss": Role.SKIP,
    "specimens": Role.SKIP,
    "complications": Role.NARRATIVE,
    "functional status": Role.SKIP,
    "disposition": Role.SKIP,
    "condition at discharge": Role.SKIP,
}


def role(title: str | None) -> Role:
    """The role of a section; text before the first header, and sections we do not know, are
    read as narrative (the most conservative reading that still finds "h/o X")."""
    if title is None:
        return Role.NARRATIVE
    return _ROLES.get(title, Role.NARRATIVE)
