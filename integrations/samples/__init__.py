"""A sample note and patient the demo runs on when no input is given."""
from __future__ import annotations

from importlib import resources

SAMPLE_NOTE_DATE = "2025-10-05"
SAMPLE_PATIENT = {
    "resourceType": "Patient",
    "identifier": [{"system": "urn:tigerbridge:demo-mrn", "value": "DEMO-0001"}],
    "name": [{"family": "Demo", "given": ["Alex"]}],
    "gender": "female",
    "birthDate": "1967-03-11",
}


def sample_note() -> str:
    return resources.files(__package__).joinpath("pneumonia_admission.txt").read_text(encoding="utf-8")
