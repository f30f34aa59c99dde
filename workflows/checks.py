"""What the workflow asks of a FHIR server, as a protocol.

The workflow may not open sockets (dependencies point ``integrations -> workflows``), so
the server checks are passed in; ``integrations.fhir.checks`` implements them over HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tools.fhir import PatientRef, PlannedResource, ValidationIssue


#: The identifier system of the placeholder used when a note names no patient: it marks
#: bundles that must never be written.
UNIDENTIFIED_PATIENT_SYSTEM = "urn:tigerbridge:unidentified-patient"


class ServerUnavailable(Exception):
    """The FHIR server could not be reached; the checks did not run and may be retried."""


@dataclass
class Reconciliation:
    """The patient as the server knows it, and the facts it already holds.

    ``skip`` maps a fact key to the existing resource that stands in for it ("Condition/77");
    ``skipped`` explains each one for the run record and the extract output.
    """

    patient: PatientRef
    skip: dict[str, str | None] = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)


class ServerChecks(Protocol):
    description: str

    def reconcile(self, planned: list[PlannedResource], patient: PatientRef) -> Reconciliation: ...

    def validate(self, bundle: dict, keys: dict[str, str]) -> list[ValidationIssue]: ...
