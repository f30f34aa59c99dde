"""The server checks of the workflow, against a real FHIR server.

Two questions are asked before anything is written: who is the patient on this server,
and which of the note's facts does the patient already have. A Condition,
MedicationStatement or AllergyIntolerance the patient already has (same code, or the same
text when uncoded) is not created again; references to it point at the existing resource.
Resources that carry our own identifier for the same fact are not duplicates but an
earlier write of this very note: the conditional create matches them, so they stay in the
bundle and the transaction stays byte-identical on a rerun.
"""
from __future__ import annotations

import re

from integrations.fhir.errors import FhirNotFound, FhirRejected, FhirUnavailable
from integrations.fhir.server import FhirServer
from tools.fhir import PatientRef, PlannedResource, ValidationIssue, from_operation_outcome
from workflows.checks import Reconciliation, ServerUnavailable

_DEDUPLICATED = {
    "Condition": ("Condition?patient={patient}&_count=200", "code"),
    "MedicationStatement": ("MedicationStatement?subject={patient}&_count=200", "medicationCodeableConcept"),
    "AllergyIntolerance": ("AllergyIntolerance?patient={patient}&_count=200", "code"),
}
_INACTIVE_VERIFICATION = {"entered-in-error", "refuted"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _codes(concept: dict | None) -> set[tuple[str, str]]:
    return {(c.get("system", ""), c.get("code", "")) for c in (concept or {}).get("coding", []) if c.get("code")}


def _text(concept: dict | None) -> str:
    return _norm((concept or {}).get("text", ""))


def _verification(resource: dict) -> str:
    codings = (resource.get("verificationStatus") or {}).get("coding", [])
    return codings[0].get("code", "") if codings else ""


def _identifiers(resource: dict) -> set[tuple[str, str]]:
    return {(i.get("system", ""), i.get("value", "")) for i in resource.get("identifier", [])}


def _issue(message: str, path: str = "Patient") -> ValidationIssue:
    return ValidationIssue("error", "Patient", path, message, False, source="server-checks")


class FhirServerChecks:
    """``ServerChecks`` over HTTP; ``create_missing_patient`` lets the transaction create a
    Patient known only by identifier instead of blocking the write."""

    def __init__(self, server: FhirServer, *, create_missing_patient: bool = False) -> None:
        self.server = server
        self.description = server.base_url
        self.create_missing_patient = create_missing_patient

    def reconcile(self, planned: list[PlannedResource], patient: PatientRef) -> Reconciliation:
        try:
            resolved, issues = self._resolve_patient(patient)
            if resolved.reference is None:
                return Reconciliation(resolved, issues=issues)
            skip, skipped = self._existing_facts(planned, resolved.reference)
        except FhirUnavailable as exc:
            raise ServerUnavailable(str(exc)) from exc
        return Reconciliation(resolved, skip=skip, skipped=skipped, issues=issues)

    def validate(self, bundle: dict, keys: dict[str, str]) -> list[ValidationIssue]:
        """``$validate`` the whole Bundle against the base R4 profiles, in one round trip."""
        try:
            outcome = self.server.validate(bundle)
        except FhirUnavailable as exc:
            raise ServerUnavailable(str(exc)) from exc
        except FhirRejected as exc:
            return [ValidationIssue("error", "Bundle", "Bundle", str(exc), False, source="hapi")]
        return from_operation_outcome(outcome or {}, bundle=bundle, keys=keys)

    def _resolve_patient(self, patient: PatientRef) -> tuple[PatientRef, list[ValidationIssue]]:
        if patient.reference:
            try:
                self.server.read_json(patient.reference)
            except FhirNotFound:
                return patient, [_issue(f"{patient.reference} does not exist on {self.description}")]
            return patient, []
        token = patient.identifier_token
        matches = self.server.search_all(f"Patient?identifier={token}")
        if len(matches) == 1:
            return PatientRef(reference=f"Patient/{matches[0]['id']}", display=patient.display), []
        if len(matches) > 1:
            ids = ", ".join(f"Patient/{m['id']}" for m in matches[:5])
            return patient, [_issue(f"identifier {token} matches {len(matches)} patients ({ids}): ambiguous")]
        if self.create_missing_patient:
            return PatientRef(identifier=token, resource=patient.patient_resource(), display=patient.display), []
        return patient, [
            _issue(
                f"no Patient with identifier {token} on {self.description}; "
                "set TIGERBRIDGE_CREATE_MISSING_PATIENT=true to create it from the note's source"
            )
        ]

    def _existing_facts(
        self, planned: list[PlannedResource], patient_reference: str
    ) -> tuple[dict[str, str | None], list[dict]]:
        skip: dict[str, str | None] = {}
        skipped: list[dict] = []
        wanted = {p.resource_type for p in planned} & set(_DEDUPLICATED)
        for resource_type in sorted(wanted):
            query, element = _DEDUPLICATED[resource_type]
            existing = [
                r
                for r in self.server.search_all(query.format(patient=patient_reference))
                if _verification(r) not in _INACTIVE_VERIFICATION
            ]
            for item in (p for p in planned if p.resource_type == resource_type):
                concept = item.resource.get(element)
                own = _identifiers(item.resource)
                for resource in existing:
                    if own & _identifiers(resource):
                        break
                    shared = _codes(concept) & _codes(resource.get(element))
                    same_text = not _codes(concept) and _text(concept) and _text(concept) == _text(resource.get(element))
                    if shared or same_text:
                        reference = f"{resource_type}/{resource['id']}"
                        skip[item.key] = reference
                        why = (
                            f"same code {sorted(shared)[0][1]} ({sorted(shared)[0][0]})"
                            if shared
                            else f"same text {concept.get('text')!r}"
                        )
                        skipped.append(
                            {"key": item.key, "resourceType": resource_type, "existing": reference,
                             "reason": f"the patient already has {reference}: {why}"}
                        )
                        break
        return skip, skipped
