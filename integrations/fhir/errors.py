"""FHIR client errors, drawn as one hierarchy so callers can tell "retry later" from "fix it".

    FhirError
    ├── FhirUnavailable      server down, timed out or answering 5xx/429: retry with backoff
    └── FhirRejected         the server understood and refused (4xx): retrying will not help
        └── FhirNotFound     404 on a read
"""
from __future__ import annotations


class FhirError(Exception):
    """Base of every error raised while talking to the FHIR server."""


class FhirUnavailable(FhirError):
    """The server could not be reached or is overloaded; the request may be retried."""


class FhirRejected(FhirError):
    """The server refused the request; ``outcome`` is its OperationOutcome when it sent one."""

    def __init__(self, message: str, status: int, outcome: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.outcome = outcome


class FhirNotFound(FhirRejected):
    """The resource asked for does not exist on the server."""
