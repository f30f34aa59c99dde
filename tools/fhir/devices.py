"""The Devices that author TigerBridge's output: TigerBridge itself and the model behind it.

Both are shared across notes, so their fullUrls and identifiers do not depend on the
document. Each carries a stable identifier (``tigerbridge``; ``model:<backend>:<model id>``)
for queries, plus a versioned one that is the conditional-create key: a new release then
gets its own Device instead of being attributed to the Device an older version created.
"""
from __future__ import annotations

from typing import Any

from tools.fhir.datatypes import narrative
from tools.fhir.ids import full_url, token_match
from tools.fhir.inputs import RunInfo
from tools.fhir.plan import PlannedResource
from tools.fhir.systems import DEVICE_SYSTEM

TIGERBRIDGE_ID = "tigerbridge"


def _device(stable: str, version: str | None, summary: str, elements: dict[str, Any]) -> PlannedResource:
    identifiers = [{"system": DEVICE_SYSTEM, "value": stable}]
    if version:
        identifiers.append({"system": DEVICE_SYSTEM, "value": f"{stable}@{version}"})
    key = f"Device|{identifiers[-1]['value']}"
    resource = {"resourceType": "Device", "text": narrative(summary), "identifier": identifiers, **elements}
    return PlannedResource(
        key=key,
        resource_type="Device",
        resource=resource,
        full_url=full_url("", "Device", key),
        if_none_exist=token_match("identifier", DEVICE_SYSTEM, identifiers[-1]["value"]),
    )


def tigerbridge_device(run: RunInfo) -> PlannedResource:
    return _device(
        TIGERBRIDGE_ID,
        run.engine_version,
        f"TigerBridge {run.engine_version}",
        {
            "status": "active",
            "deviceName": [{"name": "TigerBridge", "type": "user-friendly-name"}],
            "type": {"text": "Clinical note to FHIR transformation software"},
            "version": [{"value": run.engine_version}],
        },
    )


def model_device(run: RunInfo) -> PlannedResource:
    """The language model (or the rules engine) that read the note."""
    kind = "Clinical rules engine" if run.backend == "rules" else f"Language model served by {run.backend}"
    elements: dict[str, Any] = {
        "status": "active",
        "deviceName": [{"name": run.model_id, "type": "model-name"}],
        "type": {"text": kind},
    }
    if run.model_version:
        elements["version"] = [{"value": run.model_version}]
    summary = f"{kind}: {run.model_id} {run.model_version or ''}".strip()
    return _device(f"model:{run.backend}:{run.model_id}", run.model_version, summary, elements)
