"""Productive abbreviations: families with a number inside, which no list can enumerate.

"q4h", "q6-8h", "CKD3a", "POD#2", "HD#3", "C5D1", "x2", "G2P1", "AOx3", "AxOx4" each stand for an
open set of surface forms, so they are expanded by rule rather than looked up.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_UNITS = {"h": "hours", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes",
          "d": "days", "day": "days", "days": "days", "wk": "weeks", "wks": "weeks", "w": "weeks",
          "week": "weeks", "weeks": "weeks", "mo": "months", "month": "months", "months": "months"}


def _every(match: re.Match[str]) -> str:
    low, high, unit = match.group("low"), match.group("high"), _UNITS[match.group("unit").lower()]
    if high:
        return f"every {low} to {high} {unit}"
    return f"every {unit[:-1]}" if low == "1" else f"every {low} {unit}"


_NUMBER_WORDS = ("zero", "one", "two", "three", "four")


def _oriented(match: re.Match[str]) -> str:
    lead = "awake, alert, and oriented" if match.group("awake") else "alert and oriented"
    return f"{lead} times {_NUMBER_WORDS[int(match.group('n'))]}"


_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"q\.?(?P<low>\d+)(?:-(?P<high>\d+))?\.?(?P<unit>hrs?|h|mins?|days?|d|wks?|weeks?|w|mo|months?)\.?", re.I),
     _every),
    (re.compile(r"CKD\s?(?:stage\s?)?(?P<stage>[1-5][ab]?)", re.I),
     lambda m: f"chronic kidney disease stage {m.group('stage').lower()}"),
    (re.compile(r"POD\s?#?(?P<n>\d+)", re.I), lambda m: f"postoperative day {m.group('n')}"),
    (re.compile(r"HD\s?#(?P<n>\d+)", re.I), lambda m: f"hospital day {m.group('n')}"),
    (re.compile(r"C(?P<c>\d+)D(?P<d>\d+)"), lambda m: f"cycle {m.group('c')} day {m.group('d')}"),
    (re.compile(r"x(?P<n>\d+)"), lambda m: f"times {m.group('n')}"),
    (re.compile(r"G(?P<g>\d+)P(?P<p>\d+)"), lambda m: f"gravida {m.group('g')} para {m.group('p')}"),
    (re.compile(r"(?P<awake>A)?(?:A&O|AO|A/O|AxO)x?(?P<n>[1-4])", re.I), _oriented),
)


_DIGIT = re.compile(r"\d")


def expand_pattern(token: str) -> str | None:
    if not _DIGIT.search(token):  # every family has a number in it
        return None
    for pattern, expand in _RULES:
        match = pattern.fullmatch(token)
        if match:
            return expand(match)
    return None
