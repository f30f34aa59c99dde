"""``tigerbridge eval``: score the workflow against gold-annotated notes.

Facts are scored on the transaction Bundle the workflow would write. Bundle validity is
HAPI's verdict: every transaction and IPS document Bundle goes through ``Bundle/$validate``
on the configured server, and its round-trip time is reported.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from agent.note import NoteInput
from integrations.fhir.errors import FhirError
from integrations.fhir.server import FhirServer
from integrations.runner import build_engine, server_answers
from integrations.settings import Settings, open_fhir_server
from tools.evaluation.gold import load_gold_notes
from tools.evaluation.scoring import Counts, score_note, total
from workflows.output import extract_json

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "notes"

TARGETS = {
    "abbreviation_accuracy": 0.92,
    "temporal_detection": 0.95,
    "temporal_normalisation": 0.90,
    "condition_recall": 0.90,
    "condition_precision": 0.85,
    "medication_recall": 0.95,
    "medication_dose": 0.95,
    "allergy_recall": 1.0,
    "no_known_allergy": 1.0,
    "bundles_valid": 1.0,
}


def _hapi_verdicts(server: FhirServer, bundles: list[dict], figures: dict[str, Counts]) -> dict:
    warnings: list[int] = []
    seconds: list[float] = []
    for bundle in bundles:
        t0 = time.perf_counter()
        outcome = server.validate(bundle) or {}
        seconds.append(time.perf_counter() - t0)
        issues = outcome.get("issue", [])
        errors = [i for i in issues if i.get("severity") in ("error", "fatal")]
        figures["bundles_valid"].add(not errors)
        warnings.append(sum(i.get("severity") == "warning" for i in issues))
        for issue in errors:
            print(f"  $validate error: {issue.get('diagnostics')} at {issue.get('expression')}", file=sys.stderr)
    return {
        "warnings_per_bundle": round(statistics.mean(warnings), 2) if warnings else None,
        "validate_seconds_median": round(statistics.median(seconds), 3) if seconds else None,
    }


def run_eval(
    settings: Settings,
    dirs: list[str],
    *,
    llm: str | None = None,
    as_json: bool = False,
    verbose: bool = False,
    use_server: bool = True,
) -> int:
    notes = load_gold_notes([Path(d) for d in dirs] or [DEFAULT_DIR])
    engine = build_engine(settings, llm=llm, use_server=False, ips_document=True)
    scores, bundles, seconds = [], [], []
    for gold in notes:
        t0 = time.perf_counter()
        state = engine.run(NoteInput(text=gold.text, document_date=gold.document_date, kind=None))
        seconds.append(time.perf_counter() - t0)
        output = extract_json(state)
        bundles += [state["bundle"], state["ips_document"]]
        score = score_note(gold.id, gold.text, gold.gold, output)
        scores.append(score)
        if verbose and score.misses:
            print(f"{gold.id}:", *(f"  {m}" for m in score.misses), sep="\n", file=sys.stderr)
    figures = total(scores)
    extra: dict = {"notes": len(notes), "seconds_per_note_median": round(statistics.median(seconds), 4)}
    if use_server and server_answers(settings.fhir_base_url):
        with open_fhir_server(settings) as server:
            try:
                figures["bundles_valid"] = Counts()
                extra |= _hapi_verdicts(server, bundles, figures)
            except FhirError as exc:
                extra["validate_error"] = str(exc)
    elif not use_server:
        extra["bundles_valid"] = "not measured: --offline"
    else:
        extra["bundles_valid"] = f"not measured: FHIR server {settings.fhir_base_url} unreachable"
    report = {name: {"value": c.ratio, "hits": c.hits, "total": c.total, "target": TARGETS.get(name)}
              for name, c in figures.items()} | extra
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{'metric':<28}{'value':>8}{'hits/total':>14}{'target':>9}")
        for name, counts in figures.items():
            target = TARGETS.get(name)
            value = f"{counts.ratio:.1%}" if counts.ratio is not None else "n/a"
            flag = "" if target is None or (counts.ratio or 0) >= target else "  below target"
            print(f"{name:<28}{value:>8}{f'{counts.hits}/{counts.total}':>14}"
                  f"{(f'{target:.0%}' if target else ''):>9}{flag}")
        for key, value in extra.items():
            print(f"{key:<28}{value}")
    return 0
