"""FHIR R4 date forms.

Notes give partial dates ("2015", "09/2025") and the temporal step normalises them to
partial ISO forms, which R4 ``dateTime`` accepts. A time without a zone is not a valid
``dateTime``, and inventing a zone would misstate when something happened, so such values
fall back to their date.
"""
from __future__ import annotations

import re

# The regular expressions of the R4 specification for dateTime and instant.
_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
    r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?"
)
_INSTANT = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
)
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_datetime(value: str) -> bool:
    return bool(_DATETIME.fullmatch(value))


def is_instant(value: str) -> bool:
    return bool(_INSTANT.fullmatch(value))


def fhir_datetime(value: str | None) -> str | None:
    """``value`` as an R4 dateTime, its date when it has a zone-less time, else ``None``."""
    if not value:
        return None
    value = value.strip()
    if is_datetime(value):
        return value
    prefix = _DATE_PREFIX.match(value)
    if prefix and "T" in value and is_datetime(prefix.group(0)):
        return prefix.group(0)
    return None


def set_when(resource: dict, element: str, value: str | None) -> None:
    """Set ``<element>DateTime`` when ``value`` is a FHIR dateTime (partial dates are), else
    keep the words in ``<element>String`` ("childhood", "2 years ago"), so no date is
    invented and no stated time is dropped."""
    if not value:
        return
    when = fhir_datetime(value)
    if when:
        resource[f"{element}DateTime"] = when
    else:
        resource[f"{element}String"] = value
