"""The run's result in the shape of the ``tigerbridge extract`` contract (CONTRACTS.md).

Keys beyond the contract's five (``run_id``, ``encounter``, ``skipped``, ``steps``) are
extensions: the contract may only grow.
"""
from __future__ import annotations

from dataclasses import asdict

from workflows.state import NoteState


def extract_json(state: NoteState) -> dict:
    summaries = state.get("summaries", {})
    sections = [
        {"title": s.title, "code": s.code, "start": s.start, "end": s.end, "summary": summaries.get(s.start, "")}
        for s in state.get("sections", [])
    ]
    return {
        "run_id": state["run_id"],
        "abbreviations": [a.to_json() for a in state.get("abbreviations", [])],
        "temporal": [t.to_json() for t in state.get("temporal", [])],
        "sections": sections,
        "encounter": asdict(state["encounter"]) if "encounter" in state else None,
        "bundle": state.get("bundle", {}),
        "skipped": state.get("skipped", []),
        "issues": [i.to_json() for i in state.get("issues", [])],
        "steps": [s.to_json() for s in state.get("steps", [])],
    }
