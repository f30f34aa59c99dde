"""The LangGraph workflow that turns one note into a checked FHIR transaction.

    sections -> abbreviations -> temporal -> facts -> summarise -> plan -> reconcile
             -> assemble -> validate

Each node adds to the state and records a ``StepTrace`` (timing and a one-line account),
so every run can be traced step by step. Server work happens only in ``reconcile`` and
``validate``, through the ``ServerChecks`` passed in; without one (or with the server
down and ``offline_ok``) the run completes on local checks and says so in its issues.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy

from agent.backends.base import BackendUnavailable, StepBackend
from agent.backends.rules import ENGINE_VERSION
from agent.note import NoteInput
from tools.encounter import infer_encounter
from tools.fhir import (
    PatientRef,
    RunInfo,
    SectionSummary,
    SourceDocument,
    ValidationIssue,
    assemble_transaction,
    build_ips_document,
    plan_resources,
    validate_bundle,
)
from tools.sections import detect_sections
from workflows.checks import UNIDENTIFIED_PATIENT_SYSTEM, Reconciliation, ServerChecks, ServerUnavailable
from workflows.state import NoteState, StepTrace

NodeFn = Callable[[NoteState], dict]


@dataclass(frozen=True)
class WorkflowOptions:
    """``offline_ok``: a FHIR server that is down downgrades the server checks to an issue
    instead of failing the run (the CLI's ``extract``); the write path keeps it an error so
    the task is retried. ``with_ips_document`` also builds the IPS as a standalone
    document Bundle; the transaction always carries the Composition."""

    offline_ok: bool = True
    with_ips_document: bool = False


def _issue(severity: str, where: str, message: str, *, repairable: bool = False) -> ValidationIssue:
    return ValidationIssue(severity, None, where, message, repairable, source="workflow")


def _traced(name: str, fn: NodeFn) -> NodeFn:
    def node(state: NoteState) -> dict:
        started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        t0 = time.perf_counter()
        update = fn(state)
        detail = update.pop("_detail", "")
        update["steps"] = [StepTrace(name, started, round((time.perf_counter() - t0) * 1000, 3), detail)]
        return update

    node.__name__ = name
    return node


def _patient_ref(note: NoteInput) -> tuple[PatientRef, list[ValidationIssue]]:
    if note.patient and note.patient.startswith("Patient/"):
        return PatientRef(reference=note.patient), []
    if note.patient:
        return PatientRef(identifier=note.patient), []
    placeholder = PatientRef(identifier=f"{UNIDENTIFIED_PATIENT_SYSTEM}|{note.document_key}")
    return placeholder, [
        _issue(
            "warning",
            "patient",
            "no patient given: resources refer to a placeholder patient identifier; "
            "name the patient (--patient, DocumentReference.subject) before writing",
        )
    ]


def _source_document(state: NoteState) -> SourceDocument:
    note, enc = state["note"], state["encounter"]
    return SourceDocument(
        text=note.text,
        document_date=note.document_date,
        kind=enc.kind,
        encounter_class=enc.class_code,
        admission_date=enc.start if enc.class_code == "IMP" else None,
        discharge_date=enc.end,
        disposition=enc.disposition.text if enc.disposition else None,
        disposition_code=enc.disposition.code if enc.disposition else None,
        chief_complaint=enc.reason,
        document_reference=note.document_reference,
        document_identifier=note.document_identifier,
        encounter_reference=note.encounter,
        document_key=note.document_key,
        text_path="DocumentReference.content.attachment.data" if note.document_reference else None,
    )


def _section_summaries(state: NoteState) -> list[SectionSummary]:
    summaries = state.get("summaries", {})
    return [
        SectionSummary(s.title, s.code, s.start, s.end, summaries.get(s.start, ""))
        for s in state["sections"]
    ]


def _run_info(state: NoteState, backend: StepBackend) -> RunInfo:
    return RunInfo(
        run_id=state["run_id"],
        recorded=state["recorded"],
        engine_version=ENGINE_VERSION,
        backend=backend.name,
        model_id=backend.model_id,
    )


def build_note_graph(
    backend: StepBackend,
    checks: ServerChecks | None = None,
    options: WorkflowOptions = WorkflowOptions(),
) -> CompiledStateGraph:
    """Compile the workflow for one backend and (optionally) one FHIR server."""

    def sections(state: NoteState) -> dict:
        found = detect_sections(state["note"].text)
        return {"sections": found, "_detail": f"{len(found)} sections"}

    def abbreviations(state: NoteState) -> dict:
        found = backend.expand_abbreviations(state["note"], state["sections"])
        return {"abbreviations": found, "_detail": f"{len(found)} abbreviations via {backend.name}"}

    def temporal(state: NoteState) -> dict:
        found = backend.extract_temporal(state["note"], state["sections"])
        return {"temporal": found, "_detail": f"{len(found)} temporal expressions via {backend.name}"}

    def facts(state: NoteState) -> dict:
        found = backend.extract_facts(state["note"], state["sections"], state["temporal"])
        counts = (
            f"{len(found.conditions)} conditions, {len(found.medications)} medications, "
            f"{len(found.allergies)} allergies, {len(found.procedures)} procedures, "
            f"{len(found.observations)} observations"
        )
        return {"facts": found, "_detail": counts}

    def summarise(state: NoteState) -> dict:
        note = state["note"]
        encounter = infer_encounter(
            note.text, note.document_date, state["sections"], state["temporal"], note_kind=note.kind
        )
        summaries = backend.summarise_sections(note, state["sections"], state["abbreviations"])
        return {"summaries": summaries, "encounter": encounter, "_detail": f"encounter {encounter.class_code}"}

    def plan(state: NoteState) -> dict:
        patient, issues = _patient_ref(state["note"])
        planned = plan_resources(
            _source_document(state), state["facts"], _section_summaries(state),
            _run_info(state, backend), patient=patient,
        )
        return {"planned": planned, "issues": issues, "_detail": f"{len(planned)} resources planned"}

    def reconcile(state: NoteState) -> dict:
        patient, _ = _patient_ref(state["note"])
        if checks is None:
            return {"reconciliation": Reconciliation(patient), "server_checked": False,
                    "_detail": "no FHIR server configured"}
        try:
            result = checks.reconcile(state["planned"], patient)
        except ServerUnavailable as exc:
            if not options.offline_ok:
                raise
            issue = _issue("warning", "fhir-server", f"server checks skipped: {exc}")
            return {"reconciliation": Reconciliation(patient), "server_checked": False,
                    "issues": [issue], "_detail": str(exc)}
        return {
            "reconciliation": result,
            "server_checked": True,
            "skipped": result.skipped,
            "issues": result.issues,
            "_detail": f"{len(result.skipped)} facts already on {checks.description}",
        }

    def assemble(state: NoteState) -> dict:
        rec: Reconciliation = state["reconciliation"]
        doc, summaries, run = _source_document(state), _section_summaries(state), _run_info(state, backend)
        planned = state["planned"]
        if rec.skip or rec.patient != _patient_ref(state["note"])[0]:
            reasons = {item["key"]: item["reason"] for item in rec.skipped}
            planned = plan_resources(
                doc, state["facts"], summaries, run, patient=rec.patient, skip=rec.skip, skip_reasons=reasons
            )
        update: dict = {
            "planned": planned,
            "bundle": assemble_transaction(planned),
            "_detail": f"{len(planned)} entries",
        }
        if options.with_ips_document:
            update["ips_document"] = build_ips_document(doc, state["facts"], summaries, run, patient=rec.patient)
        return update

    def validate(state: NoteState) -> dict:
        bundle = state["bundle"]
        keys = {p.full_url: p.key for p in state["planned"]}
        issues = validate_bundle(bundle, keys=keys)
        if "ips_document" in state:
            issues += validate_bundle(state["ips_document"])
        detail = "local"
        if checks is not None and state.get("server_checked"):
            try:
                issues += checks.validate(bundle, keys)
                detail = f"local + $validate on {checks.description}"
            except ServerUnavailable as exc:
                if not options.offline_ok:
                    raise
                issues.append(_issue("warning", "fhir-server", f"$validate skipped: {exc}"))
        errors = sum(i.severity == "error" for i in issues)
        return {"issues": issues, "_detail": f"{detail}: {errors} errors, {len(issues) - errors} other"}

    graph = StateGraph(NoteState)
    llm_retry = RetryPolicy(max_attempts=3, retry_on=BackendUnavailable)
    steps: list[tuple[str, NodeFn, RetryPolicy | None]] = [
        ("sections", sections, None),
        ("abbreviations", abbreviations, llm_retry),
        ("temporal", temporal, llm_retry),
        ("facts", facts, llm_retry),
        ("summarise", summarise, llm_retry),
        ("plan", plan, None),
        ("reconcile", reconcile, None),
        ("assemble", assemble, None),
        ("validate", validate, None),
    ]
    previous = START
    for name, fn, retry in steps:
        graph.add_node(name, _traced(name, fn), retry_policy=retry)
        graph.add_edge(previous, name)
        previous = name
    graph.add_edge(previous, END)
    return graph.compile()


def new_run(note: NoteInput, run_id: str | None = None) -> NoteState:
    """The initial state of a run: the note, a run id and the time the run is recorded."""
    return {
        "run_id": run_id or str(uuid.uuid4()),
        "recorded": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "note": note,
        "issues": [],
        "steps": [],
    }
