"""Numbers and time units as clinicians write them, and their ISO 8601 duration form.

Durations ("x 3 days"), relative dates ("2 weeks ago") and frequencies ("q6h") all need
the same reading of "three", "1.5" and "hrs", so it lives here once.
"""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "forty-eight": 48, "sixty": 60, "ninety": 90,
}  # fmt: skip

#: A count written in digits or words; longest words first so "forty-eight" beats "forty".
NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

#: Time units as written, longest spellings first. "mo" and "min" need the word boundary
#: the callers add; single letters (d, h, w) are handled by callers that know the context.
#: "second" alone is mostly the ordinal ("second bolus"), so only the plural counts.
UNIT = r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|nights?|hours?|hrs?|minutes?|mins?|seconds|secs?)"

#: ISO 8601 designator of each unit; minutes and seconds are time components.
_DESIGNATORS = {"y": "Y", "mo": "M", "w": "W", "d": "D", "h": "H", "min": "M", "s": "S"}
_TIME_UNITS = frozenset({"h", "min", "s"})
#: How many of the next smaller unit make one of this unit, for exact fractional amounts.
_SMALLER = {"y": ("mo", 12), "w": ("d", 7), "d": ("h", 24), "h": ("min", 60), "min": ("s", 60)}


def parse_number(token: str) -> float | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    if token in ("a", "an"):
        return 1.0
    try:
        return float(token)
    except ValueError:
        return None


def unit_key(token: str) -> str:
    """Canonical unit key (y, mo, w, d, h, min, s) of a written unit; a night counts as a day."""
    word = token.lower().rstrip(".")
    if word.startswith("n"):
        return "d"
    if word.startswith(("mo", "month")):
        return "mo"
    if word.startswith("mi"):
        return "min"
    if word.startswith(("se", "s")):
        return "s"
    return word[0]


def _format_amount(amount: float) -> str:
    return str(int(amount)) if amount == int(amount) else f"{amount:g}"


def iso_duration(amount: float, unit: str) -> str:
    """``P3D``, ``PT48H``; a fraction moves to the next smaller unit when that makes it whole
    (1.5 years is ``P18M``, 0.5 days ``PT12H``) because ISO readers handle integers best;
    otherwise the decimal stays (``P2.5W``), which ISO 8601 allows in the last component."""
    if amount != int(amount) and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        if amount * factor == int(amount * factor):
            amount, unit = amount * factor, smaller
    prefix = "PT" if unit in _TIME_UNITS else "P"
    return f"{prefix}{_format_amount(amount)}{_DESIGNATORS[unit]}"


#: Units from largest to smallest: a compound ("1 hr 15 min") lists them in this order.
UNIT_ORDER = ("y", "mo", "w", "d", "h", "min", "s")


def iso_compound(parts: list[tuple[float, str]]) -> str:
    """``P1Y2M``, ``PT1H15M`` for whole amounts in decreasing units. Weeks become days
    when mixed with other units, since ISO 8601 writes weeks only on their own."""
    amounts = {unit: amount for amount, unit in parts}
    if "w" in amounts and len(amounts) > 1:
        amounts["d"] = amounts.get("d", 0) + 7 * amounts.pop("w")
    date_part = "".join(
        f"{_format_amount(amounts[u])}{_DESIGNATORS[u]}" for u in ("y", "mo", "w", "d") if u in amounts
    )
    time_part = "".join(
        f"{_format_amount(amounts[u])}{_DESIGNATORS[u]}" for u in ("h", "min", "s") if u in amounts
    )
    return f"P{date_part}{'T' + time_part if time_part else ''}"
