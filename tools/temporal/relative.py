"""Relative dates: yesterday, 3 days ago, last week, on Monday, 5 days prior to admission.

Each is resolved against the document date or against an event the note counts from
(``Anchors``). Granularity follows the words: "2 weeks ago" is a day, "3 months ago" a
month (``YYYY-MM``), "last year" a year, "last week" an ISO week (``YYYY-Www``), because
claiming more precision than the clinician gave would invent facts. "Now 2 weeks post-op"
states how long ago the operation was, so its quantity stays a duration; "3 days after
surgery" names a day and becomes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.anchors import Anchors
from tools.temporal.calendar_math import WEEKDAYS, add_months, iso_week, month_value
from tools.temporal.context import future_context, leading, span_lead
from tools.temporal.quantities import NUMBER, UNIT, parse_number, unit_key

_DEICTIC = re.compile(
    leading("tyl") + r"\b(?:(?P<before_yesterday>(?:the\s+)?day\s+before\s+yesterday)"
    r"|(?P<word>today|tonight|tomorrow|tmrw|yesterday)"
    r"(?:\s+(?:morning|afternoon|evening|night|am|pm|a\.m\.|p\.m\.)(?!\w))?"
    r"|(?P<this>this\s+(?:morning|afternoon|evening|am|pm|a\.m\.|p\.m\.)(?!\w))"
    r"|(?P<last>last\s+(?:night|evening)))(?!\w)",
    re.IGNORECASE,
)
_DEICTIC_OFFSET = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}

_ADMISSION_EVENTS = r"admission|presentation|arrival|hospitali[sz]ation|(?:this\s+)?(?:ED|ER)\s+visit"
_OPERATION_EVENTS = r"surgery|operation|procedure"
_OFFSET = re.compile(
    leading(r"\dotfsena")
    + rf"(?<![\w.,/+-])(?P<n>{NUMBER}|an?)(?:\s*(?:-|to)\s*(?P<n2>{NUMBER}))?\s*-?\s*(?P<unit>{UNIT})\b\.?\s+"
    rf"(?:(?P<ago>ago)|(?P<pta>PTA)\b"
    rf"|(?P<dir>prior\s+to|before|after|following|into)\s+(?:(?:the|this|her|his|current|their)\s+)?"
    rf"(?:(?P<admission>{_ADMISSION_EVENTS})|(?P<operation>{_OPERATION_EVENTS}))\b)",
    re.IGNORECASE,
)
_EVENT_DAY = re.compile(
    leading("tdmaen") + rf"\b(?:the\s+)?(?:day|morning|afternoon|evening|night)\s+"
    rf"(?P<rel>of|before|prior\s+to|after|following)\s+"
    rf"(?:(?:the|this|her|his)\s+)?(?:(?P<admission>{_ADMISSION_EVENTS})|(?P<operation>{_OPERATION_EVENTS})"
    rf"|(?P<discharge>discharge))\b",
    re.IGNORECASE,
)
#: "12 hrs ago" names a clock time nobody wrote down; its quantity stays a duration.
_CLOCK_UNITS = frozenset({"h", "min", "s"})
_DAY_OF_SURGERY = re.compile(leading("D") + r"\bDOS\b(?!\s*[:#=]|\s*\d)")
_CALENDAR_UNIT = re.compile(
    leading("lptn") + r"\b(?P<mod>last|previous|this|next)\s+(?P<unit>week|wk|month|mo|year|yr)\b",
    re.IGNORECASE,
)
_WEEKEND = re.compile(
    leading("ltpnco") + r"\b(?:(?P<mod>last|this\s+past|past|this|next|coming)|over\s+the)\s+weekend\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    leading("mtwfs") + r"\b(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thurs?|thu|fri|sat|sun)\b",
    re.IGNORECASE,
)
_WEEKDAY_LEAD = re.compile(
    r"\b(?:(?P<mod>last|next|this|past|coming)|(?P<prep>on|since|until|till|by|from|before|after))\s+$",
    re.IGNORECASE,
)
_FULL_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _date(match: re.Match[str], value: str, start: int | None = None) -> TemporalExpression:
    begin = match.start() if start is None else start
    return TemporalExpression(match.string[begin : match.end()], TemporalType.DATE, value, begin, match.end())


def _deictic(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _DEICTIC.finditer(text):
        if match.group("before_yesterday"):
            offset = -2
        elif match.group("word"):
            offset = _DEICTIC_OFFSET[match.group("word").lower()]
        else:
            offset = -1 if match.group("last") else 0
        yield _date(match, (document_date + timedelta(days=offset)).isoformat())


def _shift(base: date, amount: float, unit: str, sign: int) -> str | None:
    """``base`` moved by the amount, at the precision the unit implies."""
    if amount != int(amount):
        return None
    n = int(amount)
    if unit == "d":
        return (base + sign * timedelta(days=n)).isoformat()
    if unit == "w":
        return (base + sign * timedelta(weeks=n)).isoformat()
    if unit == "mo":
        return month_value(add_months(base, sign * n))
    return f"{base.year + sign * n:04d}"


def _offsets(text: str, document_date: date, anchors: Anchors) -> Iterator[TemporalExpression]:
    for match in _OFFSET.finditer(text):
        amount = parse_number(match.group("n"))
        if amount is None:
            continue
        unit = unit_key(match.group("unit"))
        if unit in _CLOCK_UNITS:
            continue
        if match.group("ago"):
            base, sign = document_date, -1
        elif match.group("pta"):
            base, sign = anchors.admission or document_date, -1
        else:
            sign = -1 if match.group("dir").lower() in ("prior to", "before") else 1
            base = (anchors.admission or document_date) if match.group("admission") else anchors.operation
        value = _shift(base, amount, unit, sign) if base is not None else None
        if value:
            yield _date(match, value)


def _event_days(text: str, document_date: date, anchors: Anchors) -> Iterator[TemporalExpression]:
    """ "the day of admission", "the day before surgery"; with no stated admission the note
    is taken to be written on the admission day (an H&P), and with no stated discharge on
    the discharge day (a discharge summary)."""
    for match in _EVENT_DAY.finditer(text):
        if match.group("admission"):
            base = anchors.admission or document_date
        elif match.group("discharge"):
            base = anchors.discharge or document_date
        else:
            base = anchors.operation
        if base is None:
            continue
        rel = match.group("rel").lower()
        offset = 0 if rel == "of" else -1 if rel in ("before", "prior to") else 1
        yield _date(match, (base + timedelta(days=offset)).isoformat())


def _day_of_surgery(text: str, anchors: Anchors) -> Iterator[TemporalExpression]:
    """ "hold on DOS": the day of surgery. "DOS: 09/08/2025" is a header (often date of
    service) whose date is found on its own."""
    if anchors.operation is None:
        return
    for match in _DAY_OF_SURGERY.finditer(text):
        yield _date(match, anchors.operation.isoformat())


def _calendar_units(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _CALENDAR_UNIT.finditer(text):
        mod, unit = match.group("mod").lower(), match.group("unit").lower()
        if mod in ("last", "previous") and span_lead(text, match.start()):
            continue
        step = {"last": -1, "previous": -1, "this": 0, "next": 1}[mod]
        if unit in ("week", "wk"):
            value = iso_week(document_date + timedelta(weeks=step))
        elif unit in ("month", "mo"):
            value = month_value(add_months(document_date, step))
        else:
            value = f"{document_date.year + step:04d}"
        yield _date(match, value)


def _weekends(text: str, document_date: date) -> Iterator[TemporalExpression]:
    """TimeML weekends, ``YYYY-Www-WE``: the weekend that closes that ISO week. "over the
    weekend" is the most recent one, which on a Saturday or Sunday is the current one."""
    for match in _WEEKEND.finditer(text):
        mod = " ".join((match.group("mod") or "").lower().split())
        if mod in ("this", ""):
            weeks = 0 if mod == "this" or document_date.weekday() >= 5 else -1
        else:
            weeks = 1 if mod in ("next", "coming") else -1
        yield _date(match, f"{iso_week(document_date + timedelta(weeks=weeks))}-WE")


def _weekday_date(weekday: int, mod: str, document_date: date, future: bool) -> date:
    if mod == "this":
        return document_date + timedelta(days=weekday - document_date.weekday())
    if mod in ("next", "coming") or (not mod and future):
        return document_date + timedelta(days=(weekday - document_date.weekday() - 1) % 7 + 1)
    return document_date - timedelta(days=(document_date.weekday() - weekday - 1) % 7 + 1)


def _weekdays(text: str, document_date: date) -> Iterator[TemporalExpression]:
    """Weekday names: a plain "Monday" is the most recent one before the note unless the
    clause speaks of the future ("f/u Monday"); abbreviations need a lead word ("on Sat")
    because "Sat" and "Sun" are also saturation and sun."""
    for match in _WEEKDAY.finditer(text):
        token = match.group("day")
        lead = _WEEKDAY_LEAD.search(text, max(0, match.start() - 8), match.start())
        mod = (lead.group("mod") or "").lower() if lead else ""
        if token.lower() not in _FULL_WEEKDAYS and not (token[0].isupper() and lead):
            continue
        future = future_context(text, match.start())
        day = _weekday_date(WEEKDAYS[token.lower()], mod, document_date, future)
        yield _date(match, day.isoformat(), lead.start() if mod else match.start())


def find_relative_dates(text: str, document_date: date, anchors: Anchors) -> list[TemporalExpression]:
    """Relative dates resolved against the document date and the note's anchors."""
    return [
        *_deictic(text, document_date),
        *_offsets(text, document_date, anchors),
        *_event_days(text, document_date, anchors),
        *_day_of_surgery(text, anchors),
        *_calendar_units(text, document_date),
        *_weekends(text, document_date),
        *_weekdays(text, document_date),
    ]
