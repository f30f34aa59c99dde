"""Frequencies (TimeML SETs): BID, q6h, daily, every other day, twice weekly, 3x/week.

The value is a repeating interval: ``R2/P1D`` is twice a day, ``R/PT6H`` every six hours
(a count of one is left out, as in ``R/P1D``). The span is the frequency token as written
("BID", "q6h", "twice daily"), the same token the abbreviation layer expands, so the two
steps point at the same characters. A range ("q4-6h", "3-4x/day") takes its most frequent
end: that is how often the order allows the dose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.context import leading
from tools.temporal.quantities import NUMBER, UNIT, iso_duration, parse_number, unit_key

_ABBREVIATION = re.compile(
    leading("btq")
    + r"(?<![\w/.])(?P<tok>b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?o\.?d|q\.?d(?:ay|aily)?|q\.a\.m|q\.p\.m|q\.h\.s"
    r"|q\s?(?:am|pm|hs|morning|evening|night|week|wk|month|mo|hr|h)|tiw|biw)(?:(?<=\.\w)\.)?(?!\w)",
    re.IGNORECASE,
)
_ABBREVIATION_VALUES = {
    "bid": "R2/P1D", "tid": "R3/P1D", "qid": "R4/P1D", "qod": "R/P2D", "qd": "R/P1D", "qday": "R/P1D",
    "qdaily": "R/P1D", "qam": "R/P1D", "qpm": "R/P1D", "qhs": "R/P1D", "qmorning": "R/P1D",
    "qevening": "R/P1D", "qnight": "R/P1D", "qweek": "R/P1W", "qwk": "R/P1W", "qmonth": "R/P1M",
    "qmo": "R/P1M", "qhr": "R/PT1H", "qh": "R/PT1H", "tiw": "R3/P1W", "biw": "R2/P1W",
}  # fmt: skip
#: "HS" alone is "at bedtime" only in a sig; elsewhere it may be heart sounds.
_BEDTIME = re.compile(leading("h") + r"\b(?:hs|h\.s\.?)(?!\w)", re.IGNORECASE)
_BEDTIME_LEAD = re.compile(
    r"\b(?:po|sl|sc|sq|subq|pr|inh|mg|mcg|units?|tabs?|caps?|puffs?|drops?|gtts?|at)\s+$", re.IGNORECASE
)
_EVERY_N = re.compile(
    leading("q") + r"(?<![\w/.])q\.?\s?(?P<n>\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*\d+)?\s*"
    r"(?P<unit>h(?:rs?|ours?)?|min(?:utes?|s)?|d(?:ays?)?|w(?:ks?|eeks?)?|mo(?:nths?|s)?|months?)(?!\w)",
    re.IGNORECASE,
)
_EVERY = re.compile(
    leading("e")
    + rf"\b(?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{NUMBER})(?:\s*(?:-|to)\s*{NUMBER})?\s*)?"
    rf"(?P<unit>{UNIT}|morning|evening|night|afternoon|bedtime)\b",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    leading("dnwmhyabfe")
    + r"\b(?P<tok>daily|nightly|weekly|monthly|hourly|yearly|annually|biweekly|fortnightly|everyday)\b"
    r"(?!\s+living)",
    re.IGNORECASE,
)
_ADVERB_VALUES = {
    "daily": "R/P1D", "nightly": "R/P1D", "everyday": "R/P1D", "weekly": "R/P1W", "monthly": "R/P1M",
    "hourly": "R/PT1H", "yearly": "R/P1Y", "annually": "R/P1Y", "biweekly": "R/P2W", "fortnightly": "R/P2W",
}  # fmt: skip
_COUNT = re.compile(
    leading(r"\dotfsen")
    + rf"\b(?P<count>once|twice|thrice|(?:{NUMBER}\s*(?:-|to)\s*)?(?P<n>{NUMBER})\s*(?:x|times))"
    + r"\s*(?:(?:a|an|per|each|every)\s+|/\s*)?"
    r"(?P<per>daily|day|d|weekly|week|wk|monthly|month|mo|yearly|year|yr|hourly|hour|hr|h|nightly|night)\b",
    re.IGNORECASE,
)
_DAYS_PER_PERIOD = re.compile(
    leading(r"\dotfsen")
    + rf"\b(?P<n>{NUMBER})\s*(?:days?|d)\s*(?:/|per\s+|a\s+|each\s+)(?P<per>week|wk|month|mo)\b",
    re.IGNORECASE,
)
_COUNT_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_SPACES_AND_DOTS = re.compile(r"[\s.]")
_DAY_NAME = (
    r"\b(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\b"
)
#: "every Monday", "Mondays", "Mon/Wed/Fri": weekly, as often as days are named.
_WEEKDAY_SET = re.compile(
    leading("emtwfs")
    + rf"\b(?:(?:every|each)\s+{_DAY_NAME}(?:\s+and\s+{_DAY_NAME})?"
    + r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days"
    + rf"|{_DAY_NAME}(?:\s*[/,&]\s*{_DAY_NAME})+)\b",
    re.IGNORECASE,
)
_DAY_NAMES = re.compile(_DAY_NAME, re.IGNORECASE)
_DAYS_OF_DIALYSIS = re.compile(leading("M") + r"\b(?:MWF|M/W/F)\b")
_DAY_PARTS = frozenset({"morning", "evening", "night", "afternoon", "bedtime", "nightly", "daily"})


def _set(match: re.Match[str], value: str) -> TemporalExpression:
    return TemporalExpression(match.group(), TemporalType.SET, value, match.start(), match.end())


def _period(unit_token: str) -> str:
    word = unit_token.lower()
    if word in _DAY_PARTS:
        return "d"
    return unit_key(word)


def _repeat(count: int, amount: float, unit: str) -> str:
    return f"R{count if count > 1 else ''}/{iso_duration(amount, unit)}"


def _abbreviations(text: str) -> Iterator[TemporalExpression]:
    for match in _ABBREVIATION.finditer(text):
        key = _SPACES_AND_DOTS.sub("", match.group("tok").lower())
        yield _set(match, _ABBREVIATION_VALUES[key])
    for match in _BEDTIME.finditer(text):
        if _BEDTIME_LEAD.search(text, max(0, match.start() - 8), match.start()):
            yield _set(match, "R/P1D")
    for match in _DAYS_OF_DIALYSIS.finditer(text):
        yield _set(match, "R3/P1W")
    for match in _WEEKDAY_SET.finditer(text):
        days = len(_DAY_NAMES.findall(match.group()))
        yield _set(match, _repeat(days, 1, "w"))


def _intervals(text: str) -> Iterator[TemporalExpression]:
    for match in _EVERY_N.finditer(text):
        yield _set(match, _repeat(1, float(match.group("n")), unit_key(match.group("unit"))))
    for match in _EVERY.finditer(text):
        amount = 2.0 if match.group("other") else parse_number(match.group("n") or "1")
        if amount:
            yield _set(match, _repeat(1, amount, _period(match.group("unit"))))


def _counts(text: str) -> Iterator[TemporalExpression]:
    for match in _ADVERB.finditer(text):
        yield _set(match, _ADVERB_VALUES[match.group("tok").lower()])
    for match in _COUNT.finditer(text):
        word = match.group("count").lower()
        count = _COUNT_WORDS.get(word) or parse_number(match.group("n") or "")
        if count and count == int(count):
            yield _set(match, _repeat(int(count), 1, _period(match.group("per"))))
    for match in _DAYS_PER_PERIOD.finditer(text):
        count = parse_number(match.group("n"))
        period = unit_key(match.group("per"))
        if count and count == int(count) and count <= (7 if period == "w" else 31):
            yield _set(match, _repeat(int(count), 1, period))


def find_frequencies(text: str) -> list[TemporalExpression]:
    return [*_abbreviations(text), *_intervals(text), *_counts(text)]
