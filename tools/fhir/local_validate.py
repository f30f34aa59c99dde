"""Offline checks of a Bundle before it goes to HAPI's ``$validate``.

Structure is checked with ``fhir.resources.R4B`` models, the closest the library has to
R4 (version 8 ships no R4 package). R4B is R4 except for the medication-definition,
Substance and evidence resources (hl7.org/fhir/R4B/r4b-explanation.html); their R4 forms
would be rejected by the R4B models, so they are not model-checked (``R4B_UNCHECKED``).
None of them is a resource TigerBridge builds. Beyond structure this checks what schema
validation cannot see: references that resolve nowhere, misspelt code systems, UCUM
codes, narrative XHTML, the vital-signs profile's demands, and conditional creates.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Iterable, Iterator, Mapping

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from tools.facts.types import UCUM
from tools.fhir.issues import Severity, ValidationIssue
from tools.fhir.systems import KNOWN_CODE_SYSTEMS, OBSERVATION_CATEGORY, XHTML_NS
from tools.fhir.ucum import is_ucum

#: R4 resource types whose R4B definition changed incompatibly, with the reason.
R4B_UNCHECKED = {
    "Substance": "reworked in R4B",
    "Evidence": "reworked in R4B",
    "EvidenceVariable": "reworked in R4B",
    "EffectEvidenceSynthesis": "removed in R4B",
    "RiskEvidenceSynthesis": "removed in R4B",
    "MedicinalProduct": "renamed MedicinalProductDefinition in R4B",
    "MedicinalProductAuthorization": "removed in R4B",
    "MedicinalProductContraindication": "removed in R4B",
    "MedicinalProductIndication": "removed in R4B",
    "MedicinalProductIngredient": "renamed Ingredient in R4B",
    "MedicinalProductInteraction": "removed in R4B",
    "MedicinalProductManufactured": "removed in R4B",
    "MedicinalProductPackaged": "removed in R4B",
    "MedicinalProductPharmaceutical": "removed in R4B",
    "MedicinalProductUndesirableEffect": "removed in R4B",
    "SubstanceSpecification": "renamed SubstanceDefinition in R4B",
}


def _path(resource_type: str, loc: Iterable[Any]) -> str:
    out = resource_type
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _dicts(value: Any, trail: list[str | int]) -> Iterator[dict[str, Any]]:
    """Every dict in ``value``, depth first, with ``trail`` holding its path while it is
    yielded. The path is only formatted when an issue needs it: resources are walked on
    every run, and building a path string per node cost more than all the checks."""
    if isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                trail.append(key)
                yield from _dicts(item, trail)
                trail.pop()
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                trail.append(i)
                yield from _dicts(item, trail)
                trail.pop()


class _Checker:
    def __init__(self, resource: dict[str, Any], fact_key: str | None, full_url: str | None) -> None:
        self.resource = resource
        self.type = str(resource.get("resourceType", "?"))
        self.fact_key = fact_key
        self.full_url = full_url
        self.issues: list[ValidationIssue] = []

    def add(self, severity: Severity, path: str, message: str, repairable: bool = True) -> None:
        issue = ValidationIssue(severity, self.type, path, message, repairable, self.fact_key, self.full_url)
        self.issues.append(issue)

    def model(self) -> None:
        if self.type in R4B_UNCHECKED:
            self.add("information", self.type, f"not model-checked: {R4B_UNCHECKED[self.type]}", False)
            return
        try:
            model = get_fhir_model_class(self.type)
        except KeyError:
            self.add("error", self.type, f"unknown resource type {self.type!r}")
            return
        try:
            model.model_validate(self.resource)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [p for p in err["loc"] if p not in ("root", "__root__")]
                self.add("error", _path(self.type, loc), err["msg"])

    def scan(self, systems: frozenset[str]) -> list[tuple[str, str]]:
        """One pass over the resource: code systems, UCUM quantities and narrative XHTML.

        Returns the references it met, as (path, reference), for bundle-level resolution.
        """
        references: list[tuple[str, str]] = []
        trail: list[str | int] = []
        for node in _dicts(self.resource, trail):
            ref = node.get("reference")
            if isinstance(ref, str):
                references.append((_path(self.type, trail), ref))
            system = node.get("system")
            if isinstance(system, str) and "code" in node:
                self._code(node, system, systems, trail)
            div = node.get("div")
            if isinstance(div, str) and "status" in node:
                self._narrative(div, trail)
        return references

    def _code(self, node: dict[str, Any], system: str, systems: frozenset[str], trail: list[str | int]) -> None:
        path = None
        if "value" in node and not isinstance(node.get("value"), str):  # a Quantity
            if system != UCUM:
                path = _path(self.type, trail)
                self.add("error", f"{path}.system", f"quantity system {system!r} is not UCUM")
            elif not is_ucum(str(node["code"])):
                path = _path(self.type, trail)
                self.add("error", f"{path}.code", f"{node['code']!r} is not a UCUM code")
        elif system not in systems:
            path = _path(self.type, trail)
            self.add("error", f"{path}.system", f"unknown code system {system!r} for code {node['code']!r}")

    def _narrative(self, div: str, trail: list[str | int]) -> None:
        try:
            root = ET.fromstring(div)
        except ET.ParseError as exc:
            self.add("error", f"{_path(self.type, trail)}.div", f"narrative is not well-formed XHTML: {exc}")
            return
        if root.tag != f"{{{XHTML_NS}}}div":
            self.add("error", f"{_path(self.type, trail)}.div", "narrative root must be a div in the XHTML namespace")

    def vital_signs(self) -> None:
        """R4 validators apply the vital-signs profile to vital-sign Observations."""
        if self.type != "Observation":
            return
        categories = [c for cc in self.resource.get("category", []) for c in cc.get("coding", [])]
        if not any(c.get("system") == OBSERVATION_CATEGORY and c.get("code") == "vital-signs" for c in categories):
            return
        if "subject" not in self.resource:
            self.add("error", "Observation.subject", "a vital sign needs a subject")
        if "effectiveDateTime" not in self.resource and "effectivePeriod" not in self.resource:
            self.add("error", "Observation.effective[x]", "a vital sign needs an effective time")
        holders = [("Observation", self.resource)] + [
            (f"Observation.component[{i}]", c) for i, c in enumerate(self.resource.get("component", []))
        ]
        for path, holder in holders:
            quantity = holder.get("valueQuantity")
            if quantity is not None and (quantity.get("system") != UCUM or not quantity.get("code")):
                self.add("error", f"{path}.valueQuantity", "a vital sign quantity needs a UCUM system and code")


def _check(
    resource: dict[str, Any], fact_key: str | None, full_url: str | None, extra_systems: Iterable[str]
) -> tuple[_Checker, list[tuple[str, str]]]:
    checker = _Checker(resource, fact_key, full_url)
    checker.model()
    references = checker.scan(KNOWN_CODE_SYSTEMS | frozenset(extra_systems))
    checker.vital_signs()
    return checker, references


def validate_resource(
    resource: dict[str, Any],
    *,
    fact_key: str | None = None,
    full_url: str | None = None,
    extra_systems: Iterable[str] = (),
) -> list[ValidationIssue]:
    """Structure, code systems, UCUM, narrative and vital-signs checks of one resource."""
    return _check(resource, fact_key, full_url, extra_systems)[0].issues


def _unresolved(
    bundle: dict[str, Any], entry: dict[str, Any], references: list[tuple[str, str]], key: str | None,
    targets: set[str],
) -> list[ValidationIssue]:
    """A urn:uuid reference must name an entry; in a document every reference must."""
    document = bundle.get("type") == "document"
    resource = entry.get("resource", {})
    contained = {f"#{c.get('id')}" for c in resource.get("contained", [])}
    issues = []
    for path, ref in references:
        if ref.startswith("#"):
            resolved = ref in contained
        elif ref.startswith(("urn:uuid:", "urn:oid:")) or document:
            resolved = ref in targets
        else:
            resolved = True  # a server reference, checked by the server on write
        if not resolved:
            issues.append(
                ValidationIssue(
                    "error", resource.get("resourceType"), f"{path}.reference",
                    f"reference {ref!r} does not resolve within the bundle", False, key, entry.get("fullUrl"),
                )
            )
    return issues


def _targets(bundle: dict[str, Any]) -> set[str]:
    """What a reference may name inside ``bundle``: fullUrls, ``Type/id`` and the tails of
    absolute fullUrls."""
    targets: set[str] = set()
    for entry in bundle.get("entry", []):
        url = entry.get("fullUrl")
        if url:
            targets.add(url)
            if "://" in url:
                targets.add("/".join(url.rsplit("/", 2)[-2:]))
        resource = entry.get("resource", {})
        if resource.get("id"):
            targets.add(f"{resource.get('resourceType')}/{resource['id']}")
    return targets


def _bundle_issues(bundle: dict[str, Any]) -> list[ValidationIssue]:
    kind = bundle.get("type")
    issues = []

    def add(severity: Severity, path: str, message: str, repairable: bool = False) -> None:
        issues.append(ValidationIssue(severity, "Bundle", path, message, repairable))

    seen: set[str] = set()
    for i, entry in enumerate(bundle.get("entry", [])):
        url = entry.get("fullUrl")
        if not url:
            add("error", f"Bundle.entry[{i}].fullUrl", "entry has no fullUrl")
        elif url in seen:
            add("error", f"Bundle.entry[{i}].fullUrl", f"fullUrl {url} appears twice")
        seen.add(url or "")
        request = entry.get("request")
        if kind == "transaction":
            if not request:
                add("error", f"Bundle.entry[{i}].request", "transaction entry has no request")
            elif request.get("method") == "POST" and not request.get("ifNoneExist"):
                add("warning", f"Bundle.entry[{i}].request", "POST without ifNoneExist: writing twice duplicates", True)
    if kind == "document":
        first = (bundle.get("entry") or [{}])[0].get("resource", {})
        if first.get("resourceType") != "Composition":
            add("error", "Bundle.entry[0]", "a document's first entry must be its Composition")
        if not (bundle.get("identifier") or {}).get("value"):
            add("error", "Bundle.identifier", "a document needs an identifier (bdl-9)")
        if not bundle.get("timestamp"):
            add("error", "Bundle.timestamp", "a document needs a timestamp (bdl-10)")
    return issues


def validate_bundle(
    bundle: dict[str, Any], *, keys: Mapping[str, str] | None = None, extra_systems: Iterable[str] = ()
) -> list[ValidationIssue]:
    """Every local issue of a transaction or document Bundle; ``keys`` maps fullUrls to
    fact keys so issues name the fact they concern."""
    keys = keys or {}
    issues = _bundle_issues(bundle)
    unresolved: list[ValidationIssue] = []
    targets = _targets(bundle)
    for entry in bundle.get("entry", []):
        resource = entry.get("resource")
        if isinstance(resource, dict):
            url = entry.get("fullUrl")
            key = keys.get(url or "")
            checker, references = _check(resource, key, url, extra_systems)
            issues += checker.issues
            unresolved += _unresolved(bundle, entry, references, key, targets)
    return issues + unresolved
