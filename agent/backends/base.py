"""The protocol every SoftTiger step backend implements, and its errors.

The rules engine, a TGI server and an OpenAI-compatible server are interchangeable behind
it, and one shared conformance suite runs against each (the way LangGraph tests its
checkpoint backends). Every backend returns the engine's own types so the FHIR builders
never see which one ran.
"""
from __future__ import annotations

from typing import Protocol

from agent.note import NoteInput
from tools.annotations import Abbreviation, Section, TemporalExpression
from tools.facts.types import NoteFacts


class BackendError(Exception):
    """Base of the errors a step backend raises."""


class BackendUnavailable(BackendError):
    """The backend could not be reached or is overloaded; the step may be retried."""


class StepBackend(Protocol):
    name: str
    model_id: str

    def expand_abbreviations(self, note: NoteInput, sections: list[Section]) -> list[Abbreviation]: ...

    def extract_temporal(self, note: NoteInput, sections: list[Section]) -> list[TemporalExpression]: ...

    def extract_facts(
        self, note: NoteInput, sections: list[Section], temporal: list[TemporalExpression]
    ) -> NoteFacts: ...

    def summarise_sections(
        self, note: NoteInput, sections: list[Section], abbreviations: list[Abbreviation]
    ) -> dict[int, str]:
        """Summary text per section, keyed by the section's start offset."""
        ...
