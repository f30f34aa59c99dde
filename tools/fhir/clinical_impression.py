"""ClinicalImpression (R4) for the note's assessment.

R4 names the clinician ``assessor`` (R5 ``performer``) and allows only a Practitioner or
PractitionerRole there, so it is set only when the note's author is known as one; a
finding is ``itemReference``/``itemCodeableConcept`` (R5 uses one CodeableReference).
"""
from __future__ import annotations

from typing import Any

from tools.facts.types import Evidence
from tools.fhir.inputs import SectionSummary
from tools.fhir.plan import BuildContext, PlannedResource

KEY = "ClinicalImpression"
#: LOINC codes of note sections that state the assessment and plan.
ASSESSMENT_CODES = frozenset({"51848-0", "51847-2", "18776-5"})


def assessment_summary(sections: list[SectionSummary], problem_names: list[str]) -> str | None:
    """The assessment/plan sections' summaries, else the problems addressed."""
    texts = [s.summary.strip() for s in sections if s.code in ASSESSMENT_CODES and s.summary.strip()]
    if texts:
        return " ".join(texts)
    if problem_names:
        return "Problems addressed: " + "; ".join(problem_names) + "."
    return None


def build_clinical_impression(
    ctx: BuildContext,
    sections: list[SectionSummary],
    problems: list[tuple[str, dict[str, Any]]],
    findings: list[dict[str, Any]],
) -> PlannedResource:
    """``problems``: (name, Condition reference) of current problems; ``findings``:
    references to the Observations the assessment rests on."""
    summary = assessment_summary(sections, [name for name, _ in problems])
    resource = ctx.start(KEY, KEY, summary or "Clinical impression", Evidence(0, len(ctx.doc.text), ""))
    resource["status"] = "completed"
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    resource["effectiveDateTime"] = ctx.date
    resource["date"] = ctx.date
    if ctx.practitioner:
        resource["assessor"] = ctx.practitioner
    if problems:
        resource["problem"] = [ref for _, ref in problems]
    if summary:
        resource["summary"] = summary
    if findings:
        resource["finding"] = [{"itemReference": ref} for ref in findings]
    return ctx.plan(KEY, KEY, resource)
