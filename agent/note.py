"""The note as the agent steps see it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date


class UnusableNote(ValueError):
    """The note cannot be processed (empty, unreadable, binary, no usable date); nothing is
    written, and the CLI exits with status 2."""


@dataclass(frozen=True)
class NoteInput:
    """One note and what is known about where it came from.

    ``document_key`` identifies the source for idempotency: the DocumentReference id or
    identifier when the note came from a FHIR server (a caller handling amendments passes
    the versioned reference), otherwise a hash of the patient, the date, the kind and the
    text, so the same note always yields the same resource identifiers. Conditional creates
    match on these identifiers, so everything that makes two notes different documents is
    in the hash: template text written for two patients, or copied forward to a later
    visit, must never resolve to the other note's resources.
    """

    text: str
    document_date: date
    kind: str | None = None
    patient: str | None = None  # "Patient/123" or "system|value"
    encounter: str | None = None  # an existing "Encounter/456" to attach to
    document_reference: str | None = None  # "DocumentReference/789"
    document_identifier: str | None = None  # "system|value"
    document_key: str = ""

    def __post_init__(self) -> None:
        if not self.text or not self.text.strip():
            raise UnusableNote("the note is empty")
        if "\x00" in self.text:
            raise UnusableNote("the note contains NUL bytes: binary data, not text")
        if not self.document_key:
            key = self.document_reference or self.document_identifier
            if not key:
                seed = f"{self.patient or ''}\n{self.document_date.isoformat()}\n{self.kind or ''}\n{self.text}"
                key = "sha256:" + hashlib.sha256(seed.encode("utf-8")).hexdigest()
            object.__setattr__(self, "document_key", key)
