"""Every URI the builders write, in one place.

A misspelt system URI is the commonest way a FHIR resource stays schema-valid yet becomes
useless (nobody can query the code), so builders never spell a URI inline and local
validation checks codings against ``KNOWN_CODE_SYSTEMS``.
"""
from __future__ import annotations

from tools.facts.types import ICD10CM, LOINC, RXNORM, SNOMED, UCUM

_THO = "http://terminology.hl7.org/CodeSystem/"

CONDITION_CLINICAL = _THO + "condition-clinical"
CONDITION_VER_STATUS = _THO + "condition-ver-status"
CONDITION_CATEGORY = _THO + "condition-category"
ALLERGY_CLINICAL = _THO + "allergyintolerance-clinical"
ALLERGY_VERIFICATION = _THO + "allergyintolerance-verification"
OBSERVATION_CATEGORY = _THO + "observation-category"
ACT_CODE = _THO + "v3-ActCode"
GTS_ABBREVIATION = _THO + "v3-GTSAbbreviation"
DISCHARGE_DISPOSITION = _THO + "discharge-disposition"
DIAGNOSIS_ROLE = _THO + "diagnosis-role"
LIST_EMPTY_REASON = _THO + "list-empty-reason"
PROVENANCE_PARTICIPANT_TYPE = _THO + "provenance-participant-type"
DATA_OPERATION = _THO + "v3-DataOperation"
DATA_ABSENT_REASON = _THO + "data-absent-reason"

#: TigerBridge's own identifier and tag systems.
FACT_SYSTEM = "https://tigerbridge.dev/fhir/sid/fact"
DEVICE_SYSTEM = "https://tigerbridge.dev/fhir/sid/device"
WORKFLOW_RUN_SYSTEM = "https://tigerbridge.dev/fhir/sid/workflow-run"
DOCUMENT_SYSTEM = "https://tigerbridge.dev/fhir/sid/document"
WORKFLOW_RUN_EXTENSION = "https://tigerbridge.dev/fhir/StructureDefinition/workflow-run-id"
#: A fact the note states that the server already held: which resource, and why it matched.
SKIPPED_FACT_EXTENSION = "https://tigerbridge.dev/fhir/StructureDefinition/skipped-fact"

#: Core extension (FHIR Extensions Pack) tying a resource to the text span it came from.
DERIVATION_REFERENCE = "http://hl7.org/fhir/StructureDefinition/derivation-reference"

XHTML_NS = "http://www.w3.org/1999/xhtml"

KNOWN_CODE_SYSTEMS: frozenset[str] = frozenset(
    {
        SNOMED,
        ICD10CM,
        RXNORM,
        LOINC,
        UCUM,
        "http://hl7.org/fhir/sid/icd-10",
        "http://hl7.org/fhir/sid/ndc",
        "http://hl7.org/fhir/sid/cvx",
        "http://www.whocc.no/atc",
        CONDITION_CLINICAL,
        CONDITION_VER_STATUS,
        CONDITION_CATEGORY,
        ALLERGY_CLINICAL,
        ALLERGY_VERIFICATION,
        OBSERVATION_CATEGORY,
        ACT_CODE,
        GTS_ABBREVIATION,
        DISCHARGE_DISPOSITION,
        DIAGNOSIS_ROLE,
        LIST_EMPTY_REASON,
        PROVENANCE_PARTICIPANT_TYPE,
        DATA_OPERATION,
        DATA_ABSENT_REASON,
        _THO + "v3-ObservationInterpretation",
        _THO + "v3-Confidentiality",
        FACT_SYSTEM,
        WORKFLOW_RUN_SYSTEM,
    }
)
