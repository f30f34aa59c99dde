"""Putting the recognisers together: one non-overlapping, ordered list per note.

Every recogniser proposes readings independently; where they overlap the longest span
wins ("3 days ago" over "3 days", "every 6 hours" over "6 hours", "Mar 3, 2025" over
"2025"), because the longer reading has seen more of the words that decide the value.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from tools.annotations import TemporalExpression, TemporalType
from tools.temporal.absolute import find_absolute_dates
from tools.temporal.anchors import anchors_from_dates
from tools.temporal.calendar_math import WEEKDAYS
from tools.temporal.course_days import find_course_days
from tools.temporal.durations import find_durations
from tools.temporal.frequencies import find_frequencies
from tools.temporal.relative import find_relative_dates
from tools.temporal.times import find_clock_times, resolve_times

_WEEKDAY_GAP = re.compile(r",?[ \t]+")
#: On equal spans: a frequency, time or date reading is more specific than a duration, and
#: a four-digit number only reads as a time with a time cue, which beats the year reading.
_RANK = {TemporalType.SET: 0, TemporalType.TIME: 1, TemporalType.DATE: 2, TemporalType.DURATION: 3}


def _non_overlapping(candidates: Iterable[TemporalExpression]) -> list[TemporalExpression]:
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, _RANK[c.type], c.start))
    starts: list[int] = []
    kept: dict[int, TemporalExpression] = {}
    for candidate in ordered:
        i = bisect_left(starts, candidate.start)
        if i > 0 and kept[starts[i - 1]].end > candidate.start:
            continue
        if i < len(starts) and starts[i] < candidate.end:
            continue
        insort(starts, candidate.start)
        kept[candidate.start] = candidate
    return [kept[s] for s in starts]


def _join_weekdays(expressions: list[TemporalExpression], text: str) -> list[TemporalExpression]:
    """ "Monday, October 6, 2025" and "Tuesday 10/7" are one date: the written date decides
    which Monday is meant."""
    joined: list[TemporalExpression] = []
    for item in expressions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and item.type is TemporalType.DATE
            and previous.type is TemporalType.DATE
            and previous.text.lower() in WEEKDAYS
            and _WEEKDAY_GAP.fullmatch(text, previous.end, item.start)
        ):
            joined[-1] = TemporalExpression(
                text[previous.start : item.end], TemporalType.DATE, item.value, previous.start, item.end
            )
        else:
            joined.append(item)
    return joined


def extract_temporal(
    text: str,
    document_date: date,
    *,
    admission_date: date | None = None,
    operation_date: date | None = None,
) -> list[TemporalExpression]:
    """All temporal expressions of a note, normalised against its document date.

    ``admission_date``/``operation_date``, when the caller knows them (an Encounter, a
    Procedure), override what the note states or implies (see ``find_anchor_dates``).
    The result is sorted by ``start`` and has no overlapping spans.
    """
    absolute = find_absolute_dates(text, document_date)
    found = anchors_from_dates(text, absolute, document_date)
    anchors = replace(
        found,
        admission=admission_date or found.admission,
        operation=operation_date or found.operation,
    )
    chosen = _non_overlapping(
        [
            *absolute,
            *find_relative_dates(text, document_date, anchors),
            *find_course_days(
                text,
                document_date,
                absolute,
                admission=anchors.admission,
                operation=anchors.operation,
                birth=anchors.birth,
            ),
            *find_durations(text),
            *find_frequencies(text),
            *find_clock_times(text, document_date),
        ]
    )
    return resolve_times(_join_weekdays(chosen, text), text, document_date, anchors.operation)
