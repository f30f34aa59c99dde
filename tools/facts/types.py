"""Fact types: what the engine asserts about the patient, with the evidence span.

These are deliberately plain dataclasses rather than FHIR models: the rules engine and an
LLM both produce them, the merge step compares them, and only the FHIR builders need to
know R4's shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str


@dataclass
class Evidence:
    """Where in the note a fact was stated: offsets into the note text and the section."""

    start: int
    end: int
    text: str
    section: str | None = None


@dataclass
class ConditionFact:
    """A problem the patient has or had.

    ``clinical_status`` is FHIR's ``active``/``resolved``/``inactive``/``remission``;
    ``category`` is ``problem-list-item`` or ``encounter-diagnosis``.
    """

    name: str
    codings: list[Coding]
    evidence: Evidence
    clinical_status: str = "active"
    verification_status: str = "confirmed"
    category: str = "problem-list-item"
    onset: str | None = None
    body_site: str | None = None


@dataclass
class Timing:
    """The parsed frequency of a dose, in FHIR ``Timing.repeat`` terms."""

    frequency: int | None = None
    period: float | None = None
    period_unit: str | None = None  # s | min | h | d | wk | mo | a
    period_max: float | None = None  # "q4-6h" -> period 4, period_max 6
    when: list[str] = field(default_factory=list)  # FHIR EventTiming, e.g. HS, ACM, MORN
    duration_days: float | None = None  # "x 5 days" -> boundsDuration
    code: str | None = None  # v3 GTSAbbreviation when one fits: BID, TID, QID, QD, Q4H ...
    # the frequency in words (with "as needed for ..." for a PRN dose), followed by the words
    # as written when they differ: "twice daily (BID)", "every 4 hours as needed for wheeze
    # (q4h PRN wheeze)", "daily"
    text: str | None = None
    count: int | None = None  # "once", "x1": the number of administrations in all


@dataclass
class Dosage:
    text: str
    dose_value: float | None = None
    dose_unit: str | None = None  # UCUM where one exists (mg, ug, g, mL, [iU], {puff}, {tbl})
    dose_text: str | None = None  # doses that are not one quantity, e.g. "160/4.5", "1-2 tabs"
    dose_unit_display: str | None = None  # the unit in words for Quantity.unit ("units", "puffs")
    strength: str | None = None  # product strength as written when the dose is counted in
    # puffs/tablets ("90 mcg" in "90 mcg 2 puffs")
    route: Coding | None = None
    timing: Timing | None = None
    as_needed: bool = False
    as_needed_for: str | None = None
    max_per_period: str | None = None


@dataclass
class MedicationFact:
    """A medication the patient takes, took, or is to start.

    ``status`` is MedicationStatement's ``active``/``completed``/``stopped``/``intended``/
    ``on-hold``; new orders in a plan are ``intended``.
    """

    name: str
    codings: list[Coding]
    evidence: Evidence
    dosage: Dosage | None = None
    status: str = "active"


@dataclass
class AllergyFact:
    """An allergy or intolerance; ``no_known`` marks an explicit "no known allergies".

    ``reactions`` are the manifestations as written (``angioedema``, ``rash``), with codes
    where the terminology table has them.
    """

    substance: str
    codings: list[Coding]
    evidence: Evidence
    reactions: list[str] = field(default_factory=list)
    reaction_codings: list[Coding] = field(default_factory=list)
    category: str | None = None  # medication | food | environment | biologic
    type: str | None = None  # allergy | intolerance
    criticality: str | None = None
    no_known: bool = False


@dataclass
class ProcedureFact:
    name: str
    codings: list[Coding]
    evidence: Evidence
    performed: str | None = None  # ISO 8601, possibly partial
    status: str = "completed"  # completed | in-progress | preparation (planned)


@dataclass
class ObservationFact:
    """A vital sign or laboratory result.

    A numeric result has ``value`` and a UCUM ``unit``; a blood pressure has ``components``
    (systolic 8480-6, diastolic 8462-4) instead of a value.
    """

    name: str
    codings: list[Coding]
    evidence: Evidence
    category: str  # vital-signs | laboratory
    value: float | None = None
    unit: str | None = None
    value_text: str | None = None  # the result as written when it is not a plain number ("<0.01")
    comparator: str | None = None  # FHIR Quantity.comparator for "<0.01", ">90": < | <= | >= | >
    components: list["ObservationFact"] = field(default_factory=list)
    effective: str | None = None


@dataclass
class NoteFacts:
    conditions: list[ConditionFact] = field(default_factory=list)
    medications: list[MedicationFact] = field(default_factory=list)
    allergies: list[AllergyFact] = field(default_factory=list)
    procedures: list[ProcedureFact] = field(default_factory=list)
    observations: list[ObservationFact] = field(default_factory=list)
