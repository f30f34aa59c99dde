"""The unit of bundle assembly: a resource with its fact key, fullUrl and match URL.

Builders return ``PlannedResource``s rather than Bundle entries so the caller can see
every resource's fact key and drop or redirect some (facts the server already holds)
before the Bundle is assembled. ``BuildContext`` carries what every builder needs to
point at the patient, the encounter, the source note and each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import quote

from tools.facts.types import Evidence
from tools.fhir.datatypes import derivation_extension, narrative
from tools.fhir.ids import fact_identifier, full_url, token_match
from tools.fhir.inputs import RunInfo, SourceDocument
from tools.fhir.systems import FACT_SYSTEM

ENCOUNTER_KEY = "Encounter"


def run_source(run: RunInfo) -> str:
    """``meta.source`` of everything a run writes, so ``_source`` finds a run's output."""
    return f"urn:tigerbridge:run:{quote(run.run_id, safe='-._~:')}"


@dataclass(frozen=True)
class PlannedResource:
    """One resource to write: ``key`` is its fact key (see ``tools.fhir.ids``),
    ``if_none_exist`` the conditional-create match URL, ``fact`` the fact it came from."""

    key: str
    resource_type: str
    resource: dict[str, Any]
    full_url: str
    if_none_exist: str
    fact: Any = None

    def entry(self) -> dict[str, Any]:
        """A transaction entry: a conditional create, so writing twice creates nothing."""
        return {
            "fullUrl": self.full_url,
            "resource": self.resource,
            "request": {"method": "POST", "url": self.resource_type, "ifNoneExist": self.if_none_exist},
        }


@dataclass
class BuildContext:
    """Shared state of one build.

    ``redirect`` maps a fact key to an existing server reference ("Condition/77") or to
    ``None`` (omit it and every reference to it); ``skip_reasons`` says why, per key. ``document`` builds for a FHIR document,
    whose references must all resolve inside the Bundle.
    """

    doc: SourceDocument
    run: RunInfo
    patient: dict[str, Any]
    document: bool = False
    redirect: Mapping[str, str | None] = field(default_factory=dict)
    skip_reasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def date(self) -> str:
        return self.doc.date

    @property
    def source(self) -> dict[str, Any]:
        return self.doc.source_reference(literal=not self.document)

    def full_url(self, resource_type: str, key: str) -> str:
        return full_url(self.doc.document_key, resource_type, key)

    def ref(self, resource_type: str, key: str, display: str | None = None) -> dict[str, Any] | None:
        """A reference to a planned resource, its server stand-in, or ``None`` if dropped."""
        if key in self.redirect:
            target = self.redirect[key]
            if not target:
                return None
            out: dict[str, Any] = {"reference": target}
        else:
            out = {"reference": self.full_url(resource_type, key)}
        if display:
            out["display"] = display
        return out

    @property
    def encounter(self) -> dict[str, Any] | None:
        return self.ref("Encounter", ENCOUNTER_KEY)

    @property
    def practitioner(self) -> dict[str, Any] | None:
        """The note's author when it is a Practitioner(Role) a transaction may point at."""
        author = self.doc.author_reference
        if self.document or not author or author.split("/", 1)[0] not in ("Practitioner", "PractitionerRole"):
            return None
        return {"reference": author}

    def start(self, resource_type: str, key: str, summary: str, evidence: Evidence | None = None) -> dict[str, Any]:
        """The elements every TigerBridge resource shares, in R4's element order."""
        resource: dict[str, Any] = {"resourceType": resource_type}
        if not self.document:  # inside a document a meta.source reads as an unresolved link
            resource["meta"] = {"source": run_source(self.run)}
        resource["text"] = narrative(summary)
        if evidence is not None:
            resource["extension"] = [derivation_extension(evidence, self.source, self.doc.text_path)]
        resource["identifier"] = [fact_identifier(self.doc.document_key, resource_type, key)]
        return resource

    def plan(self, resource_type: str, key: str, resource: dict[str, Any], fact: Any = None) -> PlannedResource:
        value = fact_identifier(self.doc.document_key, resource_type, key)["value"]
        return PlannedResource(
            key=key,
            resource_type=resource_type,
            resource=resource,
            full_url=self.full_url(resource_type, key),
            if_none_exist=token_match("identifier", FACT_SYSTEM, value),
            fact=fact,
        )
