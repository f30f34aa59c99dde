"""Calendar arithmetic shared by every recogniser: month and weekday names, year inference.

Notes rarely spell out the year, so several recognisers must guess it from the document
date; keeping that guess in one place keeps "03/14" and "March 14" resolving alike.
"""

from __future__ import annotations

from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

#: Regex alternation for month names, with the period only abbreviations take ("Sept.",
#: never "May."), and no word character after; callers check the case with
#: ``month_token_ok``.
MONTH_ALTERNATION = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?"
    r"|aug(?:ust|\.)?|sep(?:tember|t\.?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?!\w)"
)

#: Lower-case month names that are also common English or clinical words ("may", "march",
#: "dec" for decreased, "mar" ...): accepted only when capitalised.
_AMBIGUOUS_LOWER = frozenset(
    {
        "jan",
        "feb",
        "mar",
        "march",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "august",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip

#: Past dates are what notes mostly cite, so a year-less date is read as at most a month
#: ahead of the note; when the sentence talks about the future (follow-up, scheduled) a
#: few months ahead are allowed instead.
_AHEAD_DAYS = 31
_AHEAD_DAYS_FUTURE = 122


def month_token_ok(token: str) -> bool:
    """Lower-case "may", "mar", "dec" are words, not months; capitalised tokens are months."""
    word = token.rstrip(".")
    return word[:1].isupper() or word.lower() not in _AMBIGUOUS_LOWER


def expand_two_digit_year(yy: int, document_date: date) -> int:
    """A two-digit year belongs to the century that keeps it at most a year after the note."""
    year = 2000 + yy
    return year if year <= document_date.year + 1 else 1900 + yy


def infer_year(month: int, day: int, document_date: date, *, future_ok: bool = False) -> date | None:
    """The latest date with this month and day that is not too far after the note.

    "Too far" is ``_AHEAD_DAYS`` (or ``_AHEAD_DAYS_FUTURE``) past the document date, so
    "12/28" in a note of 2025-01-05 is 2024-12-28 and "03/14" in 2025-10 is 2025-03-14.
    """
    ahead = _AHEAD_DAYS_FUTURE if future_ok else _AHEAD_DAYS
    latest = document_date + timedelta(days=ahead)
    for year in (latest.year, latest.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest:
            return candidate
    return None


def infer_month_year(month: int, document_date: date, *, future_ok: bool = False) -> int:
    """The year of a bare month name: the one that keeps it within a month (or four) ahead."""
    ahead = 4 if future_ok else 1
    latest = document_date.year * 12 + document_date.month - 1 + ahead
    year = latest // 12
    return year if year * 12 + month - 1 <= latest else year - 1


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic that clamps to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(f"cannot move {day} by {months} months")


def iso_week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def month_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
