"""Deterministic identifiers, fullUrls and conditional-create keys.

Writing the same note twice must create nothing new, so nothing here is random or
time-based (only the run id and recording time, which are inputs, differ between runs):
every identifier is a
hash of the source document key, the resource type and a normalised *fact key* that says
what the resource asserts (a condition's code, a medication's code and dose ...). Fact keys
leave the document out so a caller can compare facts across notes of one patient.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from urllib.parse import quote

from tools.facts.types import (
    ICD10CM,
    LOINC,
    RXNORM,
    SNOMED,
    AllergyFact,
    Coding,
    ConditionFact,
    MedicationFact,
    ObservationFact,
    ProcedureFact,
)
from tools.fhir.systems import FACT_SYSTEM

#: Namespace of every uuid5 TigerBridge derives.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tigerbridge.dev/fhir")

_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")
_MATCH_SAFE = ":/|\\@-._~"


def normalise(text: str) -> str:
    """Case, spacing and edge punctuation do not change what a fact asserts."""
    return _PUNCT_EDGES.sub("", _SPACES.sub(" ", text.casefold()).strip())


def number(value: float | int) -> int | float:
    """Integral values as ints, so a fact key and a FHIR decimal read "108", not "108.0"."""
    return int(value) if float(value).is_integer() else value


def _primary(codings: list[Coding], preferred: tuple[str, ...]) -> str | None:
    for system in preferred:
        for coding in codings:
            if coding.system == system and coding.code:
                return f"{system}|{coding.code}"
    return next((f"{c.system}|{c.code}" for c in codings if c.system and c.code), None)


def _concept(codings: list[Coding], name: str, preferred: tuple[str, ...]) -> str:
    return _primary(codings, preferred) or f"name:{normalise(name)}"


def condition_key(fact: ConditionFact) -> str:
    return f"Condition|{_concept(fact.codings, fact.name, (SNOMED, ICD10CM))}"


def medication_key(fact: MedicationFact) -> str:
    dose = ""
    if fact.dosage:
        dosage = fact.dosage
        parts = [dosage.strength, dosage.dose_text]
        if dosage.dose_value is not None:
            parts.append(f"{number(dosage.dose_value)} {dosage.dose_unit or ''}")
        dose = normalise(" ".join(dict.fromkeys(p for p in parts if p)))
    return f"MedicationStatement|{_concept(fact.codings, fact.name, (RXNORM, SNOMED))}|{dose}"


def _observation_value(fact: ObservationFact) -> str:
    if fact.components:
        return "/".join(_observation_value(c) for c in fact.components)
    if fact.value is not None:
        return f"{fact.comparator or ''}{number(fact.value)} {fact.unit or ''}".strip()
    return normalise(fact.value_text or "")


def observation_key(fact: ObservationFact) -> str:
    code = _concept(fact.codings, fact.name, (LOINC,))
    return f"Observation|{code}|{_observation_value(fact)}|{fact.effective or ''}"


def allergy_key(fact: AllergyFact) -> str:
    return f"AllergyIntolerance|{_concept(fact.codings, fact.substance, (SNOMED, RXNORM))}"


def procedure_key(fact: ProcedureFact) -> str:
    return f"Procedure|{_concept(fact.codings, fact.name, (SNOMED,))}|{fact.performed or ''}"


def _seed(document_key: str, resource_type: str, key: str) -> str:
    return f"{document_key}\n{resource_type}\n{key}"


def identifier_value(document_key: str, resource_type: str, key: str) -> str:
    """The value of the resource's ``FACT_SYSTEM`` identifier (32 hex digits of sha256)."""
    return hashlib.sha256(_seed(document_key, resource_type, key).encode("utf-8")).hexdigest()[:32]


def full_url(document_key: str, resource_type: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, _seed(document_key, resource_type, key))}"


def fact_identifier(document_key: str, resource_type: str, key: str) -> dict[str, str]:
    return {"system": FACT_SYSTEM, "value": identifier_value(document_key, resource_type, key)}


def provenance_tag_value(document_key: str, fact_keys: list[str]) -> str:
    """Provenance has no identifier in R4: its idempotency key is a meta.tag code."""
    payload = "\n".join([document_key, *sorted(fact_keys)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _escape_search(value: str) -> str:
    for char in ("\\", ",", "$", "|"):
        value = value.replace(char, "\\" + char)
    return value


def token_match(parameter: str, system: str, value: str) -> str:
    """A conditional-create match URL: ``identifier=<system>|<value>`` with the value's
    search separators escaped and URL-unsafe characters percent-encoded."""
    token = f"{system}|{_escape_search(value)}"
    return f"{parameter}={quote(token, safe=_MATCH_SAFE)}"
