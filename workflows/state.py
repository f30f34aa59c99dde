"""The state one note carries through the workflow.

List fields that several nodes append to (``issues``, ``steps``) use an ``operator.add``
reducer, so each node returns only what it adds.
"""
from __future__ import annotations

import operator
from dataclasses import asdict, dataclass
from typing import Annotated, Any, TypedDict

from agent.note import NoteInput
from tools.annotations import Abbreviation, Section, TemporalExpression
from tools.encounter import EncounterInfo
from tools.facts.types import NoteFacts
from tools.fhir.issues import ValidationIssue


@dataclass(frozen=True)
class StepTrace:
    """What one node did: how long it took and a one-line account, for the run trace."""

    node: str
    started_at: str
    ms: float
    detail: str = ""

    def to_json(self) -> dict:
        return asdict(self)


class NoteState(TypedDict, total=False):
    run_id: str
    recorded: str
    note: NoteInput
    sections: list[Section]
    abbreviations: list[Abbreviation]
    temporal: list[TemporalExpression]
    facts: NoteFacts
    summaries: dict[int, str]
    encounter: EncounterInfo
    planned: list[Any]
    reconciliation: Any
    server_checked: bool
    skipped: list[dict]
    bundle: dict
    ips_document: dict
    issues: Annotated[list[ValidationIssue], operator.add]
    steps: Annotated[list[StepTrace], operator.add]
