"""``tigerbridge extract``: one note through the workflow, nothing written."""
from __future__ import annotations

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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableNote(f"{path} is not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise UnusableNote(f"{path} is empty")
    return text


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UnusableNote(f"--date {value!r} is not a date in YYYY-MM-DD form") from exc


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
    text = read_note(path)
    note = NoteInput(text=text, document_date=when, patient=patient, encounter=encounter)
    engine = build_engine(settings, llm=llm, use_server=use_server, ips_document=ips)
    try:
        state = engine.run(note)
    finally:
        engine.close()
    return state["ips_document"] if ips else extract_json(state)
