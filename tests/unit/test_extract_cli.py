"""``tigerbridge extract`` honours its contract: JSON on stdout, offsets into the note as
given, exit status 2 with one line on stderr for unusable input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NOTE = (
    "ED NOTE\n\nCC: CP x 2 hours\n\nHPI: 61 yo M w/ HTN p/w substernal CP since this morning, "
    "worse 3 days ago. Denies SOB. FHx of MI in father.\n\nMeds:\n- Lisinopril 20 mg PO daily\n\n"
    "Allergies: NKDA\n\nVitals: BP 152/90, HR 96, SpO2 98% on RA\n\nA/P:\n1. Chest pain - r/o ACS.\n"
    "2. HTN - cont lisinopril.\n"
)


def _extract(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "integrations.cli", "extract", *args]
    return subprocess.run(command, input=stdin, capture_output=True, cwd=Path(__file__).resolve().parents[2])


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("note") / "note.txt"
    path.write_text(NOTE)
    result = _extract(str(path), "--date", "2025-03-14", "--offline")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_output_has_the_contract_keys(output: dict) -> None:
    assert {"abbreviations", "temporal", "sections", "bundle", "issues"} <= set(output)
    assert output["bundle"]["resourceType"] == "Bundle" and output["bundle"]["type"] == "transaction"


def test_offsets_point_into_the_note_as_given(output: dict) -> None:
    for item in output["abbreviations"] + output["temporal"]:
        assert NOTE[item["start"]:item["end"]] == item["text"]
    for section in output["sections"]:
        assert 0 <= section["start"] < section["end"] <= len(NOTE)


def test_abbreviations_and_time_are_resolved(output: dict) -> None:
    senses = {a["text"]: a["expansion"] for a in output["abbreviations"]}
    assert senses["SOB"] == "shortness of breath"
    assert senses["RA"] == "room air"
    values = {t["text"]: t["value"] for t in output["temporal"]}
    assert values["3 days ago"] == "2025-03-11"
    assert values["2 hours"] == "PT2H"


def test_negated_family_and_rule_out_findings_are_not_conditions(output: dict) -> None:
    conditions = [e["resource"] for e in output["bundle"]["entry"] if e["resource"]["resourceType"] == "Condition"]
    names = " | ".join(c["code"].get("text", "").lower() for c in conditions)
    assert "hypertension" in names or "htn" in names
    assert "myocardial" not in names and "mi" not in names.split(" | ")
    assert "acute coronary" not in names and "acs" not in names.split(" | ")
    assert "shortness of breath" not in names


def test_every_entry_is_a_conditional_create(output: dict) -> None:
    for entry in output["bundle"]["entry"]:
        assert entry["fullUrl"].startswith("urn:uuid:")
        assert entry["request"]["method"] == "POST" and entry["request"]["ifNoneExist"]


def test_skipped_server_checks_and_a_missing_patient_are_said_in_issues(output: dict) -> None:
    messages = [(i["where"], i["message"]) for i in output["issues"]]
    assert any(where == "fhir-server" and "skipped" in message for where, message in messages)
    assert any(where == "patient" and "no patient" in message for where, message in messages)


@pytest.mark.parametrize(
    "content, args, message",
    [
        (b"", ("--date", "2025-03-14"), "empty"),
        (b"   \n\t\n", ("--date", "2025-03-14"), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("--date", "2025-03-14"), "binary"),
        (b"\xff\xfe\xfa bad", ("--date", "2025-03-14"), "UTF-8"),
        (NOTE.encode(), ("--date", "14/03/2025"), "YYYY-MM-DD"),
        (NOTE.encode(), ("--date", "2025-02-30"), "YYYY-MM-DD"),
        (NOTE.encode(), ("--date", "20250314"), "YYYY-MM-DD"),
        (NOTE.encode(), ("--date", "2025-03-14", "--patient", "12345"), "--patient"),
        (NOTE.encode(), ("--date", "2025-03-14", "--patient", "http://x/fhir/Patient/1"), "--patient"),
        (NOTE.encode(), ("--date", "2025-03-14", "--encounter", "foo"), "--encounter"),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, content: bytes, args: tuple, message: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    result = _extract(str(path), *args, "--offline")
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = _extract(str(tmp_path / "absent.txt"), "--date", "2025-03-14", "--offline")
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "cannot read" in lines[0]


def test_offsets_count_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NOTE.encode())
    output = json.loads(_extract(str(path), "--date", "2025-03-14", "--offline").stdout)
    text = "\ufeff" + NOTE
    assert all(text[a["start"]:a["end"]] == a["text"] for a in output["abbreviations"])


def test_the_note_can_come_from_standard_input() -> None:
    result = _extract("-", "--date", "2025-03-14", "--offline", stdin=NOTE.encode())
    assert result.returncode == 0
    assert json.loads(result.stdout)["bundle"]["entry"]


def test_the_same_text_for_two_patients_or_two_dates_gets_different_identifiers() -> None:
    from datetime import date

    from agent.note import NoteInput

    first = NoteInput(text=NOTE, document_date=date(2025, 3, 14), patient="Patient/a1")
    second = NoteInput(text=NOTE, document_date=date(2025, 3, 14), patient="Patient/b2")
    again = NoteInput(text=NOTE, document_date=date(2025, 3, 14), patient="Patient/a1")
    later = NoteInput(text=NOTE, document_date=date(2025, 6, 14), patient="Patient/a1")
    assert first.document_key != second.document_key
    assert first.document_key == again.document_key
    assert first.document_key != later.document_key
