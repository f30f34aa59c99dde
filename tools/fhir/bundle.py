"""Assembling a note's resources into an R4 transaction Bundle or an IPS document Bundle.

The transaction is what TigerBridge writes: every entry is a conditional create keyed by a
deterministic identifier, so replaying it creates nothing new. ``skip`` lets the caller
leave out facts the server already holds: a key mapped to ``None`` is dropped with every
reference to it; a key mapped to a reference ("Condition/77") is dropped and references to
it point there instead.

The document is the same content as a self-contained IPS: Composition first, the Patient,
then every resource the Composition reaches, all referenced by ``urn:uuid`` fullUrls.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from tools.facts.types import NoteFacts
from tools.fhir.allergies import allergy_summary, build_allergy
from tools.fhir.clinical_impression import build_clinical_impression
from tools.fhir.composition import build_composition
from tools.fhir.conditions import NOT_TRUE, build_condition, is_current
from tools.fhir.devices import model_device, tigerbridge_device
from tools.fhir.encounter import build_encounter
from tools.fhir.ids import full_url, identifier_value, token_match
from tools.fhir.inputs import PatientRef, RunInfo, SectionSummary, SourceDocument
from tools.fhir.medications import build_medication, medication_summary
from tools.fhir.observations import build_observation, observation_summary
from tools.fhir.plan import ENCOUNTER_KEY, BuildContext, PlannedResource
from tools.fhir.procedures import build_procedure, procedure_summary
from tools.fhir.provenance import build_provenance
from tools.fhir.systems import FACT_SYSTEM

Skip = Mapping[str, str | None] | Iterable[str]


def _patient(patient: PatientRef, document: bool) -> tuple[dict[str, Any], PlannedResource | None]:
    """The reference every resource uses for the patient, and the Patient entry if the
    Bundle must carry one (always in a document; in a transaction only when the caller
    supplies a resource and no server reference)."""
    if document or (patient.resource and not patient.reference):
        token = patient.identifier_token
        if not document and not token:
            raise ValueError("a Patient created by a transaction needs an identifier for its conditional create")
        system, _, value = (token or "").rpartition("|")
        planned = PlannedResource(
            key=patient.key,
            resource_type="Patient",
            resource=patient.patient_resource(),
            full_url=full_url("", "Patient", patient.key),
            if_none_exist=token_match("identifier", system, value) if token else "",
        )
        ref: dict[str, Any] = {"reference": planned.full_url}
    elif patient.reference:
        planned, ref = None, {"reference": patient.reference}
    else:
        system, _, value = (patient.identifier or "").rpartition("|")
        planned, ref = None, {"reference": f"Patient?{token_match('identifier', system, value)}"}
    if patient.display:
        ref["display"] = patient.display
    return ref, planned


def _unique(
    items: Iterable[Any], build: Callable[[Any, BuildContext], PlannedResource], ctx: BuildContext
) -> list[PlannedResource]:
    """One resource per fact key (the first mention wins): two entries with one
    conditional-create key would make HAPI reject the transaction."""
    out: dict[str, PlannedResource] = {}
    for item in items:
        planned = build(item, ctx)
        out.setdefault(planned.key, planned)
    return list(out.values())


def plan_resources(
    doc: SourceDocument,
    facts: NoteFacts,
    sections: list[SectionSummary],
    run: RunInfo,
    *,
    patient: PatientRef,
    skip: Skip = (),
    skip_reasons: Mapping[str, str] | None = None,
    document: bool = False,
) -> list[PlannedResource]:
    """Every resource of the note in write order, with fact keys the caller can inspect.

    In document mode ``skip`` and ``doc.encounter_reference`` are ignored: a document
    cannot point at server resources.
    """
    redirect: dict[str, str | None] = {}
    if not document:
        redirect = dict(skip) if isinstance(skip, Mapping) else dict.fromkeys(skip)
        if doc.encounter_reference:
            redirect.setdefault(ENCOUNTER_KEY, doc.encounter_reference)
    patient_ref, patient_entry = _patient(patient, document)
    ctx = BuildContext(
        doc=doc, run=run, patient=patient_ref, document=document, redirect=redirect,
        skip_reasons=dict(skip_reasons or {}),
    )

    conditions = _unique(facts.conditions, build_condition, ctx)
    allergies = _unique(facts.allergies, build_allergy, ctx)
    medications = _unique(facts.medications, build_medication, ctx)
    procedures = _unique(facts.procedures, build_procedure, ctx)
    observations = _unique(facts.observations, build_observation, ctx)

    def refs(planned: list[PlannedResource], summary: Callable[[Any], str]) -> list[tuple[str, dict[str, Any]]]:
        pairs = [(summary(p.fact), ctx.ref(p.resource_type, p.key)) for p in planned]
        return [(line, ref) for line, ref in pairs if ref]

    current = [p for p in conditions if is_current(p.fact)]
    past = [p for p in conditions if not is_current(p.fact) and p.fact.verification_status not in NOT_TRUE]
    problem_refs = refs(current, lambda f: f.name)
    vitals = [p for p in observations if p.fact.category == "vital-signs"]
    results = [p for p in observations if p.fact.category != "vital-signs"]

    assembler, model = tigerbridge_device(run), model_device(run)
    diagnoses = [(p.fact, ctx.ref("Condition", p.key)) for p in current]
    encounter = build_encounter(ctx, [(fact, ref) for fact, ref in diagnoses if ref])
    impression = build_clinical_impression(
        ctx, sections, problem_refs, [ref for _, ref in refs(observations, observation_summary)]
    )
    composition = build_composition(
        ctx,
        sections,
        {
            "problems": problem_refs,
            "allergies": refs(allergies, allergy_summary),
            "medications": refs(medications, medication_summary),
            "procedures": refs(procedures, procedure_summary),
            "results": refs(results, observation_summary),
            "vital-signs": refs(vitals, observation_summary),
            "past-illness": refs(past, lambda f: f.name),
        },
        {"reference": assembler.full_url, "display": f"TigerBridge {run.engine_version}"},
    )
    content = [
        p
        for p in [encounter, *conditions, *allergies, *medications, *procedures, *observations, impression, composition]
        if p.key not in redirect
    ]
    planned = [assembler, model, *([patient_entry] if patient_entry else []), *content]
    if not document and content:  # Provenance.target is 1..*
        planned.append(build_provenance(ctx, content, assembler, model))
    return planned


def assemble_transaction(planned: Iterable[PlannedResource]) -> dict[str, Any]:
    """The R4 transaction Bundle of ``planned``, every entry a conditional create."""
    return {"resourceType": "Bundle", "type": "transaction", "entry": [p.entry() for p in planned]}


def build_transaction(
    doc: SourceDocument,
    facts: NoteFacts,
    sections: list[SectionSummary],
    run: RunInfo,
    *,
    patient: PatientRef,
    skip: Skip = (),
) -> dict[str, Any]:
    return assemble_transaction(plan_resources(doc, facts, sections, run, patient=patient, skip=skip))


def _references(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield value["reference"]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def build_ips_document(
    doc: SourceDocument,
    facts: NoteFacts,
    sections: list[SectionSummary],
    run: RunInfo,
    *,
    patient: PatientRef,
) -> dict[str, Any]:
    """The IPS as a FHIR document: Composition, Patient, then what the Composition reaches.

    A document is a snapshot of one run, so its identifier derives from the source
    document and the run id.
    """
    planned = plan_resources(doc, facts, sections, run, patient=patient, document=True)
    by_url = {p.full_url: p for p in planned}
    composition = next(p for p in planned if p.resource_type == "Composition")
    reached = {composition.full_url}
    queue = [composition]
    while queue:
        for ref in _references(queue.pop().resource):
            if ref in by_url and ref not in reached:
                reached.add(ref)
                queue.append(by_url[ref])
    ordered = [composition, *(p for p in planned if p.resource_type == "Patient")]
    placed = {p.full_url for p in ordered}
    ordered += [p for p in planned if p.full_url in reached and p.full_url not in placed]
    return {
        "resourceType": "Bundle",
        "identifier": {
            "system": FACT_SYSTEM,
            "value": identifier_value(doc.document_key, "Bundle", f"ips-document|{run.run_id}"),
        },
        "type": "document",
        "timestamp": run.recorded,
        "entry": [{"fullUrl": p.full_url, "resource": p.resource} for p in ordered],
    }
