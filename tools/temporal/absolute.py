"""Absolute dates: 03/14/2025, 3/14, 3/2025, 2025-03-14, Mar 3 2025, March 2024, 2015,
summer 2023 (TimeML ``2023-SU``).

Slashed numbers are the riskiest pattern in a note: "BP 118/72", "2/2" (secondary to),
"pain 4/10", "5/5 strength", "1/2 NS" all look like dates. A year-less ``m/d`` is accepted
only when it is a valid calendar date, no score, dose or count cue surrounds it, and,
for the shapes that fractions and grades usually take (``n/n``, ``1/2``, ``4/5``), when
a date cue such as "on" or "since" stands right before it; ``n/10`` is a score next to
a symptom or a word like "is" or "rated", otherwise the tenth of a month.

Bare years must look like years: 1900 to the note's year (later only after "in", "by",
"due" ...), not followed by a unit, not led by a lab name, identifier or "at".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.calendar_math import (
    MONTH_ALTERNATION,
    MONTHS,
    expand_two_digit_year,
    infer_month_year,
    infer_year,
    month_token_ok,
)
from tools.temporal.context import (
    address_follows,
    clause_after,
    clause_before,
    future_context,
    leading,
    quantity_name_before,
)

_M = MONTH_ALTERNATION

_DIGIT = leading(r"\d")
_MONTH_START = leading("jfmasondJFMASOND")
_NUMERIC_FULL = re.compile(
    _DIGIT
    + r"(?<![\w/.:+])(?P<m>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/]|[.,:-]\d)"
)
_DOTTED_FULL = re.compile(
    _DIGIT + r"(?<![\w/.:+])(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.(?P<y>\d{4})(?![\w/]|[.,:]\d)"
)
_NUMERIC_MONTH_DAY = re.compile(
    _DIGIT + r"(?:(?<=\d-)|(?<![\w/.:+-]))(?<!\d\s)(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/]|[.,]\d)"
)
_NUMERIC_MONTH_YEAR = re.compile(_DIGIT + r"(?<![\w/.:+-])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/]|[.,]\d)")
_ISO = re.compile(
    _DIGIT
    + r"(?<![\w/.-])(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?:(?![\w/]|[.-]\d)|(?=T\d))"
)
_ISO_MONTH = re.compile(_DIGIT + r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])(?![\w/-]|\.\d)")
_MONTH_DAY = re.compile(
    _MONTH_START + rf"\b(?P<mon>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:mg|mcg|g|units?|ml|%)\b)"
    rf"(?:,?\s+(?P<y>\d{{4}})\b|,?\s+'(?P<yy>\d{{2}})\b)?",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    _DIGIT + rf"(?<![\w/.])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of\s+|\s+|-)(?P<mon>{_M})"
    rf"(?:(?:,?\s+|-)(?P<y>\d{{4}})\b|(?:-|\s+')(?P<yy>\d{{2}})\b)?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    _MONTH_START + rf"\b(?P<mon>{_M})(?:,?\s+(?:of\s+)?|-)(?:(?P<y>\d{{4}})|'(?P<yy>\d{{2}}))\b",
    re.IGNORECASE,
)
_SEASON = re.compile(
    leading("swa") + r"\b(?P<season>spring|summer|autumn|winter)\s+(?:of\s+)?(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
#: TimeML season codes. "Fall 2019" is left to the year: in a note it is mostly a fall.
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}
_BARE_MONTH = re.compile(_MONTH_START + rf"\b(?P<mon>{_M})", re.IGNORECASE)
#: A month name alone is a date only after one of these ("in March", "since mid-June").
_BARE_MONTH_LEAD = re.compile(
    r"\b(?P<pre>in|since|during|until|till|through|from|by|of|before|after|around|early|mid|late"
    r"|last|this|next)(?:\s+|-)(?:(?P<part>early|mid|late)(?:\s+|-))?$",
    re.IGNORECASE,
)
#: "by June Smith": a month name before a capitalised word is a first name.
_NAME_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
_YEAR = re.compile(
    leading("12") + r"(?:(?<=(?:19|20)\d\d-)|(?<=\bmid-)|(?<![\w$#+=<>~.,/:'\-]))(?P<y>(?:19|20)\d{2})"
    r"(?![\w%/]|[.,:]\d|-(?!(?:19|20)\d{2}\b)\d)"
)

#: Units and measures after a number mean a quantity, not a year ("2000 mg", "1950 mL").
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:mg|mcg|ug|g|gm|grams?|kg|lbs?|ml|cc|l|liters?|units?|u|iu|mmol|meq|mosm|k?cal|calories"
    r"|ft|feet|steps|m|meters|cells|copies|k|x|mm|cm|mmhg|ng|pg|hrs?|hours|h|ms|sec|per|/)\b",
    re.IGNORECASE,
)

_AHEAD_CUE = re.compile(r"\b(?:in|by|until|till|through|due|after|before)\s+$", re.IGNORECASE)
#: "at 1912" is a clock time; years are "in 1912".
_CLOCK_CUE = re.compile(r"(?:\bat|@)\s*$", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"\b\d+(?:\.\d+)?\s+$")

#: A cue right before a slashed date that settles it is a date ("on 2/2", "since 3/4").
_STRONG_CUE = re.compile(
    r"(?:\b(?:on|since|from|until|till|thru|through|dated|date|dos|dob|doa|as\s+of|between|starting"
    r"|started|effective|beginning|adm|admit|admitted|admission|discharged|week\s+of)\s*:?\s*|\(\s*)$",
    re.IGNORECASE,
)
#: The second date of a range: "10/1 to 10/3", "10/1-10/3".
_RANGE_CUE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:-|to|through|thru|and)\s*$", re.IGNORECASE)
_SCORE_BEFORE = re.compile(
    r"\b(?:pain|score[ds]?|scale|rated?|rating|strength|grade[ds]?|power|motor|murmur|reflex(?:es)?"
    r"|bp|sbp|dbp|pressure|bottles?|ratio|tit(?:er|re)|gleason|mmse|moca|gcs|apgar|acuity"
    r"|vision|va|phq|gad|ciwa|cows|nihss|ecog|nyha|stage|i/o|sats?|x|bipap|cpap|ipap|epap|peep|vent"
    r"|settings)\b",
    re.IGNORECASE,
)
#: Symptoms rated out of ten.
_SYMPTOM_BEFORE = re.compile(
    r"\b(?:mood|anxiety|nausea|severity|itch\w*|fatigue|energy|sleep|stress|depress\w*|craving\w*|dyspnea"
    r"|intensity|vas|nrs|worry|motivation|appetite|headaches?|discomfort|soreness|stiffness|dizziness"
    r"|tinnitus|vertigo|numbness)\b",
    re.IGNORECASE,
)
#: Words right before a score ("is 4/10", "reports 8/10 chest pain").
_SCALE_LEAD = re.compile(
    r"\b(?:is|was|now|currently|at|about|around|to|from|of|avg|averag\w*|rates?|reports?|reporting|endorses"
    r"|describes)\s*[~:]?\s*$|~\s*$",
    re.IGNORECASE,
)
_SCALE_TAIL = re.compile(
    r"\s*(?:at\s+(?:rest|worst|best)|with\s+(?:activity|movement|exertion)|->|\u2192|in\s+(?:severity|intensity))",
    re.IGNORECASE,
)
_SCORE_AFTER = re.compile(
    r"^\s*(?:\+|(?:tabs?|tablets?|caps?|capsules?|ns|normal\s+saline|strength|str|murmur|sem|hsm"
    r"|systolic|diastolic|holosystolic|pain|reflex(?:es)?|dtrs?|bottles?|cultures?|sets?|blood"
    r"|positive|pos|neg|negative|of|ratio|mmhg|mm|cm|inch(?:es)?|doses?|x|times|cups?|glass(?:es)?"
    r"|beers?|drinks?|packs?|ppd|mg|mcg|g|units?|ml|l|power|motor|grade|days?|weeks?|wks?|lbs?|kg"
    r"|vials?|amps?|ln|lns|nodes?|lymph|cores?|specimens?|samples?|biopsies|vessels?|criteria|points?"
    r"|items?|fields?|views?|%)\b)",
    re.IGNORECASE,
)


def _expression(match: re.Match[str], value: str, start: int | None = None) -> TemporalExpression:
    begin = match.start() if start is None else start
    return TemporalExpression(match.string[begin : match.end()], TemporalType.DATE, value, begin, match.end())


def _year(match: re.Match[str], document_date: date) -> int | None:
    if match.group("y"):
        return int(match.group("y"))
    if match.groupdict().get("yy"):
        return expand_two_digit_year(int(match.group("yy")), document_date)
    return None


def _plausible_year(year: int, document_date: date) -> bool:
    return 1900 <= year <= document_date.year + 5


def _full_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _fraction_shaped(month: int, day: int) -> bool:
    """Shapes fractions, strengths, murmur grades and "2/2" take: 1/2, 3/4, 4/5, 2/6, 5/5."""
    return month == day or (day <= 6 and month < day)


def _month_day_is_date(text: str, start: int, end: int, month: int, day: int) -> bool:
    """Whether a year-less ``m/d`` is a date. Scores out of ten ("mood 6/10", "is 4/10")
    are told from dates on the 10th ("d/c'd 9/10") by the words before them."""
    before = clause_before(text, start, 30)
    if _SCORE_AFTER.match(clause_after(text, end, 25)):
        return False
    strong = bool(_STRONG_CUE.search(before) or _RANGE_CUE.search(before))
    if strong:
        return True
    if _SCORE_BEFORE.search(before[-25:]):
        return False
    if day == 10:
        clause = clause_before(text, start, 60)
        if (
            _SYMPTOM_BEFORE.search(clause)
            or _SCORE_BEFORE.search(clause)
            or _SCALE_LEAD.search(before)
            or _SCALE_TAIL.match(text, end)
        ):
            return False
    return not _fraction_shaped(month, day) or text.startswith(":", end)


def _numeric(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for pattern in (_NUMERIC_FULL, _DOTTED_FULL):
        for match in pattern.finditer(text):
            raw_year = match.group("y")
            if pattern is _NUMERIC_FULL and match.group("sep") == "-" and len(raw_year) == 2:
                continue
            year = (
                int(raw_year) if len(raw_year) == 4 else expand_two_digit_year(int(raw_year), document_date)
            )
            value = _full_date(year, int(match.group("m")), int(match.group("d")))
            if value and _plausible_year(year, document_date):
                yield _expression(match, value)
    for match in _NUMERIC_MONTH_YEAR.finditer(text):
        month, year = int(match.group("m")), int(match.group("y"))
        if 1 <= month <= 12 and 1900 <= year <= document_date.year + 5:
            yield _expression(match, f"{year:04d}-{month:02d}")
    for match in _NUMERIC_MONTH_DAY.finditer(text):
        month, day = int(match.group("m")), int(match.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if not _month_day_is_date(text, match.start(), match.end(), month, day):
            continue
        resolved = infer_year(month, day, document_date, future_ok=future_context(text, match.start()))
        if resolved:
            yield _expression(match, resolved.isoformat())


def _iso(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _ISO.finditer(text):
        year = int(match.group("y"))
        value = _full_date(year, int(match.group("m")), int(match.group("d")))
        if value and _plausible_year(year, document_date):
            yield _expression(match, value)
    for match in _ISO_MONTH.finditer(text):
        year = int(match.group("y"))
        if _plausible_year(year, document_date):
            yield _expression(match, f"{year:04d}-{match.group('m')}")


def _named_month(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(text):
            if not month_token_ok(match.group("mon")):
                continue
            month, day = MONTHS[match.group("mon").lower().rstrip(".")], int(match.group("d"))
            year = _year(match, document_date)
            if year is not None:
                value = _full_date(year, month, day) if _plausible_year(year, document_date) else None
            else:
                resolved = infer_year(
                    month, day, document_date, future_ok=future_context(text, match.start())
                )
                value = resolved.isoformat() if resolved else None
            if value:
                yield _expression(match, value)
    for match in _MONTH_YEAR.finditer(text):
        year = _year(match, document_date)
        if month_token_ok(match.group("mon")) and year and _plausible_year(year, document_date):
            yield _expression(match, f"{year:04d}-{MONTHS[match.group('mon').lower().rstrip('.')]:02d}")
    for match in _BARE_MONTH.finditer(text):
        token = match.group("mon")
        lead = _BARE_MONTH_LEAD.search(text, max(0, match.start() - 24), match.start())
        if lead is None or not token[:1].isupper() or _NAME_AFTER.match(text, match.end()):
            continue
        month, pre = MONTHS[token.lower().rstrip(".")], lead.group("pre").lower()
        if pre == "last":
            year = document_date.year if month < document_date.month else document_date.year - 1
        elif pre == "next":
            year = document_date.year if month > document_date.month else document_date.year + 1
        elif pre == "this":
            year = document_date.year
        else:
            year = infer_month_year(month, document_date, future_ok=future_context(text, match.start()))
        keep_pre = pre in ("last", "next", "this", "early", "mid", "late")
        start = lead.start() if keep_pre else lead.start("part") if lead.group("part") else match.start()
        yield _expression(match, f"{year:04d}-{month:02d}", start)


def _seasons(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _SEASON.finditer(text):
        if _plausible_year(int(match.group("y")), document_date):
            yield _expression(match, f"{match.group('y')}-{_SEASONS[match.group('season').lower()]}")


def _year_is_date(text: str, match: re.Match[str], document_date: date) -> bool:
    """A year up to the note's own, or a later one that a word puts ahead ("due in 2031")."""
    year = int(match.group("y"))
    ahead = year > document_date.year and bool(
        _AHEAD_CUE.search(text, max(0, match.start() - 8), match.start())
    )
    if not (1900 <= year <= document_date.year or (ahead and year <= document_date.year + 10)):
        return False
    if _QUANTITY_AFTER.match(text[match.end() : match.end() + 12]) or address_follows(text, match.end()):
        return False
    before = text[max(0, match.start() - 30) : match.start()]
    if _NUMBER_BEFORE.search(before):
        return False
    if _CLOCK_CUE.search(before):
        return False
    return not quantity_name_before(text, match.start())


def _years(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _YEAR.finditer(text):
        if _year_is_date(text, match, document_date):
            yield _expression(match, match.group("y"))


def find_absolute_dates(text: str, document_date: date) -> list[TemporalExpression]:
    """Every absolute date in ``text``; overlapping readings are left to the caller to settle."""
    return [
        *_numeric(text, document_date),
        *_iso(text, document_date),
        *_named_month(text, document_date),
        *_seasons(text, document_date),
        *_years(text, document_date),
    ]
