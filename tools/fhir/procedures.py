"""Procedure (R4) from a ProcedureFact; ``performed[x]`` is a dateTime when the date
parses (partial dates included), else the words as written."""
from __future__ import annotations

from tools.facts.types import ProcedureFact
from tools.fhir.datatypes import codeable
from tools.fhir.dates import set_when
from tools.fhir.ids import procedure_key
from tools.fhir.plan import BuildContext, PlannedResource

STATUSES = frozenset(
    {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"}
)


def procedure_summary(fact: ProcedureFact) -> str:
    return f"{fact.name} ({fact.performed})" if fact.performed else fact.name


def build_procedure(fact: ProcedureFact, ctx: BuildContext) -> PlannedResource:
    key = procedure_key(fact)
    resource = ctx.start("Procedure", key, procedure_summary(fact), fact.evidence)
    resource["status"] = fact.status if fact.status in STATUSES else "unknown"
    resource["code"] = codeable(fact.codings, fact.name)
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    set_when(resource, "performed", fact.performed)
    return ctx.plan("Procedure", key, resource, fact)
