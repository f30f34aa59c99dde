"""UCUM recognition, FHIR date forms and input checks the builders rely on."""
from __future__ import annotations

import pytest

from tools.fhir import PatientRef, RunInfo, SourceDocument
from tools.fhir.dates import fhir_datetime
from tools.fhir.ucum import is_ucum, ucum_code


@pytest.mark.parametrize(
    "code", ["mg", "ug", "mL", "[iU]", "{puff}", "mm[Hg]", "/min", "%", "Cel", "10*3/uL", "kg/m2", "mL/min/{1.73_m2}"]
)
def test_ucum_codes_are_recognised(code: str) -> None:
    assert is_ucum(code)


@pytest.mark.parametrize("unit", ["mcg", "mmHg", "units", "puffs", "mg mg", ""])
def test_clinician_units_are_not_ucum(unit: str) -> None:
    assert not is_ucum(unit)


def test_unambiguous_spellings_map_to_ucum_and_ambiguous_ones_do_not() -> None:
    assert [ucum_code(u) for u in ("mcg", "mmHg", "puffs", "bpm", "units", None)] == [
        "ug", "mm[Hg]", "{puff}", "/min", None, None
    ]


def test_partial_dates_pass_and_zoneless_times_fall_back_to_the_date() -> None:
    assert fhir_datetime("2015") == "2015"
    assert fhir_datetime("2025-09") == "2025-09"
    assert fhir_datetime("2025-10-02T14:00:00Z") == "2025-10-02T14:00:00Z"
    assert fhir_datetime("2025-10-02T14:00") == "2025-10-02"
    assert fhir_datetime("childhood") is None


def test_inputs_reject_what_fhir_would() -> None:
    with pytest.raises(ValueError):
        RunInfo("r", "2025-10-05T12:00:00", "0.1.0", "rules", "m")  # an instant needs a zone
    with pytest.raises(ValueError):
        PatientRef(reference="Condition/1")
    with pytest.raises(ValueError):
        PatientRef()
    doc = SourceDocument(text="note", document_date="2025-01-01")
    assert doc.document_key.startswith("sha256:") and len(doc.document_key) == 71
    assert SourceDocument(text="note", document_date="2025-01-01", document_identifier="urn:x|7").document_key == "urn:x|7"
