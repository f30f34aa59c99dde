"""Looking around a candidate: the clause before it, the words after it, future talk.

Most temporal false positives (pain 4/10, WBC 2015, 2 puffs) are told apart from real
expressions only by their neighbours, so every recogniser asks the same questions here.
"""

from __future__ import annotations

import re

#: A sentence or list-item boundary: punctuation followed by space, or a line break.
_BOUNDARY = re.compile(r"[.!?;]\s|\n")

#: Words that put the rest of their clause in the future ("f/u Monday", "RTC 11/20").
_FUTURE_CUE = re.compile(
    r"\b(?:f/u|follow[- ]?up|return|rtc|scheduled?|appointment|appt|will|plan(?:ned)?|next"
    r"|due|until|till|upcoming|repeat|recheck|dispo|anticipat\w*|expect(?:ed)?|tentative(?:ly)?|target"
    r"|discharge)\b",
    re.IGNORECASE,
)


#: A street name after a number makes it a house number ("2019 Oak Hill Rd").
_ADDRESS_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,2}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Ln|Way|Ct|Court|Dr|Drive|Hwy)\b"
)


#: Labs, measures, counts and identifiers whose values can fall in 1900..2025. Names whose
#: values never do (sodium, INR) are left out: "CA 1998" is a cancer, "PT 2019" therapy.
_QUANTITY_NAMES = frozenset(
    """wbc plt platelets ast alt alp alk ldh ck cpk trop troponin bnp probnp nt-probnp ferritin
    lipase amylase ddimer d-dimer fibrinogen cd4 ebl uop i/o ins outs output intake urine stool
    drain jp vol volume kcal cal calories count level lvl dose units iu score mrn room rm bed ext
    extension pager unit apt suite # no number id fin acct vl load tg triglycerides b12 total net
    balance fluids restriction rate gtt dilution titer afp cea ca-125 hcg lh fsh estradiol
    testosterone prolactin cortisol igg ige iga igm anc alc rbc retic steps""".split()
)
_PREVIOUS_WORD = re.compile(r"([\w#/-]+)\W*$")


def quantity_name_before(text: str, pos: int) -> bool:
    """Whether the word before ``pos`` names a lab, measure or identifier ("WBC 2015")."""
    previous = _PREVIOUS_WORD.search(text, max(0, pos - 30), pos)
    return previous is not None and previous.group(1).lower() in _QUANTITY_NAMES


def address_follows(text: str, end: int) -> bool:
    return _ADDRESS_AFTER.match(text, end) is not None


def leading(chars: str) -> str:
    """A lookahead on the characters a pattern can start with. ``re`` then skips every
    other position with a fast scan instead of trying the whole pattern there, which
    matters when some twenty patterns each read every note."""
    return f"(?=[{chars}])"


def clause_before(text: str, pos: int, width: int = 60) -> str:
    """Up to ``width`` characters before ``pos``, cut at the last sentence boundary."""
    window = text[max(0, pos - width) : pos]
    cut = 0
    for match in _BOUNDARY.finditer(window):
        cut = match.end()
    return window[cut:]


def clause_after(text: str, pos: int, width: int = 40) -> str:
    """Up to ``width`` characters after ``pos``, cut at the next sentence boundary."""
    window = text[pos : pos + width]
    match = _BOUNDARY.search(window)
    return window[: match.start()] if match else window


#: After these words "last week" is a stretch of time ("over the last week"), a duration.
_SPAN_LEAD = re.compile(r"\b(?:the|over|in|for|during|within|throughout)\s*$", re.IGNORECASE)


def span_lead(text: str, pos: int) -> bool:
    return _SPAN_LEAD.search(text, max(0, pos - 12), pos) is not None


def future_context(text: str, pos: int) -> bool:
    return bool(_FUTURE_CUE.search(clause_before(text, pos)))


def same_sentence(text: str, start: int, end: int) -> bool:
    """True when no sentence boundary lies in ``text[start:end]``."""
    return _BOUNDARY.search(text, start, end) is None if start < end else True
