"""Vital signs and laboratory results: "HR 108", "BP 118/72", "Temp 98.6 °F (37 °C)",
"Cr 1.8 (baseline 1.2)", "troponin <0.01".

Decisions:

* Only where results are written: the vital-signs, results, exam and objective sections,
  lines labelled "Vitals:"/"Labs:"/"BMP:"..., and any line that lists two or more
  name-value pairs. Narrative numbers ("K" in "OK", "Na" in a name, "A1c was high") are not
  read, and a name must be followed directly by its number (":", "=", "of", "is" between).
* A short or ambiguous synonym ("T", "P", "K", "Na", "Ca", "Mg", the table marks which)
  counts only in those result contexts and only when immediately followed by a number.
* Units: the unit as written when the note gives one, mapped to UCUM ("mg/dL", "10*3/uL",
  "mm[Hg]", "[degF]", "Cel", "[lb_av]"); otherwise the table's UCUM unit. Temperatures are
  kept in the unit written (FHIR's vital-signs profile accepts Cel and [degF]); an unlabelled
  temperature above 45 is Fahrenheit. "98.6 °F (37 °C)" is one observation, the first value.
* Blood pressure is a panel (85354-9) with systolic (8480-6) and diastolic (8462-4)
  components and no value of its own.
* "<0.01", ">60" keep ``value_text`` as written with ``comparator``; a range ("142-188") is
  ``value_text`` only. The first value wins: "Cr 1.8 (baseline 1.2)" is 1.8.
* ``effective`` is a date written right after the value ("A1c 9.6% on 07/22/2025") or a date
  heading the results line ("Labs 07/22/2025:"), else the note date.
"""
from __future__ import annotations

import re
from datetime import date

from tools.facts.dates import DateIndex
from tools.facts.lexicons import NoteMatches, ambiguous
from tools.facts.text import Match, NoteText
from tools.facts.types import LOINC, Coding, Evidence, ObservationFact
from tools.terminology import Concept, Domain

RESULT_SECTIONS = frozenset({"vital signs", "results", "physical exam", "objective", "imaging"})
_LABEL_LINE = re.compile(
    r"^\s*(?:vitals?|vital\s+signs|vs|labs?|laboratory|results?|bmp|cmp|cbc|chem\w*|abg|vbg|lfts?|coags?|"
    r"exam|pe|o|objective|data|studies)\b[^:\n]{0,30}:",
    re.IGNORECASE | re.MULTILINE,
)
_VALUE = re.compile(
    r"\+?\s*(?:\([^)]{1,12}\)\s*)?(?:[:=]|\s+of|\s+is|\s+was|\s+at|\s*-)?\s*"
    r"(?P<cmp><=|>=|[<>\u2264\u2265])?\s*(?P<v>(?>\d+(?:\.\d+)?))(?P<range>\s*-\s*\d+(?:\.\d+)?)?"
    r"(?!\d|[/.]\d)(?:[ \t]*(?P<unit>%|\u00b0\s*[FC]\b|(?:x\s*)?10\^?\*?\d+/[a-z]+|[a-zA-Z\u00b5]+(?:/[a-zA-Z0-9.\u00b5]+){0,2}\d?))?",
)
#: a target or a condition, not a result: "goal SpO2 > 92%", "LDL goal <70", "ESA if Hgb <9"
_NOT_A_RESULT = re.compile(r"\b(?:goal|target|if|keep|maintain|titrate\s+to|less\s+than|greater\s+than)\b[^,;\n]{0,12}$",
                           re.IGNORECASE)
_GOAL_AFTER = re.compile(r"\s*(?:goal|target)\b", re.IGNORECASE)
_BP = re.compile(r"\s*(?:[:=]|\s+of|\s+is|\s+was)?\s*(?P<sys>\d{2,3})\s*/\s*(?P<dia>\d{2,3})(?!\s*/\s*\d)")
_UNITS = {
    "%": "%", "mg/dl": "mg/dL", "g/dl": "g/dL", "mmol/l": "mmol/L", "meq/l": "meq/L", "ng/ml": "ng/mL",
    "pg/ml": "pg/mL", "ng/dl": "ng/dL", "ug/dl": "ug/dL", "mcg/dl": "ug/dL", "u/l": "U/L", "iu/l": "[IU]/L",
    "miu/l": "m[IU]/L", "uiu/ml": "u[IU]/mL", "k/ul": "10*3/uL", "x10^3/ul": "10*3/uL", "10^3/ul": "10*3/uL",
    "10*3/ul": "10*3/uL", "k/mm3": "10*3/uL", "m/ul": "10*6/uL", "mg/g": "mg/g", "mg/l": "mg/L", "kg": "kg",
    "g": "g", "lb": "[lb_av]", "lbs": "[lb_av]", "cm": "cm", "in": "[in_i]", "bpm": "/min", "/min": "/min",
    "mmhg": "mm[Hg]", "mm": "mm", "kg/m2": "kg/m2", "ml/min/1.73m2": "mL/min/{1.73_m2}",
    "ml/min": "mL/min", "sec": "s", "s": "s", "fl": "fL", "pg": "pg", "ml": "mL", "l": "L",
    "\u00b0f": "[degF]", "\u00b0 f": "[degF]", "f": "[degF]", "\u00b0c": "Cel", "\u00b0 c": "Cel", "c": "Cel",
}
_TEMPERATURE_CODE = "8310-5"
#: what may stand between an ambiguous name and its number ("K 4.1", "K+: 4.1")
_TIGHT = re.compile(r"\+?\s*[:=]?\s*(?:[<>]=?)?\s*")
_BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
_SYSTOLIC = ("8480-6", "Systolic blood pressure")
_DIASTOLIC = ("8462-4", "Diastolic blood pressure")
_EFFECTIVE_AFTER = re.compile(r"\s*(?:\(\s*|on\s+|from\s+|dated\s+)?", re.IGNORECASE)


def _is_bp(concept: Concept) -> bool:
    return any(c.code in {_BP_PANEL[0], "55284-4"} for c in concept.codings) or concept.display.lower().startswith(
        "blood pressure")


class ObservationExtractor:
    """Observation facts of one note."""

    def __init__(self, note: NoteText, matches: NoteMatches, dates: DateIndex, document_date: date) -> None:
        self.note = note
        self.matches = matches
        self.dates = dates
        self.document_date = document_date

    def extract(self) -> list[ObservationFact]:
        hits = self.matches(Domain.OBSERVATION)
        valued = [(h, self._value(h)) for h in hits]
        per_line: dict[int, int] = {}
        for h, v in valued:
            if v is not None:
                line = self.note.line(h.start)[0]
                per_line[line] = per_line.get(line, 0) + 1
        facts: list[ObservationFact] = []
        seen: set[tuple[str, str]] = set()
        for hit, value in valued:
            if value is None:
                continue
            if not self._result_context(hit, per_line.get(self.note.line(hit.start)[0], 0)):
                continue
            fact = self._fact(hit, value)
            key = (fact.codings[0].code if fact.codings else fact.name, str(fact.value or fact.value_text))
            if key in seen:
                continue
            seen.add(key)
            facts.append(fact)
        return facts

    def _result_context(self, hit: Match[Concept], pairs_on_line: int) -> bool:
        note = self.note
        line_start, _ = note.line(hit.start)
        labelled = bool(_LABEL_LINE.match(note.text, line_start))
        in_section = note.section_title(hit.start) in RESULT_SECTIONS
        if in_section or labelled:
            return True
        return pairs_on_line >= 2 and not ambiguous(hit) and len(hit.synonym.replace(" ", "")) > 2

    def _value(self, hit: Match[Concept]) -> re.Match[str] | None:
        text = self.note.text
        if hit.end < len(text) and text[hit.end].isalnum():
            return None
        if _is_bp(hit.entry):
            return _BP.match(text, hit.end)
        m = _VALUE.match(text, hit.end)
        if m is None:
            return None
        if _NOT_A_RESULT.search(text, max(0, hit.start - 30), hit.start) or _GOAL_AFTER.match(text, hit.end):
            return None
        between = text[hit.end:m.start("v")]
        if "\n" in between:
            return None
        if ambiguous(hit) and not _TIGHT.fullmatch(between):
            return None  # "K 4.1" yes, "K (baseline) 4.1" or "Pt is 4" no
        return m

    def _fact(self, hit: Match[Concept], m: re.Match[str]) -> ObservationFact:
        note = self.note
        concept = hit.entry
        category = concept.category or "laboratory"
        codings = list(concept.codings)
        effective = self.dates.after(m.end(), _EFFECTIVE_AFTER, 20) or self._line_date(hit.start) \
            or self.document_date.isoformat()
        evidence = Evidence(hit.start, m.end(), note.text[hit.start:m.end()], note.section_title(hit.start))
        if _is_bp(concept):
            systolic = ObservationFact(_SYSTOLIC[1], [Coding(LOINC, *_SYSTOLIC)], evidence, "vital-signs",
                                       value=float(m.group("sys")), unit="mm[Hg]", effective=effective)
            diastolic = ObservationFact(_DIASTOLIC[1], [Coding(LOINC, *_DIASTOLIC)], evidence, "vital-signs",
                                        value=float(m.group("dia")), unit="mm[Hg]", effective=effective)
            return ObservationFact(concept.display, codings or [Coding(LOINC, *_BP_PANEL)], evidence, "vital-signs",
                                   components=[systolic, diastolic], effective=effective)
        value = float(m.group("v"))
        written = (m.group("unit") or "").strip()
        unit = _UNITS.get(written.lower().replace(" ", "")) if written else None
        if unit is None and written:
            known = {u.lower(): u for u in (concept.unit, *concept.alt_units) if u}
            unit = known.get(written.lower())
        if unit is None:
            # no unit, or a word that is not one ("HR 96 NSR"): the table's unit
            if written:
                shown = note.text[hit.start:m.start("unit")].rstrip()
                evidence = Evidence(hit.start, hit.start + len(shown), shown, evidence.section)
            unit = concept.unit
        if any(c.code == _TEMPERATURE_CODE for c in codings) and unit not in {"[degF]", "Cel"}:
            unit = "[degF]" if value > 45 else "Cel"
        comparator = m.group("cmp")
        value_text = None
        if comparator:
            comparator = {"\u2264": "<=", "\u2265": ">="}.get(comparator, comparator)
            value_text = f"{comparator}{m.group('v')}"
        if m.group("range"):
            value_text = f"{m.group('v')}{m.group('range').replace(' ', '')}"
            return ObservationFact(concept.display, codings, evidence, category, value=None, unit=unit,
                                   value_text=value_text, effective=effective)
        return ObservationFact(concept.display, codings, evidence, category, value=value, unit=unit,
                               value_text=value_text, comparator=comparator, effective=effective)

    def _line_date(self, offset: int) -> str | None:
        line_start, _ = self.note.line(offset)
        label = _LABEL_LINE.match(self.note.text, line_start)
        if not label:
            return None
        return self.dates.after(line_start + len(label.group().split()[0]),
                                re.compile(r"[^:\n]{0,5}"), 15)
