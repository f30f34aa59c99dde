"""Durations: "x 3 days", "for 1 week", "over the past 6 weeks", "2-3 days", "48 hrs".

The span is the quantity phrase alone ("3 days", not "x 3 days"), as annotators mark it.
Ages ("58 yo", "3 month old", "6 mo F"), gestational ages ("32 weeks gestation") and
pack-years are measures of a person, not of an event, and are left out; vague spans
("several days") have no value to give and are left out too. Upper-case "HR" after a
number is a heart rate ("T 38.7 HR 106"), not hours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.context import clause_after, clause_before, leading, span_lead
from tools.temporal.quantities import (
    NUMBER,
    UNIT,
    UNIT_ORDER,
    iso_compound,
    iso_duration,
    parse_number,
    unit_key,
)

_DURATION = re.compile(
    leading(r"\dotfsenah") + rf"(?:(?<=\bx)|(?<=\u00d7)|(?<![\w.,/+-]))"
    rf"(?P<n>{NUMBER}|half\s+an?|1/2|an?)(?:\s*(?:-|\u2013|to|or)\s*(?P<n2>{NUMBER}))?"
    rf"(?:\s*-\s*|\s*)(?:(?:consecutive|straight|more|additional|further|full|whole|successive|separate)\s+)?"
    rf"(?P<unit>{UNIT}|(?:(?<=\d)|(?<=\d\s))[dhw])(?!\w|/\d)",
    re.IGNORECASE,
)
#: "a week", "one day" and bare letters ("5d") are durations only after words that introduce
#: one: "for a week", but "one day he fell".
_LEAD = re.compile(
    r"(?:\b(?:for|x|over|about|approx\.?|approximately|nearly|almost|within|in|after|under|than|lasting"
    r"|past|last|least|complete|total)|[x\u00d7~>])\s*$",
    re.IGNORECASE,
)
#: ... or words after that make it one ("4 d of cough", "3d hx").
_TAIL = re.compile(
    r"\s+(?:of|hx|history|duration|ago|prior|before|after|later|earlier|post-?op\w*|post|postpartum)\b",
    re.IGNORECASE,
)
#: Amounts are never written with a leading zero; "0430" is a clock time.
_LEADING_ZERO = re.compile(r"0\d")
_COMPOUND_GAP = re.compile(r"\s+(?:and\s+)?", re.IGNORECASE)
_AGE_AFTER = re.compile(
    r"^(?:[\s-]*(?:old\b|of\s+age\b|o(?![\w])|yo\b|y/o)|\s+[MF](?![\w/])"
    r"|\s+(?:male|female|man|woman|boy|girl|infant|baby|child|toddler|neonate|newborn)\b)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"\b(?:age[ds]?|age\s+of)\s*:?\s*$", re.IGNORECASE)
_GESTATION_AFTER = re.compile(
    r"^\W*(?:'?s?\s*)?(?:of\s+)?(?:gestation|gestational|ga\b|ega\b|wga\b|pregnan|iup\b)", re.IGNORECASE
)
_GESTATION_BEFORE = re.compile(
    r"\b(?:ega|ga|gestational\s+age|g\d+\s*p\d+|iup|pregnant|gestation|born)\b", re.IGNORECASE
)
_PAST_UNIT = re.compile(
    leading("lp") + r"\b(?P<mod>past|last|previous|prior)\s+(?P<unit>week|wk|month|mo|year|yr|day|hour|hr)\b",
    re.IGNORECASE,
)
#: A note about a pregnancy, where "at 26 wk" is a gestational age.
_PREGNANCY = re.compile(
    r"\b(?:G\d+\s*P\d+|gestation(?:al)?|EGA|EDD|LMP|prenatal|antepartum|pregnan\w*|IUP|trimester|L&D)\b",
    re.IGNORECASE,
)
_GESTATION_LEAD = re.compile(r"\b(?:at|from|by|since|until|before|after|c/w|of)\s*$", re.IGNORECASE)
_GESTATION_TAIL = re.compile(r"\s*(?:US|ultrasound|sono(?:gram)?|size)\b", re.IGNORECASE)
_POSTPARTUM_TAIL = re.compile(r"\s*(?:post-?partum|pp|after\s+delivery)\b", re.IGNORECASE)
#: Clotting and ECG intervals are measured in seconds: "PT 18.4 sec" is a lab value.
_TIMED_LAB = re.compile(r"\b(?:a?PTT?|INR|TT|ACT|QTc?|QRS|PR|bleeding\s+time)\W*$", re.IGNORECASE)


def _is_measure_of_person(text: str, match: re.Match[str], unit: str, pregnancy: bool) -> bool:
    """Ages; gestational ages, named as such or in a pregnancy note counted "at 26 wk" or
    "8 wk US" (but "at 6 weeks postpartum" is time since delivery); lab values in seconds."""
    before = clause_before(text, match.start(), 40)
    if _AGE_AFTER.match(text[match.end() : match.end() + 12]) or _AGE_BEFORE.search(before):
        return True
    if unit == "s" and _TIMED_LAB.search(before[-20:]):
        return True
    if unit not in ("w", "d"):
        return False
    if _GESTATION_AFTER.match(clause_after(text, match.end(), 30)) or _GESTATION_BEFORE.search(before[-30:]):
        return True
    if unit != "w" or not pregnancy or _POSTPARTUM_TAIL.match(text, match.end()):
        return False
    return bool(_GESTATION_LEAD.search(before[-12:]) or _GESTATION_TAIL.match(text, match.end()))


def _introduced(text: str, match: re.Match[str]) -> bool:
    return bool(
        _LEAD.search(text, max(0, match.start() - 15), match.start()) or _TAIL.match(text, match.end())
    )


def _quantities(text: str) -> Iterator[tuple[re.Match[str], float, str, str]]:
    """Each quantity with its amount, unit and ISO value."""
    pregnancy = _PREGNANCY.search(text) is not None
    for match in _DURATION.finditer(text):
        token, unit_token = match.group("n").lower(), match.group("unit")
        amount = 0.5 if token.startswith("half") or token == "1/2" else parse_number(token)
        unit = unit_key(unit_token)
        needs_lead = token in ("a", "an", "one") or (len(unit_token) == 1 and unit != "h")
        if amount is None or _LEADING_ZERO.match(token) or (needs_lead and not _introduced(text, match)):
            continue
        if unit_token == "HR" or _is_measure_of_person(text, match, unit, pregnancy):
            continue
        value = iso_duration(amount, unit)
        if match.group("n2"):
            upper = parse_number(match.group("n2"))
            if upper is None or upper <= amount:
                continue
            value = f"{value}/{iso_duration(upper, unit)}"
        yield match, amount, unit, value


def _durations(text: str) -> Iterator[TemporalExpression]:
    """Quantities, with runs of whole amounts in decreasing units ("1 hr 15 min", "2 years
    and 3 months") joined into one duration."""
    run: list[tuple[re.Match[str], float, str, str]] = []

    def flush() -> Iterator[TemporalExpression]:
        if len(run) == 1:
            match, _, _, value = run[0]
            yield TemporalExpression(match.group(), TemporalType.DURATION, value, match.start(), match.end())
        elif run:
            start, end = run[0][0].start(), run[-1][0].end()
            value = iso_compound([(amount, unit) for _, amount, unit, _ in run])
            yield TemporalExpression(text[start:end], TemporalType.DURATION, value, start, end)
        run.clear()

    for item in _quantities(text):
        match, amount, unit, _ = item
        joinable = (
            run
            and not match.group("n2")
            and not run[-1][0].group("n2")
            and amount == int(amount)
            and run[-1][1] == int(run[-1][1])
            and UNIT_ORDER.index(unit) > UNIT_ORDER.index(run[-1][2])
            and _COMPOUND_GAP.fullmatch(text, run[-1][0].end(), match.start())
        )
        if not joinable:
            yield from flush()
        run.append(item)
    yield from flush()


def _past_units(text: str) -> Iterator[TemporalExpression]:
    """ "over the past week": a span ending now. Bare "last week" is a date (see relative)."""
    for match in _PAST_UNIT.finditer(text):
        if match.group("mod").lower() == "last" and not span_lead(text, match.start()):
            continue
        value = iso_duration(1, unit_key(match.group("unit")))
        yield TemporalExpression(match.group(), TemporalType.DURATION, value, match.start(), match.end())


def find_durations(text: str) -> list[TemporalExpression]:
    return [*_durations(text), *_past_units(text)]
