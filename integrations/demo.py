"""The main job on embedded defaults: the sample note against the local HAPI server."""
from __future__ import annotations

import base64

from integrations.fhir.server import FhirServer
from integrations.samples import SAMPLE_NOTE_DATE, SAMPLE_PATIENT, sample_note
from integrations.settings import Settings


def run_demo(settings: Settings) -> dict:
    """Load the sample Patient and a DocumentReference carrying the note; return what the
    server answered. Both writes are conditional, so running the demo twice adds nothing."""
    with FhirServer(settings.fhir_base_url, timeout_s=settings.fhir_timeout_s) as fhir:
        mrn = SAMPLE_PATIENT["identifier"][0]
        patient = fhir.create(SAMPLE_PATIENT, if_none_exist=f"identifier={mrn['system']}|{mrn['value']}")
        document = {
            "resourceType": "DocumentReference",
            "status": "current",
            "identifier": [{"system": "urn:tigerbridge:demo-note", "value": "DEMO-NOTE-0001"}],
            "subject": {"reference": f"Patient/{patient['id']}"},
            "date": f"{SAMPLE_NOTE_DATE}T00:00:00Z",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "data": base64.b64encode(sample_note().encode()).decode(),
                    }
                }
            ],
        }
        stored = fhir.create(document, if_none_exist="identifier=urn:tigerbridge:demo-note|DEMO-NOTE-0001")
        return {"server": settings.fhir_base_url, "patient": patient, "documentReference": stored}
