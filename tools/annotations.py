"""Span types shared by every step of the clinical language engine.

All offsets are character offsets into the note text exactly as given (``text[start:end]``
is the surface form), because users trace every FHIR element back to the sentence it
came from, and the CLI contract promises these offsets.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class TemporalType(str, Enum):
    """TimeML-style classes used by the SoftTiger temporal extraction task."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


@dataclass(frozen=True)
class Section:
    """A section of a note: its canonical name, LOINC code when one exists, and spans.

    ``start``/``end`` cover the header and the body; ``body_start`` is where the text after
    the header begins, so a header inline with text ("HPI: 58 yo F ...") still has a body.
    """

    title: str
    code: str | None
    start: int
    end: int
    header: str
    body_start: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Abbreviation:
    text: str
    expansion: str
    start: int
    end: int
    source: str = "rules"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TemporalExpression:
    """A normalised temporal expression.

    ``value`` is ISO 8601: a possibly partial date (``2024``, ``2024-10``, ``2024-10-02``),
    a date-time, a duration (``P3D``, ``PT2H``) or, for a SET, a repeating interval such as
    ``R/P1D`` (daily) or ``R/PT6H`` (every 6 hours).
    """

    text: str
    type: TemporalType
    value: str
    start: int
    end: int

    def to_json(self) -> dict:
        data = asdict(self)
        data["type"] = self.type.value
        return data
