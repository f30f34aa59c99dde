"""Numbered days of a course: "HD#3", "POD 2", "DOL 9", "C3D1", "abx day 4 (started 1/12)".

These count from an event rather than the calendar, with the conventions of US notes:
hospital day 1 is the admission day, post-operative day 0 the day of surgery, day of
life 0 the day of birth, and day 1 of a treatment or chemotherapy cycle its first day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.context import future_context, leading

#: "HD" is upper case only: lower-case "hd" is rarely a hospital day. "HD 3x/week" and
#: "HD 3 times" are hemodialysis schedules, not hospital days.
_HOSPITAL_DAY = re.compile(
    leading("HhDd") + r"\b(?:HD|(?i:hosp(?:ital|\.)?\s+day))\s*#?\s*(?P<n>\d{1,3})\b"
    r"(?!\s*(?:x|times|/\s*w|days?\s*/|per\b|days?\s+a\b))"
    r"|(?i:\bday\s+#?(?P<n2>\d{1,3})\s+of\s+(?:this\s+|the\s+|current\s+|her\s+|his\s+)?"
    r"(?:hospitali[sz]ation|admission|hospital\s+stay))\b"
)
_POST_OP_DAY = re.compile(
    leading("Pp")
    + r"\b(?:POD|(?i:post[- ]?op(?:erative)?\.?\s+day))\s*#?\s*(?P<n>\d{1,3})\b(?!\s*(?:x|times|/))"
)
_DAY_OF_LIFE = re.compile(
    leading("Dd")
    + r"\bDOL\s*#?\s*(?P<n>\d{1,3})\b|(?i:\bday\s+(?:of\s+life\s+)?#?(?P<n2>\d{1,3})\s+of\s+life)\b"
)
_CYCLE_DAY = re.compile(leading("C") + r"\bC(?P<c>\d{1,2})\s?D(?P<n>\d{1,2})\b")
_TREATMENT_DAY = re.compile(
    leading("Dd")
    + r"\b(?i:day)\s*#?\s*(?P<n>\d{1,3})(?:\s*(?:of|/)\s*\d{1,3}\b)?\b(?!\s*[:\-\u2013]|\s*of\s+life)"
)
#: Before "day N" these make it a step of a plan or story ("on day 1 take 2 tablets",
#: "3 times a day"), not the current day of a treatment.
_NOT_CURRENT_DAY = re.compile(
    r"\b(?:on|by|until|till|from|since|through|after|before|starting|every|each|per|a|an|the|of|next|first"
    r"|last)\s*$",
    re.IGNORECASE,
)
_STARTED = re.compile(
    r"\s*[(,;]?\s*(?:started|start(?:ed)?\s+on|began|initiated|since|from)\s+$", re.IGNORECASE
)
_ATTACHED = re.compile(r"\s*(?:\(|,|on|was|=)?\s*$", re.IGNORECASE)
_REACH = 18


def _numbers(pattern: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], int]]:
    for match in pattern.finditer(text):
        yield match, int(match.group("n") or match.groupdict().get("n2") or 0)


def hospital_day_numbers(text: str) -> list[int]:
    return [n for _, n in _numbers(_HOSPITAL_DAY, text) if n >= 1]


def post_op_day_numbers(text: str) -> list[int]:
    return [n for _, n in _numbers(_POST_OP_DAY, text)]


def day_of_life_numbers(text: str) -> list[int]:
    return [n for _, n in _numbers(_DAY_OF_LIFE, text)]


def _counted(
    pattern: re.Pattern[str], text: str, base: date | None, first: int
) -> Iterator[TemporalExpression]:
    if base is None:
        return
    for match, n in _numbers(pattern, text):
        if n >= first:
            value = (base + timedelta(days=n - first)).isoformat()
            yield TemporalExpression(match.group(), TemporalType.DATE, value, match.start(), match.end())


def _date_after(text: str, end: int, dates: Sequence[TemporalExpression]) -> tuple[date, bool] | None:
    """A full date written right after a day count: ``(date, True)`` when it is the start
    of the course ("day 4 (started 1/12)"), ``(date, False)`` when it is the day itself
    ("C4D1 (10/14/2025)")."""
    for candidate in dates:
        if end <= candidate.start <= end + _REACH and len(candidate.value) == 10:
            between = text[end : candidate.start]
            if _STARTED.fullmatch(between):
                return date.fromisoformat(candidate.value), True
            if _ATTACHED.fullmatch(between):
                return date.fromisoformat(candidate.value), False
    return None


def _treatment_days(
    text: str, document_date: date, dates: Sequence[TemporalExpression]
) -> Iterator[TemporalExpression]:
    """Day N of a treatment or cycle is the day it names when a date is attached; otherwise
    a progress note counts today ("abx day 4", "Today: C3D1"), unless the clause is about
    the future ("RTC for C4D1") or tells a story ("on day 3 she...")."""
    for pattern in (_CYCLE_DAY, _TREATMENT_DAY):
        for match in pattern.finditer(text):
            n = int(match.group("n"))
            if n < 1 or (
                pattern is _TREATMENT_DAY
                and _NOT_CURRENT_DAY.search(text, max(0, match.start() - 12), match.start())
            ):
                continue
            attached = _date_after(text, match.end(), dates)
            if attached is not None:
                day, is_start = attached
                value = day + timedelta(days=n - 1) if is_start else day
            elif future_context(text, match.start()):
                continue
            else:
                value = document_date
            yield TemporalExpression(
                match.group(), TemporalType.DATE, value.isoformat(), match.start(), match.end()
            )


def find_course_days(
    text: str,
    document_date: date,
    dates: Sequence[TemporalExpression],
    *,
    admission: date | None,
    operation: date | None,
    birth: date | None,
) -> list[TemporalExpression]:
    """Numbered days as calendar dates; a count whose anchor is unknown is skipped."""
    return [
        *_counted(_HOSPITAL_DAY, text, admission, 1),
        *_counted(_POST_OP_DAY, text, operation, 0),
        *_counted(_DAY_OF_LIFE, text, birth, 0),
        *_treatment_days(text, document_date, dates),
    ]
