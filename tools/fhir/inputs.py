"""What the FHIR builders need besides the facts: the note, the patient, the run.

These are plain dataclasses so the workflow can fill them from whatever it has (a
DocumentReference, a CLI argument, an LLM's encounter summary) without the builders
knowing where the values came from.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tools.fhir.datatypes import narrative
from tools.fhir.dates import is_instant
from tools.fhir.systems import DOCUMENT_SYSTEM


def _split_token(token: str) -> tuple[str, str]:
    system, sep, value = token.rpartition("|")
    if not sep or not system or not value:
        raise ValueError(f"expected 'system|value', got {token!r}")
    return system, value


@dataclass(frozen=True)
class SourceDocument:
    """The note and what is known about the encounter it documents.

    ``document_key`` is the idempotency anchor of every identifier the builders derive:
    the DocumentReference reference or identifier when the note came from a server. The
    workflow always passes ``agent.note.NoteInput``'s key, which also hashes the patient;
    the fallback here (date, kind and text) cannot know the patient, so a direct caller
    without a reference must pass a key that names the patient.
    ``encounter_reference`` names an existing Encounter to attach to instead of creating
    one; ``text_path`` is the element of the source resource holding the text (for the
    derivation-reference ``path``), when the source is a FHIR resource.
    """

    text: str
    document_date: date | str
    kind: str | None = None
    encounter_class: str | None = None
    admission_date: str | None = None
    discharge_date: str | None = None
    disposition: str | None = None
    disposition_code: str | None = None
    chief_complaint: str | None = None
    document_reference: str | None = None
    document_identifier: str | None = None
    encounter_reference: str | None = None
    author_reference: str | None = None
    text_path: str | None = None
    document_key: str = ""

    def __post_init__(self) -> None:
        if self.document_identifier:
            _split_token(self.document_identifier)
        if not self.document_key:
            key = self.document_reference or self.document_identifier
            if not key:
                seed = f"{self.date}\n{self.kind or ''}\n{self.text}"
                key = "sha256:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()
            object.__setattr__(self, "document_key", key)

    @property
    def date(self) -> str:
        value = self.document_date
        return value.isoformat() if isinstance(value, date) else str(value)

    def source_reference(self, *, literal: bool = True) -> dict[str, Any]:
        """A Reference to the note; ``literal=False`` for documents, which must not point
        outside themselves, keeps only its identifier."""
        ref: dict[str, Any] = {}
        if literal and self.document_reference:
            ref["reference"] = self.document_reference
        if self.document_identifier:
            system, value = _split_token(self.document_identifier)
            ref["identifier"] = {"system": system, "value": value}
        elif not ref:
            ref["identifier"] = {"system": DOCUMENT_SYSTEM, "value": self.document_key}
        ref["display"] = self.kind or "Source clinical note"
        return ref



@dataclass(frozen=True)
class PatientRef:
    """Who the note is about.

    ``reference`` ("Patient/123") is used as is. With only an ``identifier``
    ("system|value") a transaction uses a conditional reference
    (``Patient?identifier=...``) that HAPI resolves at write time. When ``resource`` is
    given and there is no ``reference``, the transaction creates the Patient conditionally
    by its identifier; the IPS document always embeds ``resource`` or a minimal Patient.
    """

    reference: str | None = None
    identifier: str | None = None
    display: str | None = None
    resource: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not (self.reference or self.identifier or self.resource):
            raise ValueError("PatientRef needs a reference, an identifier or a resource")
        if self.reference and not re.fullmatch(r"Patient/[A-Za-z0-9\-.]{1,64}", self.reference):
            raise ValueError(f"not a Patient reference: {self.reference!r}")
        if self.identifier:
            _split_token(self.identifier)

    @property
    def identifier_token(self) -> str | None:
        """``system|value`` of the patient, from ``identifier`` or the resource."""
        if self.identifier:
            return self.identifier
        for ident in (self.resource or {}).get("identifier", []):
            if ident.get("system") and ident.get("value"):
                return f"{ident['system']}|{ident['value']}"
        return None

    @property
    def key(self) -> str:
        return f"Patient|{self.reference or self.identifier_token or self.display or ''}"

    def patient_resource(self) -> dict[str, Any]:
        """The Patient to embed in a Bundle: the caller's resource without its server
        ``meta``, else a minimal one from the reference, identifier and display."""
        token = self.identifier_token
        if self.resource:
            patient = {k: v for k, v in self.resource.items() if k != "meta"}
        else:
            patient = {"resourceType": "Patient"}
            if self.reference:
                patient["id"] = self.reference.split("/", 1)[1]
            if self.display:
                patient["name"] = [{"text": self.display}]
        if token:
            # The identifier a conditional create matches on must be on the resource it creates.
            system, value = _split_token(token)
            identifiers = list(patient.get("identifier", []))
            if not any(i.get("system") == system and i.get("value") == value for i in identifiers):
                patient["identifier"] = [*identifiers, {"system": system, "value": value}]
        patient.setdefault("text", narrative(self.display or token or self.reference or "Patient"))
        return patient


@dataclass(frozen=True)
class SectionSummary:
    """One section of the note with its summary, for the Composition narrative."""

    title: str
    code: str | None
    start: int
    end: int
    summary: str


@dataclass(frozen=True)
class RunInfo:
    """The workflow run producing the resources; ``recorded`` must be a FHIR instant."""

    run_id: str
    recorded: str
    engine_version: str
    backend: str
    model_id: str
    model_version: str | None = None

    def __post_init__(self) -> None:
        if not is_instant(self.recorded):
            raise ValueError(f"recorded must be a FHIR instant with a time zone: {self.recorded!r}")
        if not self.run_id:
            raise ValueError("run_id is empty")
