"""Writing a checked transaction to the FHIR server.

The write is one transaction Bundle whose entries are conditional creates on
deterministic identifiers, so it is all-or-nothing and idempotent: posting it again
matches every resource and creates nothing. A run with error issues is never written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from integrations.fhir.server import FhirServer
from tools.fhir import ValidationIssue


class WriteBlocked(Exception):
    """The run has error issues; ``issues`` says which, and nothing was sent."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        first = issues[0]
        super().__init__(f"{len(issues)} error(s) block the write; first: {first.where}: {first.message}")
        self.issues = issues


@dataclass
class WriteResult:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def write_transaction(server: FhirServer, bundle: dict, issues: list[ValidationIssue]) -> WriteResult:
    """Post ``bundle`` unless ``issues`` has errors; report which resources were new."""
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise WriteBlocked(errors)
    response = server.transaction(bundle)
    result = WriteResult()
    for entry in response.get("entry", []):
        answer = entry.get("response", {})
        location = "/".join(answer.get("location", "").split("/")[:2])
        (result.created if answer.get("status", "").startswith("201") else result.existing).append(location)
    return result
