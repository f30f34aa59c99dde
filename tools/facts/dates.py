"""Dates attached to a mention: "s/p TAH 2015", "Echo 05/01/2025:", "DM2 (dx 2009)".

The temporal module finds and normalises every date; this module only decides whether a
date belongs to a mention: it must sit in the same sentence, right after the mention (or
right before it, "On 12/16/2025 she underwent ..."), with nothing between them but
connecting words ("on", "in", "dx", "performed on", "(") that a caller allows.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from tools.annotations import TemporalExpression, TemporalType
from tools.facts.text import NoteText

_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TODAY = re.compile(r"(?<![\w/])(?:today|this\s+visit|at\s+this\s+visit|this\s+morning|this\s+afternoon)(?![\w/])",
                    re.IGNORECASE)


class DateIndex:
    """The DATE expressions of one note, by position."""

    def __init__(self, note: NoteText, temporal: list[TemporalExpression], document_date: date) -> None:
        self.note = note
        self.document_date = document_date
        dates = []
        for t in temporal:
            if t.type is not TemporalType.DATE:
                continue
            m = _ISO_DATE.match(t.value)
            if m:
                dates.append((t.start, t.end, m.group()))
        for m in _TODAY.finditer(note.text):
            if not any(a <= m.start() < b for a, b, _ in dates):
                dates.append((m.start(), m.end(), document_date.isoformat()))
        self._dates = sorted(dates)
        self._starts = [d[0] for d in self._dates]

    def after(self, end: int, connector: re.Pattern[str], limit: int) -> str | None:
        """The value of the first date after ``end`` in the same sentence whose connecting
        text matches ``connector`` in full, within ``limit`` characters."""
        s_end = self.note.sentence(end)[1]
        i = bisect_left(self._starts, end)
        while i < len(self._dates):
            start, _, value = self._dates[i]
            if start >= s_end or start - end > limit:
                return None
            if connector.fullmatch(self.note.text[end:start]):
                return value if value <= self.document_date.isoformat() else None
            i += 1
        return None

    def before(self, start: int, connector: re.Pattern[str], limit: int) -> str | None:
        """The value of the last date before ``start`` in the same sentence joined by
        ``connector``."""
        s_start = self.note.sentence(start)[0]
        i = bisect_left(self._starts, start) - 1
        while i >= 0:
            d_start, d_end, value = self._dates[i]
            if d_start < s_start or start - d_end > limit:
                return None
            if connector.fullmatch(self.note.text[d_end:start]):
                return value if value <= self.document_date.isoformat() else None
            i -= 1
        return None

    def labelled(self, label: re.Pattern[str]) -> str | None:
        """A date written after a label such as "Date of Procedure:"."""
        for m in label.finditer(self.note.text):
            i = bisect_left(self._starts, m.end())
            if i < len(self._dates) and self._dates[i][0] - m.end() <= 5:
                return self._dates[i][2]
        return None
