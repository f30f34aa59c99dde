"""Clock times: 14:30, 3:15 PM, 3 pm, and 24-hour "0630" / "@ 2200" / "0630h".

A four-digit number is a time only with a time cue ("at 0630", "@ 2200", "0630h", after a
date, in a range "2200-0600", a leading zero, or heading the lines of a shift log): bare
four-digit numbers are doses, volumes and years. Values are date-times on the date the
same sentence states ("On 10/3 at 0630", "yesterday at 3 pm"), else on the date the
note's story or shift has reached (see ``resolve_times``), else on the document date.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.context import (
    address_follows,
    clause_after,
    clause_before,
    leading,
    quantity_name_before,
    same_sentence,
)

_CLOCK = re.compile(
    leading(r"\d") + r"(?<![\w:/.])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?"
    r"(?:\s*(?P<ap>[ap])(?:\.\s?m\.|\s?m\b))?(?!\w|[:.]\d)",
    re.IGNORECASE,
)
_TWELVE_HOUR = re.compile(
    leading(r"\d") + r"(?<![\w:/.])(?P<h>1[0-2]|0?[1-9])\s*(?P<ap>[ap])(?:\.\s?m\.|\s?m\b)", re.IGNORECASE
)
_MILITARY = re.compile(
    leading(r"\d") + r"(?:(?<=\d{4}-)|(?<=\d{4}\s-\s)|(?<![\w:/.,+-]))(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)"
    r"(?:\s*(?P<suffix>h|hr|hrs|hours)\b)?(?![\w/%]|[.,:]\d)",
    re.IGNORECASE,
)
#: A shift log: a time heading the line ("0830 AC BS 212", "- 1400: senna given").
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?$")
_RANGE_AFTER = re.compile(r"\s*(?:-|to)\s*(?P<other>(?:[01]\d|2[0-3])[0-5]\d)\b")
#: Identifiers and codes, the other numbers written with a leading zero.
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:room|rm|bed|ext|extension|mrn|pager|zip|code|unit|id|no|number|apt|suite|box|lot|batch|ndc|icd)"
    r"\W*$|#\s*$",
    re.IGNORECASE,
)
#: "Troponin 0.8 (1330)": a time in parentheses after a result.
_PARENTHESISED = re.compile(r"\(\s*$")
_NAMED = re.compile(
    leading("ab@uts")
    + r"\b(?P<lead>at|@|by|around|until|till|before|after|since)\s+(?P<word>noon|midnight)\b",
    re.IGNORECASE,
)
#: "NPO after midnight", "until midnight": the midnight that ends the day, i.e. the next day.
_COMING_MIDNIGHT_LEADS = frozenset({"by", "until", "till", "before", "after"})
_COMING_MIDNIGHT = "T24:00"
_STAMP_GAP = re.compile(r"[ \t]{1,2}|T")
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")
_WINDOW_LINK = re.compile(r"->|\u2192|-|\u2013|\bto\b|\buntil\b", re.IGNORECASE)
_WINDOW_REACH = 30
_MINUTES_PER_DAY = 24 * 60
_SHIFT_MINUTES = 8 * 60
#: In a shift log a year-like number is a time unless a year word leads it ("since 2019").
_YEAR_LEAD = re.compile(
    r"\b(?:in|since|during|from|until|by|circa|dx|diagnosed|s/p|hx|history|year)\s*$", re.IGNORECASE
)
#: A stated date gives its day to a time written close to it ("2/13 at 21:00"); farther
#: away in a long sentence it is usually another event's date ("EDD 03/08 ... since 0100").
_DATE_REACH = 30

_RATIO_CUE = re.compile(r"\b(?:tit(?:er|re)|ana|dilution|ratio|i:e|positive\s+at|at\s+a)\W*$", re.IGNORECASE)
#: Cues that make a four-digit number a clock time. Only "at"/"@" also admit year-like
#: numbers: "at 2015" is a quarter past eight in the evening, "since 2015" and "around
#: 2015" are years.
_TIME_CUE = re.compile(r"(?:\bat|@)\s*$", re.IGNORECASE)
_WEAK_TIME_CUE = re.compile(
    r"(?:\b(?:by|from|until|til|till|since|before|after|between|starting|started|ending|around|approx\.?"
    r"|approximately|time|start|stop(?:ped)?|end(?:ed)?|incision|clos(?:e|ed|ure)|arriv(?:al|ed)"
    r"|depart(?:ure|ed)|called|paged|notified|pronounced|onset|lkw|tod|in\s+room|out\s+of\s+room)|~)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_RANGE_CUE = re.compile(r"(?P<other>(?:[01]\d|2[0-3])[0-5]\d)\s*(?:-|to|and)\s*$", re.IGNORECASE)
_AFTER_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?,?\s+(?:@\s*)?$")
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:mg|mcg|g|ml|cc|l|units?|u|kcal|cal|ft|feet|steps|mmhg|/|%)\b", re.IGNORECASE
)


def _time(match: re.Match[str], hour: int, minute: int, group: int | str = 0) -> TemporalExpression:
    return TemporalExpression(
        match.group(group),
        TemporalType.TIME,
        f"T{hour:02d}:{minute:02d}",
        match.start(group),
        match.end(group),
    )


def _twelve_hour(hour: int, meridiem: str | None) -> int:
    if not meridiem:
        return hour
    return hour % 12 + (12 if meridiem.lower() == "p" else 0)


def _is_year(number: str, document_date: date) -> bool:
    return 1900 <= int(number) <= document_date.year + 1


def _military_is_time(text: str, match: re.Match[str], document_date: date, log_lines: bool) -> bool:
    """Whether a four-digit number is a clock time, from its neighbours.

    A leading zero ("0324") is a time unless an identifier precedes it. A range is a time
    range unless both ends could be years ("HCQ 2019-2022"). ``log_lines``: the note heads
    several lines with times, a log in which four-digit numbers without a unit are times
    ("2000 pt resting", "held 2200 carvedilol") unless a year word, a lab name or an
    identifier leads them.
    """
    if match.group("suffix"):
        return True
    if _QUANTITY_AFTER.match(clause_after(text, match.end(), 10)) or address_follows(text, match.end()):
        return False
    before = clause_before(text, match.start(), 30)
    if _TIME_CUE.search(before) or _AFTER_DATE.search(before):
        return True
    year_like = _is_year(match.group("h") + match.group("mi"), document_date)
    other = _RANGE_CUE.search(before) or _RANGE_AFTER.match(text, match.end())
    if other:
        return not (year_like and _is_year(other.group("other"), document_date))
    if _LINE_START.search(text, max(0, match.start() - 8), match.start()):
        return log_lines or not year_like
    if log_lines:
        return not (
            (year_like and _YEAR_LEAD.search(before))
            or _IDENTIFIER_BEFORE.search(before)
            or quantity_name_before(text, match.start())
        )
    if match.group("h").startswith("0"):
        return not _IDENTIFIER_BEFORE.search(before)
    if _PARENTHESISED.search(before) and text.startswith(")", match.end()):
        return not year_like
    return not year_like and bool(_WEAK_TIME_CUE.search(before))


def _heads_log_lines(text: str, matches: list[re.Match[str]], document_date: date) -> bool:
    heads = [
        m
        for m in matches
        if not _is_year(m.group("h") + m.group("mi"), document_date)
        and _LINE_START.search(text, max(0, m.start() - 8), m.start())
    ]
    return len(heads) >= 2


def find_clock_times(text: str, document_date: date) -> list[TemporalExpression]:
    """Clock times with a provisional ``Thh:mm`` value; ``resolve_times`` completes them."""
    return list(_clock_times(text, document_date))


def _clock_times(text: str, document_date: date) -> Iterator[TemporalExpression]:
    for match in _CLOCK.finditer(text):
        if not _RATIO_CUE.search(clause_before(text, match.start(), 25)):
            yield _time(match, _twelve_hour(int(match.group("h")), match.group("ap")), int(match.group("mi")))
    for match in _TWELVE_HOUR.finditer(text):
        yield _time(match, _twelve_hour(int(match.group("h")), match.group("ap")), 0)
    military = list(_MILITARY.finditer(text))
    log_lines = _heads_log_lines(text, military, document_date)
    for match in military:
        if _military_is_time(text, match, document_date, log_lines):
            yield _time(match, int(match.group("h")), int(match.group("mi")))
    for match in _NAMED.finditer(text):
        if match.group("word").lower() == "noon":
            yield _time(match, 12, 0, "word")
        elif match.group("lead").lower() in _COMING_MIDNIGHT_LEADS:
            yield replace(_time(match, 0, 0, "word"), value=_COMING_MIDNIGHT)
        else:
            yield _time(match, 0, 0, "word")


def _merge_stamps(expressions: list[TemporalExpression], text: str) -> list[TemporalExpression]:
    """An ISO date written straight before a time ("2025-06-17 14:52", "2025-06-17T14:52")
    is one machine timestamp, so it becomes one TIME; a clinician's "2/13 21:00" stays a
    DATE and a TIME, as annotators mark it."""
    merged: list[TemporalExpression] = []
    for item in expressions:
        previous = merged[-1] if merged else None
        if (
            item.type is TemporalType.TIME
            and item.value.startswith("T")
            and previous is not None
            and previous.type is TemporalType.DATE
            and len(previous.value) == 10
            and previous.text == previous.value
            and _STAMP_GAP.fullmatch(text, previous.end, item.start)
        ):
            merged[-1] = TemporalExpression(
                text[previous.start : item.end],
                TemporalType.TIME,
                f"{previous.value}{item.value}",
                previous.start,
                item.end,
            )
        else:
            merged.append(item)
    return merged


def _own_date(time: TemporalExpression, full_dates: list[TemporalExpression], text: str) -> date | None:
    before = [
        d
        for d in full_dates
        if 0 <= time.start - d.end <= _DATE_REACH and same_sentence(text, d.end, time.start)
    ]
    if before:
        return date.fromisoformat(max(before, key=lambda d: d.end).value)
    after = [
        d
        for d in full_dates
        if 0 <= d.start - time.end <= _DATE_REACH and same_sentence(text, time.end, d.start)
    ]
    if after:
        return date.fromisoformat(min(after, key=lambda d: d.start).value)
    return None


def _clock(value: str) -> int:
    """Minutes after midnight of a provisional ``Thh:mm`` value."""
    return int(value[1:3]) * 60 + int(value[4:6])


def _overnight_window(
    dated: list[tuple[TemporalExpression, date]], text: str
) -> tuple[date, int, date, int] | None:
    """A shift written as "11/13/2025 1900 -> 11/14/2025 0700": its start and end as
    (date, minutes) pairs, when the second time is on the next day and the span is as
    long as a shift (a lab trend "(10/04 2100) -> (10/05 0300)" is not one)."""
    for (first, first_day), (second, second_day) in itertools.pairwise(dated):
        if (
            second_day == first_day + timedelta(days=1)
            and _clock(second.value) < _clock(first.value)
            and _clock(second.value) + _MINUTES_PER_DAY - _clock(first.value) >= _SHIFT_MINUTES
            and second.start - first.end <= _WINDOW_REACH
            and _WINDOW_LINK.search(text, first.end, second.start)
            and "\n" not in text[first.end : second.start]
        ):
            return first_day, _clock(first.value), second_day, _clock(second.value)
    return None


def resolve_times(
    expressions: list[TemporalExpression], text: str, document_date: date, operation: date | None = None
) -> list[TemporalExpression]:
    """Complete the provisional ``Thh:mm`` values of ``find_clock_times`` in a sorted,
    non-overlapping list.

    A time takes the date written close to it in its sentence. Without one, a note that
    states an overnight shift ("1900 -> 0700") puts evening times on its first day and
    early-morning times on its second; a story told in one paragraph keeps the date of
    its last dated time ("LKW 04/07 at 1730 ... arrived at 1840 ... AF at 0215"), moving to
    the next day when the clock goes backwards, but never past the document date;
    otherwise the time is on the document date. "NPO after midnight" before a planned
    ``operation`` is the midnight that starts it.
    """
    expressions = _merge_stamps(expressions, text)
    full_dates = [d for d in expressions if d.type is TemporalType.DATE and len(d.value) == 10]
    pending = [e for e in expressions if e.type is TemporalType.TIME and e.value.startswith("T")]
    own = {t.start: _own_date(t, full_dates, text) for t in pending}
    window = _overnight_window([(t, own[t.start]) for t in pending if own[t.start]], text)
    breaks = [m.end() for m in _PARAGRAPH.finditer(text)]
    resolved = []
    carried: tuple[date, int, int] | None = None
    for item in expressions:
        if item.type is not TemporalType.TIME or not item.value.startswith("T"):
            resolved.append(item)
            continue
        value, clock = item.value, _clock(item.value)
        paragraph = bisect_right(breaks, item.start)
        day = own[item.start]
        if day is None and window and (clock >= window[1] or clock <= window[3]):
            day = window[0] if clock >= window[1] else window[2]
        elif day is None:
            if carried and carried[2] == paragraph and carried[0] < document_date:
                day = carried[0] + timedelta(days=1) if clock < carried[1] else carried[0]
                day = min(day, document_date)
            else:
                day = document_date
        carried = (day, clock, paragraph)
        if value == _COMING_MIDNIGHT:
            planned = operation is not None and operation > document_date
            day, value = (operation if planned else day + timedelta(days=1)), "T00:00"
        resolved.append(replace(item, value=f"{day.isoformat()}{value}"))
    return resolved
