"""Running the workflow on one note from the command line or a worker, with the real
FHIR server when one answers."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from langgraph.graph.state import CompiledStateGraph

from agent.backends.rules import RulesBackend
from agent.note import NoteInput
from integrations.fhir.checks import FhirServerChecks
from integrations.fhir.server import FhirServer
from integrations.settings import Settings, open_fhir_server
from tools.fhir import ValidationIssue
from workflows.note_graph import WorkflowOptions, build_note_graph, new_run
from workflows.state import NoteState

log = logging.getLogger(__name__)


@dataclass
class Engine:
    """A compiled workflow and the notes it adds to every run's issues."""

    graph: CompiledStateGraph
    notices: list[ValidationIssue]
    server: FhirServer | None

    def run(self, note: NoteInput, run_id: str | None = None) -> NoteState:
        state = new_run(note, run_id)
        state["issues"] = list(self.notices)
        return self.graph.invoke(state)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()


def _notice(where: str, message: str) -> ValidationIssue:
    return ValidationIssue("warning", None, where, message, False, source="workflow")


def server_answers(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url.rstrip('/')}/metadata", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def build_engine(
    settings: Settings, *, llm: str | None = None, use_server: bool = True, ips_document: bool = False
) -> Engine:
    """The workflow on the requested backend, with server checks when the server answers.

    Only the rules engine ships in this release; asking for an LLM backend runs the rules
    engine and says so in every run's issues instead of failing the run.
    """
    notices: list[ValidationIssue] = []
    wanted = llm or settings.llm_backend
    if wanted != "rules":
        notices.append(_notice("llm", f"LLM backend {wanted!r} is not available: ran on the rules engine"))
    server = None
    checks = None
    if not use_server:
        notices.append(_notice("fhir-server", "offline: server checks (patient, duplicates, $validate) skipped"))
    else:
        if server_answers(settings.fhir_base_url):
            server = open_fhir_server(settings)
            checks = FhirServerChecks(server, create_missing_patient=settings.create_missing_patient)
        else:
            notices.append(
                _notice("fhir-server", f"FHIR server {settings.fhir_base_url} unreachable: server checks skipped")
            )
    graph = build_note_graph(RulesBackend(), checks, WorkflowOptions(offline_ok=True, with_ips_document=ips_document))
    return Engine(graph, notices, server)
