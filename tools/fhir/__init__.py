"""FHIR R4 resources from a note's facts: builders, bundle assembly, local validation.

Everything here is a pure function of its inputs (no clock, no randomness, no network),
so the same note and run information always give the same Bundle, and writing it twice
creates nothing new on the server.
"""
from tools.fhir.bundle import (
    assemble_transaction,
    build_ips_document,
    build_transaction,
    plan_resources,
)
from tools.fhir.inputs import PatientRef, RunInfo, SectionSummary, SourceDocument
from tools.fhir.issues import ValidationIssue, from_operation_outcome
from tools.fhir.local_validate import validate_bundle, validate_resource
from tools.fhir.plan import PlannedResource
from tools.fhir.r5_to_r4 import map_softtiger_r5_to_r4

__all__ = [
    "PatientRef",
    "PlannedResource",
    "RunInfo",
    "SectionSummary",
    "SourceDocument",
    "ValidationIssue",
    "assemble_transaction",
    "build_ips_document",
    "build_transaction",
    "from_operation_outcome",
    "map_softtiger_r5_to_r4",
    "plan_resources",
    "validate_bundle",
    "validate_resource",
]
