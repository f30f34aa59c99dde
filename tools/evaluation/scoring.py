"""Per-note scores and their corpus totals.

Each metric is a (hits, total) count so corpus figures are micro-averages over every gold
item, not an average of per-note ratios that would let a short note weigh as much as a long
one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from tools.evaluation.matching import (
    codes_match,
    concept_codes,
    concept_names,
    greedy_match,
    name_matches,
    norm,
)

NO_KNOWN_ALLERGY_CODES = {"716186003", "409137002", "429625007", "428607008"}


@dataclass
class Counts:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def ratio(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class NoteScore:
    note_id: str
    metrics: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[str] = field(default_factory=list)


def _resources(bundle: dict, resource_type: str) -> list[dict]:
    return [
        e["resource"]
        for e in bundle.get("entry", [])
        if e.get("resource", {}).get("resourceType") == resource_type
    ]


def _expansion_ok(expansion: str, accepted: list[str]) -> bool:
    return norm(expansion) in {norm(a) for a in accepted}


def score_abbreviations(score: NoteScore, gold: list[dict], predicted: list[dict]) -> None:
    """Correct when the surface form was found and every occurrence has an accepted sense."""
    by_text: dict[str, list[dict]] = defaultdict(list)
    for item in predicted:
        by_text[item["text"]].append(item)
    gold_texts = {g["text"] for g in gold}
    for item in gold:
        found = by_text.get(item["text"], [])
        ok = bool(found) and all(_expansion_ok(f["expansion"], item["expansions"]) for f in found)
        score.metrics["abbreviation_accuracy"].add(ok)
        if not ok:
            got = sorted({f["expansion"] for f in found}) or "not found"
            score.misses.append(f"abbreviation {item['text']!r}: got {got}, want {item['expansions']}")
    for text, items in by_text.items():
        score.metrics["abbreviation_precision"].add(text in gold_texts)


def _values(gold: dict) -> set[str]:
    value = gold["value"]
    if gold["type"] == "SET" or value.startswith("R"):
        return {value}
    return {value} | set(value.split("/"))


def score_temporal(score: NoteScore, text: str, gold: list[dict], predicted: list[dict]) -> None:
    """Detected when a prediction covers an occurrence of the gold text; normalised when its
    value is the gold value (or one of the gold's ``A/B`` alternatives).

    Precision leaves out SET predictions unless the note's gold annotates SETs: the corpus
    convention (like the shared examples) keeps dose frequencies in the medications only.
    """
    used: set[int] = set()
    for item in gold:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(item["text"]), text)]
        match = None
        for pi, pred in enumerate(predicted):
            if pi in used:
                continue
            if any(pred["start"] < e and s < pred["end"] for s, e in spans):
                match = pi
                break
        score.metrics["temporal_detection"].add(match is not None)
        if match is None:
            score.misses.append(f"temporal {item['text']!r} not detected")
            score.metrics["temporal_normalisation"].add(False)
            continue
        used.add(match)
        ok = predicted[match]["value"] in _values(item)
        score.metrics["temporal_normalisation"].add(ok)
        if not ok:
            score.misses.append(
                f"temporal {item['text']!r}: got {predicted[match]['value']!r}, want {item['value']!r}"
            )
    annotated = {item["type"] for item in gold} | {"DATE", "TIME", "DURATION"}
    for pi, pred in enumerate(predicted):
        if pred["type"] in annotated:
            score.metrics["temporal_precision"].add(pi in used)


def score_sections(score: NoteScore, gold: list[str], predicted: list[dict]) -> None:
    titles = {norm(s["title"]) for s in predicted}
    for name in gold:
        hit = norm(name) in titles
        score.metrics["section_recall"].add(hit)
        if not hit:
            score.misses.append(f"section {name!r} not found (found {sorted(titles)})")


def _score_named(
    score: NoteScore, label: str, gold: list[dict], resources: list[dict], concept_key: str
) -> list[tuple[int, int]]:
    def same(g: dict, r: dict) -> bool:
        concept = r.get(concept_key)
        return codes_match(g, concept_codes(concept)) or name_matches(g["names"], concept_names(concept))

    pairs = greedy_match(gold, resources, same)
    matched_gold = {g for g, _ in pairs}
    for gi, item in enumerate(gold):
        score.metrics[f"{label}_recall"].add(gi in matched_gold)
        if gi not in matched_gold:
            score.misses.append(f"{label} {item['names'][0]!r} missing")
    matched_pred = {p for _, p in pairs}
    for pi, resource in enumerate(resources):
        score.metrics[f"{label}_precision"].add(pi in matched_pred)
        if pi not in matched_pred:
            names = concept_names(resource.get(concept_key))
            score.misses.append(f"{label} extra: {names[0] if names else resource.get('id')!r}")
    return pairs


_UNIT_WORDS = {"h": "hours", "d": "days", "wk": "weeks", "min": "minutes", "mo": "months"}
_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times"}
_WHEN_WORDS = {"HS": "bedtime nightly at night", "MORN": "morning", "EVE": "evening", "NIGHT": "at night"}


def _timing_words(dosage: dict) -> str:
    """The structured Timing read aloud, so a frequency stated only in ``timing.repeat``
    (what receiving systems use) is credited like one stated in the dosage text."""
    words: list[str] = []
    repeat = dosage.get("timing", {}).get("repeat", {})
    frequency, period, unit = repeat.get("frequency"), repeat.get("period"), repeat.get("periodUnit")
    if period is not None and unit:
        period = int(period) if float(period).is_integer() else period
        if frequency in (None, 1) and period != 1:
            words.append(f"every {period} {_UNIT_WORDS.get(unit, unit)}")
        elif period == 1 and unit == "d":
            words.append(f"{_TIMES.get(frequency, f'{frequency} times')} daily")
        elif period == 1 and unit == "wk":
            words.append("weekly" if frequency in (None, 1) else f"{_TIMES.get(frequency)} weekly")
    words += [_WHEN_WORDS.get(w, w.lower()) for w in repeat.get("when", [])]
    if dosage.get("asNeededBoolean") or "asNeededCodeableConcept" in dosage:
        words.append("as needed")
    return " ".join(words)


def _dose_strings(statement: dict) -> str:
    parts = []
    for dosage in statement.get("dosage", []):
        parts += [dosage.get("text", ""), _timing_words(dosage)]
        for rate in dosage.get("doseAndRate", []):
            quantity = rate.get("doseQuantity") or rate.get("rateQuantity")
            if quantity:
                value = quantity.get("value")
                value = int(value) if isinstance(value, float) and value.is_integer() else value
                parts.append(f"{value} {quantity.get('unit', '')}")
    return norm(" ".join(parts)).replace(" ug", " mcg")


_FREQUENCY_WORDS = {
    "twice": ("bid", "twice", "2 times", "two times", "every 12 hours", "q12h"),
    "daily": ("daily", "qd", "once a day", "every day", "qday", "q24h", "nightly", "qhs", "qam", "every morning"),
    "three times": ("tid", "three times", "3 times", "every 8 hours", "q8h"),
    "four times": ("qid", "four times", "4 times", "every 6 hours", "q6h"),
}


def _frequency_ok(wanted: str, statement: dict) -> bool:
    text = _dose_strings(statement)
    wanted_n = norm(wanted)
    return wanted_n in text or any(w in text for w in _FREQUENCY_WORDS.get(wanted_n, ()))


def score_medications(score: NoteScore, gold: list[dict], bundle: dict) -> None:
    statements = _resources(bundle, "MedicationStatement")
    pairs = _score_named(score, "medication", gold, statements, "medicationCodeableConcept")
    for gi, pi in pairs:
        item = gold[gi]
        if "dose" in item:
            ok = norm(item["dose"]).replace(" ug", " mcg") in _dose_strings(statements[pi])
            score.metrics["medication_dose"].add(ok)
            if not ok:
                score.misses.append(
                    f"medication {item['names'][0]!r} dose: want {item['dose']!r}, "
                    f"got {_dose_strings(statements[pi])!r}"
                )
        if "frequency" in item:
            ok = _frequency_ok(item["frequency"], statements[pi])
            score.metrics["medication_frequency"].add(ok)
            if not ok:
                score.misses.append(f"medication {item['names'][0]!r} frequency: want {item['frequency']!r}")


def score_allergies(score: NoteScore, gold: dict, bundle: dict) -> None:
    resources = _resources(bundle, "AllergyIntolerance")
    no_known = [r for r in resources if concept_codes(r.get("code")) & NO_KNOWN_ALLERGY_CODES]
    real = [r for r in resources if r not in no_known]
    _score_named(score, "allergy", gold.get("allergies", []), real, "code")
    if gold.get("no_known_allergies"):
        score.metrics["no_known_allergy"].add(bool(no_known))
        if not no_known:
            score.misses.append("no-known-allergy statement missing")
    elif no_known:
        score.metrics["no_known_allergy"].add(False)
        score.misses.append("no-known-allergy asserted but the note does not say so")


def score_procedures(score: NoteScore, gold: list[dict], bundle: dict) -> None:
    procedures = _resources(bundle, "Procedure")
    pairs = _score_named(score, "procedure", gold, procedures, "code")
    for gi, pi in pairs:
        if gold[gi].get("date"):
            performed = procedures[pi].get("performedDateTime") or procedures[pi].get("performedString", "")
            score.metrics["procedure_date"].add(performed.startswith(gold[gi]["date"]))


def score_encounter(score: NoteScore, gold: dict, bundle: dict) -> None:
    encounters = _resources(bundle, "Encounter")
    encounter = encounters[0] if encounters else {}
    klass = encounter.get("class", {}).get("code")
    score.metrics["encounter_class"].add(klass == gold.get("class"))
    if klass != gold.get("class"):
        score.misses.append(f"encounter class: got {klass!r}, want {gold.get('class')!r}")
    period = encounter.get("period", {})
    ok = period.get("start", "")[:10] == gold.get("start")
    if gold.get("end"):
        ok = ok and period.get("end", "")[:10] == gold["end"]
    score.metrics["encounter_period"].add(ok)
    if not ok:
        score.misses.append(f"encounter period: got {period}, want {gold.get('start')}..{gold.get('end')}")


def score_note(note_id: str, text: str, gold: dict, output: dict) -> NoteScore:
    """Score one note's ``tigerbridge extract`` output against its gold answers."""
    score = NoteScore(note_id)
    bundle = output.get("bundle", {})
    score_abbreviations(score, gold.get("abbreviations", []), output.get("abbreviations", []))
    score_temporal(score, text, gold.get("temporal", []), output.get("temporal", []))
    score_sections(score, gold.get("sections", []), output.get("sections", []))
    _score_named(score, "condition", gold.get("conditions", []), _resources(bundle, "Condition"), "code")
    score_medications(score, gold.get("medications", []), bundle)
    score_allergies(score, gold, bundle)
    score_procedures(score, gold.get("procedures", []), bundle)
    if gold.get("encounter"):
        score_encounter(score, gold["encounter"], bundle)
    return score


def total(scores: list[NoteScore]) -> dict[str, Counts]:
    sums: dict[str, Counts] = defaultdict(Counts)
    for score in scores:
        for name, counts in score.metrics.items():
            sums[name].hits += counts.hits
            sums[name].total += counts.total
    return dict(sorted(sums.items()))
