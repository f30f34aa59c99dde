"""The main job on embedded defaults: the sample note, end to end, against the local HAPI.

It stores the sample Patient and a DocumentReference carrying the note, runs the workflow
on the rules engine with the server checks, and writes the transaction. Every write is
conditional, so running the demo again reports every resource as already there.
"""
from __future__ import annotations

import base64
from datetime import date

from agent.note import NoteInput
from integrations.fhir.server import FhirServer
from integrations.fhir.writer import write_transaction
from integrations.runner import build_engine
from integrations.samples import SAMPLE_NOTE_DATE, SAMPLE_PATIENT, sample_note
from integrations.settings import Settings, open_fhir_server

DOCUMENT_IDENTIFIER = ("urn:tigerbridge:demo-note", "DEMO-NOTE-0001")


def _store_source(fhir: FhirServer, text: str) -> tuple[dict, dict]:
    mrn = SAMPLE_PATIENT["identifier"][0]
    patient = fhir.create(SAMPLE_PATIENT, if_none_exist=f"identifier={mrn['system']}|{mrn['value']}")
    system, value = DOCUMENT_IDENTIFIER
    document = {
        "resourceType": "DocumentReference",
        "status": "current",
        "identifier": [{"system": system, "value": value}],
        "subject": {"reference": f"Patient/{patient['id']}"},
        "date": f"{SAMPLE_NOTE_DATE}T00:00:00Z",
        "content": [
            {"attachment": {"contentType": "text/plain; charset=utf-8",
                            "data": base64.b64encode(text.encode()).decode()}}
        ],
    }
    stored = fhir.create(document, if_none_exist=f"identifier={system}|{value}")
    return patient, stored


def run_demo(settings: Settings) -> dict:
    text = sample_note()
    with open_fhir_server(settings) as fhir:
        patient, document = _store_source(fhir, text)
        note = NoteInput(
            text=text,
            document_date=date.fromisoformat(SAMPLE_NOTE_DATE),
            patient=f"Patient/{patient['id']}",
            document_reference=f"DocumentReference/{document['id']}",
        )
        engine = build_engine(settings)
        try:
            state = engine.run(note)
        finally:
            engine.close()
        written = write_transaction(fhir, state["bundle"], state["issues"])
    counts: dict[str, int] = {}
    for entry in state["bundle"]["entry"]:
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    return {
        "server": settings.fhir_base_url,
        "run_id": state["run_id"],
        "patient": f"Patient/{patient['id']}",
        "source": f"DocumentReference/{document['id']}",
        "resources": counts,
        "created": len(written.created),
        "already_there": len(written.existing),
        "skipped_as_duplicates": state.get("skipped", []),
        "issues": {sev: sum(i.severity == sev for i in state["issues"]) for sev in ("error", "warning", "information")},
        "steps": [f"{s.node}: {s.ms} ms, {s.detail}" for s in state["steps"]],
    }
