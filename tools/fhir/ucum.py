"""Is a unit string a UCUM code, and which UCUM code does a clinician's spelling mean?

A Quantity with ``system`` UCUM and a code that is not UCUM fails validation (and the
vital-signs profile insists on UCUM), while a unit that is merely not coded is still valid
FHIR. So units are coded only when the grammar below accepts them, after mapping the
handful of unambiguous spellings notes use ("mcg", "mmHg", "bpm"). Ambiguous ones
("units": [iU] or U?) stay uncoded.
"""
from __future__ import annotations

import re

_ALIASES = {
    "mcg": "ug",
    "µg": "ug",
    "μg": "ug",
    "mmhg": "mm[Hg]",
    "bpm": "/min",
    "beats/min": "/min",
    "breaths/min": "/min",
    "per min": "/min",
    "°c": "Cel",
    "c": "Cel",
    "degc": "Cel",
    "°f": "[degF]",
    "f": "[degF]",
    "degf": "[degF]",
    "lb": "[lb_av]",
    "lbs": "[lb_av]",
    "in": "[in_i]",
    "inch": "[in_i]",
    "inches": "[in_i]",
    "puff": "{puff}",
    "puffs": "{puff}",
    "tab": "{tbl}",
    "tabs": "{tbl}",
    "tablet": "{tbl}",
    "tablets": "{tbl}",
    "cap": "{cap}",
    "caps": "{cap}",
    "capsule": "{cap}",
    "capsules": "{cap}",
    "meq": "meq",
    "meq/l": "meq/L",
    "cc": "mL",
    "ml": "mL",
    "l": "L",
    "kg/m^2": "kg/m2",
    "k/ul": "10*3/uL",
    "x10^3/ul": "10*3/uL",
    "x10e3/ul": "10*3/uL",
    "iu": "[iU]",
}

_ATOMS = {
    "g", "m", "L", "l", "s", "min", "h", "d", "wk", "mo", "a", "mol", "eq", "U", "[iU]",
    "[IU]", "%", "Cel", "[degF]", "[in_i]", "[ft_i]", "[lb_av]", "[oz_av]", "m[Hg]",
    "[drp]", "[pH]", "kat", "osm", "bar", "Pa", "[ppm]", "[ppb]", "cal", "[Cal]",
}
_PREFIXES = ("da", "k", "m", "u", "n", "p", "f", "c", "d", "M", "G", "h")
_NUMBER = re.compile(r"10[*^][+-]?\d+|\d+")
_ANNOTATION = re.compile(r"\{[^{}]*\}")
_EXPONENT = re.compile(r"[+-]?\d+$")


def _component_ok(text: str) -> bool:
    annotation = _ANNOTATION.search(text)
    if annotation:
        if annotation.end() != len(text):
            return False
        text = text[: annotation.start()]
        if not text:
            return True
    if _NUMBER.fullmatch(text):
        return True
    exponent = _EXPONENT.search(text)
    if exponent and exponent.start() > 0:
        text = text[: exponent.start()]
    if text in _ATOMS:
        return True
    return any(text.startswith(p) and text[len(p) :] in _ATOMS for p in _PREFIXES)


def is_ucum(code: str) -> bool:
    """Whether ``code`` parses as a UCUM term over the common atoms clinical notes use."""
    if not code or any(ch.isspace() for ch in code):
        return False
    term = code[1:] if code.startswith("/") else code
    if not term:
        return False
    annotations = _ANNOTATION.findall(term)
    parts = re.split(r"[./]", _ANNOTATION.sub("{}", term))
    restored = []
    for part in parts:
        while "{}" in part:
            part = part.replace("{}", annotations.pop(0), 1)
        restored.append(part)
    return all(_component_ok(part) for part in restored)


def ucum_code(unit: str | None) -> str | None:
    """The UCUM code for a unit as written, or ``None`` when it has none we can trust."""
    if not unit:
        return None
    unit = unit.strip()
    mapped = _ALIASES.get(unit.casefold(), unit)
    return mapped if is_ucum(mapped) else None


_DISPLAYS = {
    "Cel": "°C",
    "[degF]": "°F",
    "mm[Hg]": "mmHg",
    "10*3/uL": "10^3/µL",
    "10*9/L": "10^9/L",
    "ug": "mcg",
    "[iU]": "IU",
    "[lb_av]": "lb",
    "[in_i]": "in",
    "{puff}": "puff",
    "{tbl}": "tablet",
    "{cap}": "capsule",
}


def unit_display(unit: str) -> str:
    """How a clinician writes a UCUM unit, for ``Quantity.unit`` and narratives."""
    return _DISPLAYS.get(unit, unit)
