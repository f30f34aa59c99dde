"""The offline clinical rules engine as a step backend.

It is the default when no GPU is configured, and the source of candidates and guard rails
when an LLM is: deterministic, fast, and measured by ``tigerbridge eval``.
"""
from __future__ import annotations

from agent.note import NoteInput
from tools import abbreviations, facts, summaries, temporal
from tools.annotations import Abbreviation, Section, TemporalExpression
from tools.facts.types import NoteFacts

ENGINE_VERSION = "tigerbridge-rules/0.1"


class RulesBackend:
    name = "rules"
    model_id = ENGINE_VERSION

    def expand_abbreviations(self, note: NoteInput, sections: list[Section]) -> list[Abbreviation]:
        return abbreviations.expand_abbreviations(note.text, sections, note_kind=note.kind)

    def extract_temporal(self, note: NoteInput, sections: list[Section]) -> list[TemporalExpression]:
        return temporal.extract_temporal(note.text, note.document_date)

    def extract_facts(
        self, note: NoteInput, sections: list[Section], expressions: list[TemporalExpression]
    ) -> NoteFacts:
        return facts.extract_facts(
            note.text, sections, note.document_date, note_kind=note.kind, temporal=expressions
        )

    def summarise_sections(
        self, note: NoteInput, sections: list[Section], found: list[Abbreviation]
    ) -> dict[int, str]:
        return {s.start: summaries.summarise_section(note.text, s, found) for s in sections}
