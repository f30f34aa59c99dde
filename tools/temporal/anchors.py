"""The events a note counts from: admission, operation, discharge and birth dates.

"HD#3", "POD 2" and "5 days prior to admission" are only dates once the admission or the
operation is. A date a header states ("Admission Date: 10/01/2025") wins; then a date
written next to the event ("admitted on 3/2", "s/p lap chole 11/18") within the last
three months (of several, the one the note's day count agrees with, else the one nearest
its cue); then the note's own day counts; then an older date next to the event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from tools.annotations import TemporalExpression
from tools.temporal.absolute import find_absolute_dates
from tools.temporal.context import leading, same_sentence
from tools.temporal.course_days import day_of_life_numbers, hospital_day_numbers, post_op_day_numbers

_ADMISSION_LABEL = re.compile(
    leading("ad")
    + r"\b(?:admission\s+date|date\s+of\s+admission|admit(?:ted)?\s+date|admit\s+dt|date\s+admitted|DOA\b"
    + r"|(?:admit(?:ted)?|admission)\s*:)",
    re.IGNORECASE,
)
_ADMISSION_CUE = re.compile(
    leading("ahp") + r"\b(?:admitted|admission|admit|adm|hospitali[sz]ed|presented|presenting)\b",
    re.IGNORECASE,
)
_OPERATION_LABEL = re.compile(
    leading("dsop") + r"\b(?:date\s+of\s+(?:surgery|operation|procedure)"
    r"|(?:surgery|operation|procedure|surgical|operative)\s+date)\b",
    re.IGNORECASE,
)
_OPERATION_CUE = re.compile(
    leading("sutoprged")
    + r"\b(?:s/p|status\s+post|underwent|undergoing|taken\s+to\s+(?:the\s+)?OR|operated|surgery|operation"
    r"|performed|repair|graft|procedure)\b|(?:ectomy|otomy|ostomy|plasty|scopy|pexy|rrhaphy|desis)\b",
    re.IGNORECASE,
)
_DISCHARGE_LABEL = re.compile(
    leading("d") + r"\b(?:discharge\s+date|date\s+of\s+discharge|d/c\s+date|discharged?\s*:)", re.IGNORECASE
)
_DISCHARGE_CUE = re.compile(leading("d") + r"\b(?:discharged|discharge)\b", re.IGNORECASE)
_BIRTH_LABEL = re.compile(
    leading("bd") + r"\b(?:born|DOB|date\s+of\s+birth|birth\s*date|delivered)\b", re.IGNORECASE
)

#: How far a cue may stand from its date: a label is followed by its date on the same
#: line; a verb phrase names the event between ("s/p laparoscopic cholecystectomy 11/18").
_LABEL_REACH = 30
_CUE_REACH_AFTER = 60
_CUE_REACH_BEFORE = 25
#: The longest cue or label, so a window that must hold one starts early enough.
_CUE_LENGTH = 30
_RECENT = timedelta(days=90)


@dataclass(frozen=True)
class Anchors:
    """Dates of the events relative expressions count from; ``None`` when the note gives
    no evidence for one."""

    admission: date | None = None
    operation: date | None = None
    discharge: date | None = None
    birth: date | None = None


def _full_dates(dates: Iterable[TemporalExpression]) -> list[tuple[int, int, date]]:
    return sorted((d.start, d.end, date.fromisoformat(d.value)) for d in dates if len(d.value) == 10)


def _labelled(text: str, pattern: re.Pattern[str], dates: list[tuple[int, int, date]]) -> date | None:
    """The first date that a label precedes on the same line. Windows around the few
    dates are searched rather than the whole note: a note has far more words than dates."""
    for start, _, day in dates:
        for match in pattern.finditer(text, max(0, start - _LABEL_REACH - _CUE_LENGTH), start):
            if start - match.end() <= _LABEL_REACH and "\n" not in text[match.end() : start]:
                return day
    return None


def _near_cues(
    text: str, pattern: re.Pattern[str], dates: list[tuple[int, int, date]], document_date: date
) -> list[tuple[int, date]]:
    """Dates, not after the note, in the same sentence shortly after (or just before) a
    cue, each with its distance from the nearest cue."""
    found = []
    for start, end, day in dates:
        if day > document_date:
            continue
        gaps = [
            start - m.end()
            for m in pattern.finditer(text, max(0, start - _CUE_REACH_AFTER - _CUE_LENGTH), start)
            if start - m.end() <= _CUE_REACH_AFTER and same_sentence(text, m.end(), start)
        ] + [
            m.start() - end
            for m in pattern.finditer(text, end, end + _CUE_REACH_BEFORE + _CUE_LENGTH)
            if m.start() - end <= _CUE_REACH_BEFORE and same_sentence(text, end, m.start())
        ]
        if gaps:
            found.append((min(gaps), day))
    return found


def _choose(
    labelled: date | None, cued: list[tuple[int, date]], counted: date | None, document_date: date
) -> date | None:
    """A labelled date; else a recent date next to a cue, the one the note's day count
    agrees with or the one nearest its cue ("held since 10/16 for surgery" loses to
    "hemicolectomy (10/17)"); else the day count; else an older date next to a cue."""
    if labelled is not None:
        return labelled
    recent = [(gap, day) for gap, day in cued if day >= document_date - _RECENT]
    if counted is not None and any(day == counted for _, day in recent):
        return counted
    if recent:
        return min(recent, key=lambda item: (item[0], -item[1].toordinal()))[1]
    if counted is not None:
        return counted
    return min(cued, key=lambda item: (item[0], -item[1].toordinal()))[1] if cued else None


def anchors_from_dates(text: str, dates: Iterable[TemporalExpression], document_date: date) -> Anchors:
    """``find_anchor_dates`` for callers that already found the note's absolute dates."""
    full = _full_dates(dates)
    hospital_days = hospital_day_numbers(text)
    post_op_days = post_op_day_numbers(text)
    counted_admission = document_date - timedelta(days=max(hospital_days) - 1) if hospital_days else None
    counted_operation = document_date - timedelta(days=max(post_op_days)) if post_op_days else None
    admission = _choose(
        _labelled(text, _ADMISSION_LABEL, full),
        _near_cues(text, _ADMISSION_CUE, full, document_date),
        counted_admission,
        document_date,
    )
    operation = _choose(
        _labelled(text, _OPERATION_LABEL, full),
        _near_cues(text, _OPERATION_CUE, full, document_date),
        counted_operation,
        document_date,
    )
    discharge = _labelled(text, _DISCHARGE_LABEL, full)
    if discharge is None:
        cued = _near_cues(text, _DISCHARGE_CUE, full, document_date + timedelta(days=1))
        discharge = max(day for _, day in cued) if cued else None
    birth = _labelled(text, _BIRTH_LABEL, full)
    if birth is None:
        days_of_life = day_of_life_numbers(text)
        birth = document_date - timedelta(days=max(days_of_life)) if days_of_life else None
    return Anchors(admission=admission, operation=operation, discharge=discharge, birth=birth)


def find_anchor_dates(text: str, document_date: date) -> Anchors:
    """The admission, operation, discharge and birth dates the note states or implies.

    With no stated admission date, the highest hospital day in the note is taken to be the
    document date (progress notes head with today's "HD#5"), so admission is
    ``document_date - (n - 1)`` days; likewise the highest "POD n" puts the operation
    ``n`` days before the note, and the highest "DOL n" puts the birth ``n`` days before.
    Earlier days the note mentions ("on HD#2 she spiked") are lower numbers, so the
    maximum is the day of writing. With no evidence at all an anchor is ``None``: the
    caller decides (``extract_temporal`` reads "5 days PTA" against the document date, as
    an admission H&P is written on the day of admission).
    """
    return anchors_from_dates(text, find_absolute_dates(text, document_date), document_date)
