"""Condition (R4) from a ConditionFact."""
from __future__ import annotations

from tools.facts.types import ConditionFact
from tools.fhir.datatypes import codeable, concept
from tools.fhir.dates import set_when
from tools.fhir.ids import condition_key
from tools.fhir.plan import BuildContext, PlannedResource
from tools.fhir.systems import CONDITION_CATEGORY, CONDITION_CLINICAL, CONDITION_VER_STATUS

CLINICAL = {
    "active": "Active",
    "recurrence": "Recurrence",
    "relapse": "Relapse",
    "inactive": "Inactive",
    "remission": "Remission",
    "resolved": "Resolved",
}
VERIFICATION = {
    "unconfirmed": "Unconfirmed",
    "provisional": "Provisional",
    "differential": "Differential",
    "confirmed": "Confirmed",
    "refuted": "Refuted",
    "entered-in-error": "Entered in Error",
}
CATEGORY = {"problem-list-item": "Problem List Item", "encounter-diagnosis": "Encounter Diagnosis"}
CURRENT = frozenset({"active", "recurrence", "relapse"})
#: Verification statuses under which a condition is not something the patient has.
NOT_TRUE = frozenset({"refuted", "entered-in-error"})


def is_current(fact: ConditionFact) -> bool:
    """A problem the patient has now: what the problem list, diagnoses and impression show."""
    return fact.clinical_status in CURRENT and fact.verification_status not in NOT_TRUE


def build_condition(fact: ConditionFact, ctx: BuildContext) -> PlannedResource:
    key = condition_key(fact)
    resource = ctx.start("Condition", key, fact.name, fact.evidence)
    verification = fact.verification_status if fact.verification_status in VERIFICATION else "unconfirmed"
    # con-5: an entered-in-error condition carries no clinical status.
    if verification != "entered-in-error" and fact.clinical_status in CLINICAL:
        resource["clinicalStatus"] = concept(CONDITION_CLINICAL, fact.clinical_status, CLINICAL[fact.clinical_status])
    resource["verificationStatus"] = concept(CONDITION_VER_STATUS, verification, VERIFICATION[verification])
    if fact.category in CATEGORY:
        resource["category"] = [concept(CONDITION_CATEGORY, fact.category, CATEGORY[fact.category])]
    resource["code"] = codeable(fact.codings, fact.name)
    if fact.body_site:
        resource["bodySite"] = [{"text": fact.body_site}]
    resource["subject"] = ctx.patient
    encounter = ctx.encounter
    if encounter:
        resource["encounter"] = encounter
    set_when(resource, "onset", fact.onset)
    resource["recordedDate"] = ctx.date
    return ctx.plan("Condition", key, resource, fact)
