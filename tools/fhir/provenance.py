"""Provenance (R4) for everything one run writes.

R4 Provenance has no ``identifier``, so its conditional-create key is a ``meta.tag`` in
TigerBridge's fact system (``ifNoneExist: _tag=...``), derived from the document and the
fact keys it covers: the same note with the same facts gets no second Provenance. The
workflow run id is a tag (searchable) and an extension (readable without tag conventions).
"""
from __future__ import annotations

from tools.fhir.datatypes import concept, narrative
from tools.fhir.ids import provenance_tag_value, token_match
from tools.fhir.plan import ENCOUNTER_KEY, BuildContext, PlannedResource, run_source
from tools.fhir.systems import (
    DATA_OPERATION,
    FACT_SYSTEM,
    PROVENANCE_PARTICIPANT_TYPE,
    SKIPPED_FACT_EXTENSION,
    WORKFLOW_RUN_EXTENSION,
    WORKFLOW_RUN_SYSTEM,
)


def _skipped(ctx: BuildContext) -> list[dict]:
    """One extension per fact the server already held, so the written record itself says
    what the note stated but this run did not create, and why."""
    return [
        {
            "url": SKIPPED_FACT_EXTENSION,
            "extension": [
                {"url": "existing", "valueReference": {"reference": reference}},
                {"url": "reason", "valueString": ctx.skip_reasons.get(key, "already on the server")},
            ],
        }
        for key, reference in sorted(ctx.redirect.items())
        if reference and key != ENCOUNTER_KEY
    ]


def build_provenance(
    ctx: BuildContext, targets: list[PlannedResource], assembler: PlannedResource, model: PlannedResource
) -> PlannedResource:
    """``assembler`` is TigerBridge's Device, ``model`` the Device of the model that read
    the note (the author of the extracted content)."""
    run = ctx.run
    tag = provenance_tag_value(ctx.doc.document_key, [t.key for t in targets])
    key = f"Provenance|{tag}"
    resource = {
        "resourceType": "Provenance",
        "meta": {
            "source": run_source(run),
            "tag": [
                {"system": FACT_SYSTEM, "code": tag},
                {"system": WORKFLOW_RUN_SYSTEM, "code": run.run_id},
            ],
        },
        "text": narrative(f"Created by TigerBridge {run.engine_version} with {run.model_id} in run {run.run_id}"),
        "extension": [{"url": WORKFLOW_RUN_EXTENSION, "valueString": run.run_id}, *_skipped(ctx)],
        "target": [{"reference": t.full_url} for t in targets],
        "recorded": run.recorded,
        "activity": concept(DATA_OPERATION, "CREATE", "create"),
        "agent": [
            {
                "type": concept(PROVENANCE_PARTICIPANT_TYPE, "assembler", "Assembler"),
                "who": {"reference": assembler.full_url, "display": f"TigerBridge {run.engine_version}"},
            },
            {
                "type": concept(PROVENANCE_PARTICIPANT_TYPE, "author", "Author"),
                "who": {"reference": model.full_url, "display": f"{run.backend}: {run.model_id}"},
            },
        ],
        "entity": [{"role": "source", "what": ctx.source}],
    }
    return PlannedResource(
        key=key,
        resource_type="Provenance",
        resource=resource,
        full_url=ctx.full_url("Provenance", key),
        if_none_exist=token_match("_tag", FACT_SYSTEM, tag),
    )
