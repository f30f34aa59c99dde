"""The fact extractor's entry point: one note in, its ``NoteFacts`` out.

Order matters once: allergies run first so that a drug named in an allergy statement is not
also read as a medication, nor its reaction as a problem.
"""
from __future__ import annotations

from datetime import date

from tools.annotations import Section, TemporalExpression
from tools.facts.allergies import AllergyExtractor
from tools.facts.conditions import ConditionExtractor
from tools.facts.context import ContextFinder
from tools.facts.dates import DateIndex
from tools.facts.lexicons import NoteMatches
from tools.facts.medications import MedicationExtractor
from tools.facts.observations import ObservationExtractor
from tools.facts.procedures import ProcedureExtractor
from tools.facts.text import NoteText
from tools.facts.types import NoteFacts
from tools.temporal import extract_temporal


def extract_facts(
    text: str,
    sections: list[Section],
    document_date: date,
    *,
    note_kind: str | None = None,
    temporal: list[TemporalExpression] | None = None,
) -> NoteFacts:
    """Conditions, medications, allergies, procedures and observations stated in a note.

    ``sections`` come from ``tools.sections.detect_sections``; ``temporal`` from
    ``tools.temporal.extract_temporal`` (computed here when not given). ``note_kind`` is
    accepted for callers that know it; the rules read the note's own sections instead, so
    that a mislabelled note is still read correctly.
    """
    del note_kind  # the sections carry what the kind would tell
    note = NoteText(text, sections)
    if temporal is None:
        temporal = extract_temporal(text, document_date)
    matches = NoteMatches(note)
    context = ContextFinder(note)
    dates = DateIndex(note, temporal, document_date)

    allergy_extractor = AllergyExtractor(note, matches, context)
    allergies = allergy_extractor.extract()
    medications = MedicationExtractor(note, matches, context, allergy_extractor.spans).extract()
    conditions = ConditionExtractor(note, matches, context, dates, allergy_extractor.spans).extract()
    procedures = ProcedureExtractor(note, matches, context, dates).extract()
    observations = ObservationExtractor(note, matches, dates, document_date).extract()
    return NoteFacts(
        conditions=conditions,
        medications=medications,
        allergies=allergies,
        procedures=procedures,
        observations=observations,
    )
