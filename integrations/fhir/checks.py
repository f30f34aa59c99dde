"""The server checks of the workflow, against a real FHIR server.

Two questions are asked before anything is written: who is the patient on this server,
and which of the note's facts does the patient already have. A current Condition,
MedicationStatement or AllergyIntolerance that the patient already has as a current
resource (same code, or the same text when uncoded; for a medication also the same dose)
is not created again; references to it point at the existing resource. A resolved problem,
a stopped drug or a different dose on the server is no reason to skip: the note says
something new. Resources that carry our own identifier for the same fact are an earlier
write of this very note: the conditional create matches them, so they stay in the bundle.
"""
from __future__ import annotations

import re

from integrations.fhir.errors import FhirNotFound, FhirRejected, FhirUnavailable
from integrations.fhir.server import FhirServer
from tools.fhir import PatientRef, PlannedResource, ValidationIssue, from_operation_outcome
from tools.fhir.ids import token_match
from workflows.checks import UNIDENTIFIED_PATIENT_SYSTEM, Reconciliation, ServerUnavailable

_DEDUPLICATED = {
    "Condition": ("Condition?patient={patient}&_count=200", "code"),
    "MedicationStatement": ("MedicationStatement?subject={patient}&_count=200", "medicationCodeableConcept"),
    "AllergyIntolerance": ("AllergyIntolerance?patient={patient}&_count=200", "code"),
}
_INACTIVE_VERIFICATION = {"entered-in-error", "refuted"}
_CURRENT_CLINICAL = {"", "active", "recurrence", "relapse"}
_CURRENT_MEDICATION = {"active", "intended", "on-hold"}
NO_KNOWN_ALLERGY_CODES = {"716186003", "409137002", "429625007", "428607008"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _codes(concept: dict | None) -> set[tuple[str, str]]:
    return {(c.get("system", ""), c.get("code", "")) for c in (concept or {}).get("coding", []) if c.get("code")}


def _text(concept: dict | None) -> str:
    return _norm((concept or {}).get("text", ""))


def _status_code(resource: dict, element: str) -> str:
    codings = (resource.get(element) or {}).get("coding", [])
    return codings[0].get("code", "") if codings else ""


def _current(resource: dict) -> bool:
    """Whether a resource states something true now: an active problem or allergy, a drug
    being taken (or about to be); not a resolved, refuted or stopped one."""
    if _status_code(resource, "verificationStatus") in _INACTIVE_VERIFICATION:
        return False
    if resource["resourceType"] == "MedicationStatement":
        return resource.get("status") in _CURRENT_MEDICATION
    return _status_code(resource, "clinicalStatus") in _CURRENT_CLINICAL


def _dose(resource: dict) -> str:
    dosages = resource.get("dosage") or [{}]
    quantities = [r.get("doseQuantity") or r.get("rateQuantity") for r in dosages[0].get("doseAndRate", [])]
    return ";".join(f"{q.get('value')} {q.get('code')}" for q in quantities if q)


def _no_known(resource: dict) -> bool:
    return any(code in NO_KNOWN_ALLERGY_CODES for _, code in _codes(resource.get("code")))


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
            skip, skipped, conflicts = self._existing_facts(planned, resolved.reference)
        except FhirUnavailable as exc:
            raise ServerUnavailable(str(exc)) from exc
        except FhirRejected as exc:
            refused = ValidationIssue("error", None, "fhir-server", f"the server refused a check: {exc}", False,
                                      source="server-checks")
            return Reconciliation(patient, issues=[refused])
        return Reconciliation(resolved, skip=skip, skipped=skipped, issues=issues + conflicts)

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
        token = patient.identifier_token or ""
        system, _, value = token.rpartition("|")
        if system == UNIDENTIFIED_PATIENT_SYSTEM:
            return patient, [_issue("the note names no patient; nothing can be written until it does")]
        matches = self.server.search_all(f"Patient?{token_match('identifier', system, value)}")
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
    ) -> tuple[dict[str, str | None], list[dict], list[ValidationIssue]]:
        skip: dict[str, str | None] = {}
        skipped: list[dict] = []
        conflicts: list[ValidationIssue] = []
        wanted = {p.resource_type for p in planned} & set(_DEDUPLICATED)
        for resource_type in sorted(wanted):
            query, element = _DEDUPLICATED[resource_type]
            existing = self.server.search_all(query.format(patient=patient_reference))
            ours = set().union(*(_identifiers(r) for r in existing)) if existing else set()
            current = [r for r in existing if _current(r)]
            items = [p for p in planned if p.resource_type == resource_type]
            for item in items:
                if _identifiers(item.resource) & ours or not _current(item.resource):
                    continue
                match = self._same_fact(item.resource, current, element)
                if match is None:
                    continue
                reference, why = match
                skip[item.key] = reference
                skipped.append({"key": item.key, "resourceType": resource_type, "existing": reference,
                                "reason": f"the patient already has {reference}: {why}"})
            if resource_type == "AllergyIntolerance":
                conflicts += self._allergy_conflicts(items, current)
        return skip, skipped, conflicts

    @staticmethod
    def _same_fact(resource: dict, current: list[dict], element: str) -> tuple[str, str] | None:
        concept = resource.get(element)
        for other in current:
            shared = _codes(concept) & _codes(other.get(element))
            same_text = not _codes(concept) and _text(concept) and _text(concept) == _text(other.get(element))
            if not (shared or same_text):
                continue
            if resource["resourceType"] == "MedicationStatement" and _dose(resource) != _dose(other):
                continue  # a new dose is news, not a duplicate
            why = f"same code {sorted(shared)[0][1]} ({sorted(shared)[0][0]})" if shared else \
                f"same text {concept.get('text')!r}"
            return f"{other['resourceType']}/{other['id']}", why
        return None

    @staticmethod
    def _allergy_conflicts(items: list[PlannedResource], current: list[dict]) -> list[ValidationIssue]:
        """A note saying "no known allergies" for a patient with recorded allergies, or the
        reverse, is written as the note says, with a warning a reviewer cannot miss."""
        planned_nka = any(_no_known(p.resource) for p in items)
        planned_real = any(not _no_known(p.resource) for p in items)
        server_nka = [r for r in current if _no_known(r)]
        server_real = [r for r in current if not _no_known(r)]
        issues = []
        if planned_nka and server_real:
            refs = ", ".join(f"AllergyIntolerance/{r['id']}" for r in server_real[:5])
            issues.append(ValidationIssue("warning", "AllergyIntolerance", "AllergyIntolerance.code",
                                          f"the note says no known allergies, but the server records {refs}",
                                          False, source="server-checks"))
        if planned_real and server_nka:
            refs = ", ".join(f"AllergyIntolerance/{r['id']}" for r in server_nka[:5])
            issues.append(ValidationIssue("warning", "AllergyIntolerance", "AllergyIntolerance.code",
                                          f"the note records an allergy, but the server says no known allergy ({refs})",
                                          False, source="server-checks"))
        return issues
