"""The International Patient Summary Composition (R4).

The IPS requires the Problems, Allergies and Medications sections in every summary: each
has entries or an ``emptyReason`` saying why not (an explicit "no known allergies" is an
entry, not an empty section). Optional sections appear when the note has something for
them. Every section has an escaped XHTML narrative: the note's own section summaries, then
the entries listed plainly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.facts.types import LOINC, Evidence
from tools.fhir.datatypes import bullet_list, concept, paragraph, xhtml
from tools.fhir.inputs import SectionSummary
from tools.fhir.plan import BuildContext, PlannedResource
from tools.fhir.systems import LIST_EMPTY_REASON

KEY = "Composition"
TITLE = "International Patient Summary"
EMPTY_REASONS = {"nilknown": "Nil Known", "notasked": "Not Asked", "unavailable": "Unavailable"}


@dataclass(frozen=True)
class IpsSection:
    """An IPS section; ``sources`` are the LOINC codes of note sections summarised in it."""

    name: str
    title: str
    code: str
    display: str
    sources: frozenset[str]
    required: bool = False


PROBLEMS = IpsSection(
    "problems", "Problem List", "11450-4", "Problem list - Reported",
    frozenset({"11450-4", "11348-0", "51848-0", "46241-6", "11535-2", "10219-4", "10218-6"}), True,
)
ALLERGIES = IpsSection(
    "allergies", "Allergies and Intolerances", "48765-2", "Allergies and adverse reactions Document",
    frozenset({"48765-2"}), True,
)
MEDICATIONS = IpsSection(
    "medications", "Medication Summary", "10160-0", "History of Medication use Narrative",
    frozenset({"10160-0", "10183-2"}), True,
)
PROCEDURES = IpsSection(
    "procedures", "History of Procedures", "47519-4", "History of Procedures Document",
    frozenset({"47519-4", "29554-3"}),
)
RESULTS = IpsSection(
    "results", "Results", "30954-2", "Relevant diagnostic tests/laboratory data Narrative", frozenset({"30954-2"})
)
VITAL_SIGNS = IpsSection("vital-signs", "Vital Signs", "8716-3", "Vital signs", frozenset({"8716-3"}))
PAST_ILLNESS = IpsSection(
    "past-illness", "History of Past Illness", "11348-0", "History of Past illness Narrative", frozenset()
)
SOCIAL_HISTORY = IpsSection(
    "social-history", "Social History", "29762-2", "Social history Narrative", frozenset({"29762-2"})
)
PLAN_OF_CARE = IpsSection(
    "plan-of-care", "Plan of Care", "18776-5", "Plan of care note", frozenset({"18776-5", "51847-2", "8653-8"})
)
SECTIONS = (
    PROBLEMS, ALLERGIES, MEDICATIONS, PROCEDURES, RESULTS, VITAL_SIGNS, PAST_ILLNESS, SOCIAL_HISTORY, PLAN_OF_CARE
)


def _section(spec: IpsSection, summaries: list[str], entries: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    blocks = [paragraph(text) for text in summaries]
    out: dict[str, Any] = {"title": spec.title, "code": concept(LOINC, spec.code, spec.display)}
    content: dict[str, Any] = {}
    if entries:
        blocks.append(bullet_list(line for line, _ in entries))
        content["entry"] = [ref for _, ref in entries]
    elif spec.required:
        # The note has a section for it but nothing was extracted, or has none at all.
        reason = "unavailable" if summaries else "notasked"
        if not blocks:
            blocks.append(paragraph(f"No information: {EMPTY_REASONS[reason].lower()}."))
        content["emptyReason"] = concept(LIST_EMPTY_REASON, reason, EMPTY_REASONS[reason])
    out["text"] = {"status": "generated", "div": xhtml(*blocks)}
    out.update(content)
    return out


def build_composition(
    ctx: BuildContext,
    sections: list[SectionSummary],
    entries: dict[str, list[tuple[str, dict[str, Any]]]],
    author: dict[str, Any],
) -> PlannedResource:
    """``entries`` maps an ``IpsSection.name`` to (one-line summary, reference) pairs;
    ``author`` references TigerBridge's Device."""
    out_sections = []
    for spec in SECTIONS:
        summaries = [s.summary.strip() for s in sections if s.code in spec.sources and s.summary.strip()]
        items = entries.get(spec.name, [])
        if spec.required or items or summaries:
            out_sections.append(_section(spec, summaries, items))
    resource = ctx.start(KEY, KEY, f"{TITLE} ({ctx.doc.kind or 'clinical note'}, {ctx.date})",
                         Evidence(0, len(ctx.doc.text), ""))
    resource["identifier"] = resource["identifier"][0]  # R4: Composition.identifier is 0..1
    resource["status"] = "final"
    resource["type"] = concept(LOINC, "60591-5", "Patient summary Document")
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    resource["date"] = ctx.run.recorded
    resource["author"] = [author]
    resource["title"] = TITLE
    resource["section"] = out_sections
    return ctx.plan(KEY, KEY, resource)
