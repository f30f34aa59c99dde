"""``tigerbridge extract``: one note through the workflow, nothing written."""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from agent.note import NoteInput, UnusableNote
from integrations.runner import build_engine
from integrations.settings import Settings
from workflows.output import extract_json


def read_note(path: str) -> str:
    """The note's text; binary or undecodable input is refused rather than guessed at."""
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UnusableNote(f"cannot read {path}: {exc.strerror or exc}") from exc
    if b"\x00" in raw:
        raise UnusableNote(f"{path} is binary, not a text note")
    try:
        # A byte-order mark stays in the text: offsets count characters of the note as given.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnusableNote(f"{path} is not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise UnusableNote(f"{path} is empty")
    return text


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PATIENT = re.compile(r"Patient/[A-Za-z0-9\-.]{1,64}|[^|\s]+\|[^|\s]+")
_ENCOUNTER = re.compile(r"Encounter/[A-Za-z0-9\-.]{1,64}")


def parse_date(value: str) -> date:
    """Only the extended YYYY-MM-DD form: Python also reads "20250301" and week dates,
    which a user typing a date almost never means."""
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UnusableNote(f"--date {value!r} is not a date in YYYY-MM-DD form") from exc


def check_references(patient: str | None, encounter: str | None) -> None:
    if patient is not None and not _PATIENT.fullmatch(patient):
        raise UnusableNote(f"--patient {patient!r} is neither Patient/ID nor an identifier system|value")
    if encounter is not None and not _ENCOUNTER.fullmatch(encounter):
        raise UnusableNote(f"--encounter {encounter!r} is not Encounter/ID")


def run_extract(
    settings: Settings,
    path: str,
    document_date: str,
    *,
    patient: str | None = None,
    encounter: str | None = None,
    llm: str | None = None,
    ips: bool = False,
    use_server: bool = True,
) -> dict:
    when = parse_date(document_date)
    check_references(patient, encounter)
    text = read_note(path)
    note = NoteInput(text=text, document_date=when, patient=patient, encounter=encounter)
    engine = build_engine(settings, llm=llm, use_server=use_server, ips_document=ips)
    try:
        state = engine.run(note)
    finally:
        engine.close()
    return state["ips_document"] if ips else extract_json(state)
