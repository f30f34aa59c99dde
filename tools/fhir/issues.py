"""One issue type for every validator: the local checks, HAPI's ``$validate``, reference
resolution. The repair step and the human reviewer see them side by side, so each says
where it is (resource type, fact key or fullUrl, element path) and whether an automatic
repair is worth trying.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal, Mapping

Severity = Literal["error", "warning", "information"]

_OO_SEVERITY: dict[str, Severity] = {
    "fatal": "error",
    "error": "error",
    "warning": "warning",
    "information": "information",
}
#: OperationOutcome issue codes about the server or its configuration, not the content:
#: changing the resources cannot fix them.
_NOT_REPAIRABLE = frozenset(
    {"not-found", "security", "login", "unknown", "expired", "forbidden", "suppressed", "exception",
     "timeout", "throttled", "transient", "not-supported", "too-costly", "incomplete", "lock-error",
     "no-store"}
)
_ENTRY = re.compile(r"^Bundle\.entry\[(\d+)\]\.resource(?:/\*[^*]*\*/)?\.?")


@dataclass(frozen=True)
class ValidationIssue:
    """``fact_key`` when the issue belongs to a planned resource, else ``full_url`` of the
    entry; ``path`` is a FHIRPath-like location (``Condition.code.coding[0].system``)."""

    severity: Severity
    resource_type: str | None
    path: str
    message: str
    repairable: bool
    fact_key: str | None = None
    full_url: str | None = None
    source: str = "local"

    @property
    def where(self) -> str:
        """"Condition <key> Condition.code.coding[0].system": the path already names the type
        when it starts with it, so the type is only added when it does not."""
        typed = self.path if self.resource_type and self.path.startswith(self.resource_type) else " ".join(
            p for p in (self.resource_type, self.path) if p
        )
        return " ".join(p for p in (self.fact_key or self.full_url, typed) if p)

    def to_json(self) -> dict[str, Any]:
        """The issue in the CLI contract's shape, with the structured fields kept beside it."""
        return {"severity": self.severity, "where": self.where, "message": self.message, **asdict(self)}


def from_operation_outcome(
    outcome: Mapping[str, Any],
    *,
    bundle: Mapping[str, Any] | None = None,
    keys: Mapping[str, str] | None = None,
    source: str = "hapi",
) -> list[ValidationIssue]:
    """Issues of an OperationOutcome (e.g. from ``Bundle/$validate``).

    With the validated ``bundle``, ``Bundle.entry[n].resource...`` locations are resolved
    to the entry's resource type and fullUrl (and fact key, given ``keys`` fullUrl -> key).
    """
    entries = list((bundle or {}).get("entry", []))
    keys = keys or {}
    issues = []
    for item in outcome.get("issue", []):
        location = next(iter(item.get("expression") or item.get("location") or []), "")
        resource_type = full_url = None
        path = location
        match = _ENTRY.match(location)
        if match and int(match.group(1)) < len(entries):
            entry = entries[int(match.group(1))]
            resource_type = entry.get("resource", {}).get("resourceType")
            full_url = entry.get("fullUrl")
            rest = location[match.end():]
            path = f"{resource_type}.{rest}" if rest else str(resource_type)
        severity = _OO_SEVERITY.get(item.get("severity", "error"), "error")
        message = item.get("diagnostics") or (item.get("details") or {}).get("text") or item.get("code", "")
        issues.append(
            ValidationIssue(
                severity=severity,
                resource_type=resource_type,
                path=path,
                message=message,
                repairable=severity == "error" and item.get("code") not in _NOT_REPAIRABLE,
                fact_key=keys.get(full_url or ""),
                full_url=full_url,
                source=source,
            )
        )
    return issues
