"""Medication sig parsing: "90 mcg 2 puffs inh q4h PRN wheeze" -> FHIR Dosage terms.

Decisions (each one a place where sigs are ambiguous):

* **Dose** is what is given each time, in the most specific unit the sig supports. An
  explicit amount ("500 mg", "20 units") is the dose. A count of tablets or capsules with a
  per-tablet strength ("40 MG tablet, take 1 tablet") is converted to the amount (40 mg),
  because the tablet is only the package of the strength. A count of puffs, sprays, drops
  or patches stays a count ({puff}) since inhaler and spray strengths are per actuation and
  clinicians prescribe actuations; the strength is kept in ``strength``. Composite
  strengths ("160/4.5", "5/325 mg") are ``dose_text``; ranges ("1-2 tabs") too.
* **Units** are UCUM: mcg -> ``ug``, units/IU -> ``[iU]`` (shown as "units"), tablets ->
  ``{tbl}``, puffs -> ``{puff}``, drops -> ``[drp]``, mEq -> ``meq``.
* **Routes** carry SNOMED CT route codes only for the routes whose codes are checked
  against the FHIR route value set; anything else is left out rather than guessed.
* **Timing** follows FHIR ``Timing.repeat``; ``code`` is set only for the abbreviations
  that exist in the v3 GTSAbbreviation value set (BID, TID, QID, QD, QOD, AM, PM, BED,
  Q1H..Q8H, WK, MO): "q12h" has no code, only frequency 1 per 12 h. QHS/nightly/at bedtime
  is once a day ``when`` HS. ``text`` is the frequency in words, "as needed for <reason>"
  when the dose is PRN, and the words as written in parentheses, so a reader (and the
  evaluation) sees "every 4 hours as needed for wheeze (q4h PRN wheeze)". ``Dosage.text``
  stays the sig exactly as written.
* **PRN** reasons are the words after PRN/"as needed (for)" up to the next sig element.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tools.facts.types import SNOMED, Coding, Dosage, Timing

_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_WORD_NUMS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
              "half": 0.5, "a half": 0.5, "one-half": 0.5, "one half": 0.5}

#: surface unit -> (UCUM code, display, kind); kind "amount" is a measured quantity, "form"
#: a count of dose units.
_UNITS: dict[str, tuple[str, str, str]] = {}
for _names, _code, _display, _kind in [
    (("mg", "mgs", "milligram", "milligrams"), "mg", "mg", "amount"),
    (("mcg", "mcgs", "ug", "\u00b5g", "\u03bcg", "microgram", "micrograms"), "ug", "mcg", "amount"),
    (("g", "gm", "gms", "gram", "grams"), "g", "g", "amount"),
    (("ml", "mls", "cc", "milliliter", "milliliters", "millilitre", "millilitres"), "mL", "mL", "amount"),
    (("l", "liter", "liters", "litre", "litres"), "L", "L", "amount"),
    (("million units", "million unit"), "10*6.[iU]", "million units", "amount"),
    (("unit", "units", "u", "iu", "international units", "international unit"), "[iU]", "units", "amount"),
    (("meq", "milliequivalents"), "meq", "mEq", "amount"),
    (("mmol",), "mmol", "mmol", "amount"),
    (("mg/kg",), "mg/kg", "mg/kg", "amount"),
    (("mg/m2", "mg/m^2", "mg/m\u00b2"), "mg/m2", "mg/m2", "amount"),
    (("mg/kg/day", "mg/kg/d"), "mg/kg/d", "mg/kg/day", "amount"),
    (("units/kg", "unit/kg"), "[iU]/kg", "units/kg", "amount"),
    (("mcg/kg",), "ug/kg", "mcg/kg", "amount"),
    (("mcg/hr", "mcg/h", "mcg/hour"), "ug/h", "mcg/h", "amount"),
    (("mcg/kg/min",), "ug/kg/min", "mcg/kg/min", "amount"),
    (("mcg/kg/hr", "mcg/kg/h"), "ug/kg/h", "mcg/kg/h", "amount"),
    (("mg/kg/hr", "mg/kg/h"), "mg/kg/h", "mg/kg/h", "amount"),
    (("units/kg/hr", "units/kg/h", "unit/kg/hr"), "[iU]/kg/h", "units/kg/h", "amount"),
    (("mcg/min",), "ug/min", "mcg/min", "amount"),
    (("units/min", "unit/min", "u/min"), "[iU]/min", "units/min", "amount"),
    (("ml/min",), "mL/min", "mL/min", "amount"),
    (("mg/kg/min",), "mg/kg/min", "mg/kg/min", "amount"),
    (("ng/kg/min",), "ng/kg/min", "ng/kg/min", "amount"),
    (("mg/min",), "mg/min", "mg/min", "amount"),
    (("ml/hr", "ml/h", "cc/hr", "cc/h", "ml/hour", "ml per hour", "mls/hr"), "mL/h", "mL/h", "amount"),
    (("unit/ml", "units/ml", "u/ml", "iu/ml"), "[iU]/mL", "units/mL", "strength"),
    (("mg/ml", "mg/5ml", "mg/5 ml"), "mg/mL", "mg/mL", "strength"),
    (("mcg/ml",), "ug/mL", "mcg/mL", "strength"),
    (("mcg/actuation", "mcg/spray", "mcg/puff", "mcg/inh", "mcg/act"), "ug/{actuat}", "mcg/actuation", "strength"),
    (("mg/actuation", "mg/spray"), "mg/{actuat}", "mg/actuation", "strength"),
    (("mg/hr", "mg/h"), "mg/h", "mg/h", "amount"),
    (("units/hr", "units/h", "unit/hr"), "[iU]/h", "units/h", "amount"),
    (("puff", "puffs", "inhalation", "inhalations", "actuation", "actuations"), "{puff}", "puffs", "form"),
    (("tab", "tabs", "tablet", "tablets", "tbl"), "{tbl}", "tablets", "form"),
    (("cap", "caps", "capsule", "capsules"), "{cap}", "capsules", "form"),
    (("drop", "drops", "gtt", "gtts"), "[drp]", "drops", "form"),
    (("spray", "sprays"), "{spray}", "sprays", "form"),
    (("patch", "patches"), "{patch}", "patches", "form"),
    (("film", "films", "strip", "strips"), "{film}", "films", "form"),
    (("lozenge", "lozenges", "troche", "troches"), "{lozenge}", "lozenges", "form"),
    (("suppository", "suppositories", "supp"), "{suppository}", "suppositories", "form"),
    (("application", "applications", "applicatorful"), "{application}", "applications", "form"),
    (("vial", "vials", "neb", "nebs", "ampule", "ampules"), "{vial}", "vials", "form"),
    (("%",), "%", "%", "strength"),
]:
    for _name in _names:
        _UNITS[_name] = (_code, _display, _kind)

_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_QTY = re.compile(
    rf"(?<![\w/.])(?P<num>{_NUM}(?:\s*/\s*{_NUM}){{1,2}}|{_NUM}\s*(?:-|to)\s*{_NUM}|{_NUM}|"
    rf"(?:one|two|three|four|five|six|a\s+half|one[- ]half|half))"
    rf"(?:\s*(?P<unit>{_UNIT_ALT})(?![a-z]))?",
    re.IGNORECASE,
)

#: surface route -> SNOMED CT route of administration (qualifier value).
_ROUTE_CODES = {
    "oral": ("26643006", "Oral route"),
    "iv": ("47625008", "Intravenous route"),
    "sc": ("34206005", "Subcutaneous route"),
    "im": ("78421000", "Intramuscular route"),
    "sl": ("37839007", "Sublingual route"),
    "topical": ("6064005", "Topical route"),
    "rectal": ("37161004", "Rectal route"),
    "nasal": ("46713006", "Nasal route"),
    "transdermal": ("45890007", "Transdermal route"),
    "inhaled": ("447694001", "Respiratory tract route"),
    "ophthalmic": ("54485002", "Ophthalmic route"),
    "otic": ("10547007", "Otic route"),
    "vaginal": ("16857009", "Vaginal route"),
}
_ROUTES = [
    ("oral", r"p\.?o\.?|per\s+os|by\s+mouth|orally|oral|enterally"),
    ("iv", r"i\.?v\.?(?:\s*push|\s*pb|\s*piggyback)?|i/v|ivpb|intravenous(?:ly)?|drip|infusion|(?<!\d\s)(?<!\d)gtt|"
           r"in(?:to)?\s+(?:the\s+|a\s+)?vein"),
    ("sc", r"s\.?c\.?|s/c|s\.?q\.?|sub-?q|subcut|subcutaneous(?:ly)?|under\s+the\s+skin|into\s+the\s+(?:skin|fat)"),
    ("im", r"i\.?m\.?|i/m|intramuscular(?:ly)?|in(?:to)?\s+the\s+(?:muscle|deltoid|thigh|buttock|gluteal\s+muscle)"),
    ("sl", r"s\.?l\.?|sublingual(?:ly)?|under\s+the\s+tongue"),
    ("inhaled", r"inh|inhaled|inhalation|inhale|into\s+the\s+lungs|via\s+(?:inhaler|nebulizer|neb)|nebuli[sz]ed|neb|mdi"),
    ("topical", r"topical(?:ly)?|to\s+(?:affected\s+)?(?:skin|area)"),
    ("rectal", r"p\.?r\.?|per\s+rectum|rectal(?:ly)?"),
    ("nasal", r"intranasal(?:ly)?|nasal(?:ly)?|(?:in(?:to)?\s+)?(?:each|both|one|the)\s+nostrils?|per\s+nostril"),
    ("transdermal", r"transdermal(?:ly)?|t\.?d\.?"),
    ("ophthalmic", r"ophthalmic|in\s+(?:the\s+)?(?:left|right|both|each|affected)\s+eyes?"),
    ("otic", r"otic|in\s+(?:the\s+)?(?:left|right|both|each|affected)\s+ears?"),
    ("vaginal", r"vaginal(?:ly)?|per\s+vagina|p\.?v\.?"),
]
_ROUTE = re.compile(
    "|".join(rf"(?P<{name}>(?<![\w/])(?:{pat})(?![\w/]))" for name, pat in _ROUTES), re.IGNORECASE
)
_ROUTE_DISPLAY = {"oral": "oral", "iv": "intravenous", "sc": "subcutaneous", "im": "intramuscular",
                  "sl": "sublingual", "inhaled": "inhaled", "topical": "topical", "rectal": "rectal",
                  "nasal": "nasal", "transdermal": "transdermal", "ophthalmic": "ophthalmic",
                  "otic": "otic", "vaginal": "vaginal"}

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8,
                 "twelve": 12, "twenty-four": 24, "once": 1, "twice": 2, "thrice": 3}
_NW = r"(?:\d+|one|two|three|four|five|six|eight|twelve|twenty-four)"
_GTS_HOURS = {1: "Q1H", 2: "Q2H", 3: "Q3H", 4: "Q4H", 6: "Q6H", 8: "Q8H"}
_PER_UNIT = {"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "min": "min", "mins": "min",
             "minute": "min", "minutes": "min", "d": "d", "day": "d", "days": "d", "wk": "wk",
             "wks": "wk", "week": "wk", "weeks": "wk", "mo": "mo", "month": "mo", "months": "mo"}
_UNIT_WORDS = {"h": "hour", "min": "minute", "d": "day", "wk": "week", "mo": "month"}

#: (pattern, frequency, period, period_unit, when, code, words). Tried in order; the first
#: that matches is the frequency, and bedtime/morning/meal phrases then add ``when``.
_FREQ: list[tuple[str, int | None, float | None, str | None, tuple[str, ...], str | None, str]] = [
    (r"q\.?\s*h\.?\s*s\.?|every\s+(?:night\s+)?at\s+bedtime|nightly|every\s+night|each\s+night|"
     r"at\s+bedtime|before\s+bed(?:time)?|at\s+night|q\s*night|qpm\s+at\s+bedtime|h\.s\.|hs|nocte|o\.n\.?|"
     r"every\s+bedtime|each\s+bedtime|(?:once\s+)?daily\s+at\s+night",
     1, 1.0, "d", ("HS",), "BED", "daily at bedtime"),
    (r"q\.?\s*a\.?\s*m\.?|every\s+morning|each\s+morning|in\s+the\s+morning|q\s*morning|qmorn|mane|"
     r"(?<!for\s)o\.?m\.?",
     1, 1.0, "d", ("MORN",), "AM", "daily in the morning"),
    (r"q\.?\s*p\.?\s*m\.?|every\s+evening|each\s+evening|in\s+the\s+evening|nightly\s+with\s+dinner",
     1, 1.0, "d", ("EVE",), None, "daily in the evening"),
    (r"b\.?\s*i\.?\s*d\.?|b\.?d\.?(?:s\.?)?|twice\s+(?:a\s+|per\s+|each\s+)?day|twice\s+daily|two\s+times\s+(?:a\s+|per\s+)?(?:day|daily)|"
     r"2\s*(?:x|times)\s*(?:a\s+|per\s+|/\s*)?(?:day|daily|d)|every\s+12\s+hours|q\s*12\s*h(?:rs?|ours)?",
     2, 1.0, "d", (), "BID", "twice daily"),
    (r"t\.?\s*i\.?\s*d\.?|t\.?d\.?s\.?|three\s+times\s+(?:a\s+|per\s+|each\s+)?(?:day|daily)|thrice\s+daily|"
     r"3\s*(?:x|times)\s*(?:a\s+|per\s+|/\s*)?(?:day|daily|d)",
     3, 1.0, "d", (), "TID", "three times daily"),
    (r"q\.?\s*i\.?\s*d\.?|q\.?d\.?s\.?|four\s+times\s+(?:a\s+|per\s+|each\s+)?(?:day|daily)|"
     r"4\s*(?:x|times)\s*(?:a\s+|per\s+|/\s*)?(?:day|daily|d)",
     4, 1.0, "d", (), "QID", "four times daily"),
    (r"q\.?\s*o\.?\s*d\.?|every\s+other\s+day|qod|alternate\s+days",
     1, 2.0, "d", (), "QOD", "every other day"),
    (r"(?:once\s+)?weekly|once\s+(?:a|per|every)\s+week|every\s+week|q\s*(?:1\s*)?(?:wk|week)|each\s+week",
     1, 1.0, "wk", (), "WK", "once weekly"),
    (r"(?:twice|2\s*(?:x|times))\s+(?:a\s+|per\s+|/\s*)?week(?:ly)?", 2, 1.0, "wk", (), None, "twice weekly"),
    (r"(?:three|3)\s*(?:x|times)\s+(?:a\s+|per\s+|/\s*)?week(?:ly)?", 3, 1.0, "wk", (), None, "three times weekly"),
    (r"(?:once\s+)?monthly|once\s+(?:a|per|every)\s+month|every\s+month|q\s*(?:1\s*)?(?:mo|month)",
     1, 1.0, "mo", (), "MO", "once monthly"),
    (r"q\.?\s*d\.?|q\.?\s*day|o\.?d\.?|daily|once\s+(?:a\s+|per\s+|each\s+)?day|once\s+daily|every\s+day|each\s+day|"
     r"1\s*(?:x|times?)\s*(?:a\s+|per\s+|/\s*)?(?:day|daily|d)|per\s+day|a\s+day|/\s*day|qday|q\s*24\s*h(?:rs?|ours)?|"
     r"every\s+24\s+hours",
     1, 1.0, "d", (), "QD", "daily"),
]
_FREQ_RE = [re.compile(rf"(?<![\w/])(?:{p})(?![\w/])", re.IGNORECASE) for p, *_ in _FREQ]
_EVERY = re.compile(
    rf"(?<![\w/])(?:q\.?\s*|every\s+)(?P<n>{_NW})(?:\s*(?:-|to)\s*(?P<m>{_NW}))?\s*"
    rf"(?P<unit>h|hrs?|hours?|min|mins|minutes?|d|days?|wks?|weeks?|mo|months?)(?![\w/])",
    re.IGNORECASE,
)
_EVERY_BARE = re.compile(r"(?<![\w/])(?:q\.?\s*|every\s+)(?P<unit>h|hr|hour|min|minute)(?![\w/])", re.IGNORECASE)
_N_TIMES = re.compile(
    rf"(?<![\w/])(?P<n>{_NW})\s*(?:x|times)\s*(?:a\s+|per\s+|/\s*|each\s+)?(?P<unit>day|daily|d|week|weekly|wk)(?![\w/])",
    re.IGNORECASE,
)
_ONCE = re.compile(r"(?<![\w/])(?:once(?:\s+only)?|x\s*1|(?:one|1)\s+time(?:\s+only)?|single\s+dose|stat|now)(?![\w/])", re.IGNORECASE)
_WHEN = [
    (re.compile(r"(?<![\w/])(?:before\s+(?:each\s+)?meals?|a\.?c\.?)(?![\w/])", re.IGNORECASE), "AC", "before meals"),
    (re.compile(r"(?<![\w/])(?:after\s+(?:each\s+)?meals?|p\.?c\.?)(?![\w/])", re.IGNORECASE), "PC", "after meals"),
    (re.compile(r"(?<![\w/])with\s+(?:each\s+)?meals?(?![\w/])", re.IGNORECASE), "C", "with meals"),
    (re.compile(r"(?<![\w/])before\s+breakfast(?![\w/])", re.IGNORECASE), "ACM", "before breakfast"),
    (re.compile(r"(?<![\w/])with\s+breakfast(?![\w/])", re.IGNORECASE), "CM", "with breakfast"),
    (re.compile(r"(?<![\w/])(?:with\s+(?:dinner|supper))(?![\w/])", re.IGNORECASE), "CV", "with dinner"),
    (re.compile(r"(?<![\w/])before\s+(?:dinner|supper)(?![\w/])", re.IGNORECASE), "ACV", "before dinner"),
]

_PRN = re.compile(
    r"(?<![\w/])(?:p\.?r\.?n\.?|as\s+needed|as-needed|when\s+needed|if\s+needed|when\s+required)(?![\w/])"
    r"(?:\s*(?:for|:|,)?\s*(?P<reason>[a-z][a-z /'-]*))?",
    re.IGNORECASE,
)
#: words that end a PRN reason: the next sig element, or a plan clause
_REASON_STOP = re.compile(
    r"\s*+(?:\b(?:max(?:imum)?|not\s+to\s+exceed|nte|do\s+not|no\s+more|up\s+to|q\d|q\s|every|x\s*\d|for\s+\d|"
    r"and\s+(?:cont|continue|start|stop)|may|then|until|while|with|if|prior|before|after|in\s+the|at\s+bedtime|"
    r"daily|bid|tid|qid|qhs|po|iv|inh|sc|sq|im)\b|[,.;()]|$)",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?<![\w/])(?:x|\u00d7|for(?:\s+a\s+total\s+of)?|to\s+complete(?:\s+a)?|total\s+of|for\s+another|"
    rf"for\s+an\s+additional)\s*(?P<n>{_NUM}|one|two|three|four|five|six|seven|ten|fourteen)\s*"
    r"(?:more\s+|additional\s+|total\s+|further\s+)?(?P<unit>days?|d|weeks?|wks?|w|months?|mos?)(?![\w/])"
    r"(?:\s+(?:total|course|more))?",
    re.IGNORECASE,
)
_MAX = re.compile(
    rf"(?<![\w/])(?:max(?:imum)?\.?(?:\s+dose)?(?:\s+of)?|not\s+to\s+exceed|do\s+not\s+exceed|no\s+more\s+than|nte)"
    rf"\s*:?\s*(?P<amount>{_NUM}\s*(?:[a-z%]+)?)(?:\s*(?:/|per|in|a|every|each)\s*(?P<per>24\s*h(?:ours|rs?)?|"
    r"day|d|24h|week|wk|hours?))?",
    re.IGNORECASE,
)
_DURATION_DAYS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
                  "mo": 30, "mos": 30, "month": 30, "months": 30}
_DURATION_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                   "ten": 10, "fourteen": 14}


_COUNTED = frozenset(code for code, _, kind in _UNITS.values() if kind == "form")
_RANGE = re.compile(r"\d\s*(?:-|to)\s*[\d.]")
_RANGE_SPLIT = re.compile(r"\s*(?:-|to)\s*")
_LEADING_BRAND = re.compile(r"^\([^)]*\)\s*")  # "(LIPITOR) 40 MG tablet"


# -- normalising the ways sigs are written ---------------------------------------------
_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_W = "|".join(sorted([*_SMALL, *_TENS, "hundred", "thousand"], key=len, reverse=True))
#: a run of number words ("twenty five", "one hundred and fifty", "zero point four")
_SPELLED = re.compile(
    rf"(?<![\w/-])(?:(?:{_W})(?:[\s-]+(?:and\s+)?(?:{_W}))*(?:\s+point(?:\s+(?:{_W}))+)?|"
    rf"point(?:\s+(?:{_W}))+)(?![\w/-])",
    re.IGNORECASE,
)
_ANY_WORD_NUMBER = re.compile(rf"\b(?:{_W}|half|quarter|quarters)\b", re.IGNORECASE)
#: Epic writes a count twice: "2 (two) times daily", "every 4 (four) hours"
_PAREN_WORDS = re.compile(rf"(?<=\d)\s*\(\s*(?:{_W})(?:[\s-]+(?:{_W}))*\s*\)", re.IGNORECASE)
#: ... or the other way round: "every twelve (12) hours"
_WORDS_PAREN = re.compile(rf"(?<![\w/-])(?:{_W})(?:[\s-]+(?:{_W}))*\s*\(\s*(?P<n>\d+)\s*\)", re.IGNORECASE)
_UNIT_AHEAD = rf"(?=\s*(?:{_UNIT_ALT})(?![a-z]))"
_FRACTIONS = [
    (re.compile(rf"(?<![\w/.])(?P<n>\d+|{_W})\s+and\s+(?:a\s+|one[\s-])?half(?:\s+of\s+(?:a|an|one))?{_UNIT_AHEAD}",
                re.IGNORECASE), 0.5),
    (re.compile(rf"(?<![\w/.])(?P<n>\d+|{_W})\s+and\s+(?:a\s+|one[\s-])?quarter(?:\s+of\s+(?:a|an|one))?{_UNIT_AHEAD}",
                re.IGNORECASE), 0.25),
    (re.compile(rf"(?<![\w/.])(?P<n>\d+)\s+(?:and\s+)?1/2{_UNIT_AHEAD}"), 0.5),
    (re.compile(rf"(?<![\w/.])(?P<n>\d+)\s+(?:and\s+)?1/4{_UNIT_AHEAD}"), 0.25),
    (re.compile(rf"(?<![\w/.])(?P<n>\d+)\s+(?:and\s+)?3/4{_UNIT_AHEAD}"), 0.75),
    (re.compile(rf"(?<![\w/])(?:one[\s-]half|a\s+half|half)(?:\s+(?:of\s+)?(?:a|an|one))?{_UNIT_AHEAD}",
                re.IGNORECASE), 0.5),
    (re.compile(rf"(?<![\w/])(?:one[\s-]quarter|a\s+quarter|quarter)(?:\s+(?:of\s+)?(?:a|an|one))?{_UNIT_AHEAD}",
                re.IGNORECASE), 0.25),
    (re.compile(rf"(?<![\w/])three[\s-]quarters?(?:\s+(?:of\s+)?(?:a|an|one))?{_UNIT_AHEAD}", re.IGNORECASE), 0.75),
]
#: ophthalmic OD/OS/OU (right/left/both eyes) in a drop sig; elsewhere OD is UK "once daily"
_EYE_CONTEXT = re.compile(r"\b(?:drops?|gtts?|eyes?|ophth\w*|ophthalmic)\b", re.IGNORECASE)
_EYES = re.compile(r"(?<![\w/])(?P<e>o\.?d|o\.?s|o\.?u)\.?(?![\w/])", re.IGNORECASE)
_EYE_WORDS = {"od": "in the right eye", "os": "in the left eye", "ou": "in both eyes"}
#: UK "ON" (omni nocte) in capitals at the end of a sig element; "on" is also a word
_OMNI_NOCTE = re.compile(r"(?<=\s)(?:ON|O\.N\.?)(?=\s*(?:$|[,;(]|\.(?:\s|$)|PRN\b|prn\b|for\b))")
#: UK OD/OM/BD are frequencies only after a dose ("5 mg OD"); "tylenol OD" is an overdose
_NEEDS_DOSE = re.compile(r"(?<![\w/])(?:o\.?d|o\.?m|b\.?d)\.?(?![\w/])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
#: "reduced from 4 mg to 3 mg", "increase from 25 to 50 mg": the dose from now on is the new one
_FROM_TO = re.compile(
    rf"(?<![\w/])from\s+{_NUM}(?:\s*(?:{_UNIT_ALT})(?![a-z]))?\s+(?:to|->|\u2192)\s+(?={_NUM})", re.IGNORECASE
)
#: Epic "(Patient taking differently: Take 5 mg by mouth daily.)": what the patient really takes
_TAKING_DIFFERENTLY = re.compile(
    r"\(?\s*patient\s+(?:is\s+)?taking\s+differently\s*:\s*(?P<diff>[^()]*(?:\([^()]*\)[^()]*)*)\)?", re.IGNORECASE
)
#: the prescription's dispensing tail is not dosage: "Dispense: 90 tablet Refill: 3", "Disp #30 RF 2"
_DISPENSE_TAIL = re.compile(
    r"[\s.;,]*\b(?:disp(?:ense|ensed)?|qty|quantity|refills?|rf)\b\s*[:#=]?\s*#?\s*\d.*$", re.IGNORECASE
)
_SIG_PREFIX = re.compile(r"^(?:sig|directions|instructions)\s*:\s*", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"\s*total\b", re.IGNORECASE)


def _whole(n: str | None) -> float:
    if not n:
        return 0.0
    return float(n) if n.isdigit() else (_spelled_value(n) or 0.0)


def _spelled_value(words: str) -> float | None:
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if "point" in tokens:
        i = tokens.index("point")
        whole = _cardinal(tokens[:i]) if i else 0.0
        digits = tokens[i + 1:]
        if whole is None or not digits or any(_SMALL.get(d, 10) > 9 for d in digits):
            return None
        return whole + float("0." + "".join(str(_SMALL[d]) for d in digits))
    return _cardinal(tokens)


def _cardinal(tokens: list[str]) -> float | None:
    total = current = 0
    for t in tokens:
        if t in _SMALL:
            current += _SMALL[t]
        elif t in _TENS:
            current += _TENS[t]
        elif t == "hundred":
            current = (current or 1) * 100
        elif t == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return float(total + current)


def normalise_sig(text: str) -> str:
    """The sig with the ways of writing a number or a frequency that the patterns do not
    read rewritten: Epic's "2 (two) times", spelled numbers ("zero point four" -> 0.4,
    "twenty five" -> 25), fractions ("one half tablet" -> 0.5 tablet, "1 1/2 tabs" -> 1.5
    tabs), ophthalmic OD/OS/OU in a drop sig, UK "ON", and "from 4 mg to 3 mg" (-> "to 3 mg")."""
    text = _PAREN_WORDS.sub("", text)
    words = _ANY_WORD_NUMBER.search(text) is not None
    if words:
        text = _WORDS_PAREN.sub(r"\g<n>", text)
    if words or "/" in text:
        for rx, frac in _FRACTIONS:
            text = rx.sub(lambda m, f=frac: _fmt(_whole(m.groupdict().get("n")) + f), text)
    if words:
        text = _SPELLED.sub(lambda m: _fmt(v) if (v := _spelled_value(m.group())) is not None else m.group(), text)
    if _EYE_CONTEXT.search(text):
        text = _EYES.sub(lambda m: _EYE_WORDS[m.group("e").lower().replace(".", "")], text)
    text = _OMNI_NOCTE.sub("nocte", text)
    text = _NEEDS_DOSE.sub(lambda m: m.group() if _DIGIT.search(text, 0, m.start()) else "", text)
    return _FROM_TO.sub("to ", text)


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    text: str
    value: float | None  # None for ranges and composites
    unit: str | None
    display: str | None
    kind: str  # amount | form | strength | composite | range | bare


def _number(text: str) -> float | None:
    text = text.strip().lower().replace(",", "")
    if text in _WORD_NUMS:
        return _WORD_NUMS[text]
    try:
        return float(text)
    except ValueError:
        return None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _quantities(sig: str, blocked: list[tuple[int, int]]) -> list[_Quantity]:
    out = []
    for m in _QTY.finditer(sig):
        if any(a <= m.start() < b for a, b in blocked):
            continue
        num = m.group("num")
        unit_txt = (m.group("unit") or "").lower()
        code, display, kind = _UNITS.get(unit_txt, (None, None, "bare"))
        text = m.group().strip()
        if "/" in num:
            parts = [p.strip() for p in num.split("/")]
            halves = len(parts) == 2 and parts[0] in {"1", "3"} and parts[1] in {"2", "4"}
            if halves and kind == "form":
                out.append(_Quantity(m.start(), m.end(), text, float(parts[0]) / float(parts[1]),
                                     code, display, kind))
            elif code is not None or not sig[:m.start()].strip():
                # "160/4.5" right after the drug name, or "5/325 mg": a composite strength;
                # "goal <130/80" later in a sentence is not a dose
                out.append(_Quantity(m.start(), m.end(), text, None, code, display, "composite"))
            continue
        if _RANGE.search(num):
            low, high = (_number(x) for x in _RANGE_SPLIT.split(num, maxsplit=1))
            if low is not None and high is not None and high < low and "-" in num:
                # "8-2 mg", "160-4.5 mcg": a two-ingredient strength, not a range
                out.append(_Quantity(m.start(), m.end(), text, None, code, display, "composite"))
            else:
                out.append(_Quantity(m.start(), m.end(), text, None, code, display,
                                     "range" if kind != "bare" else "bare"))
            continue
        out.append(_Quantity(m.start(), m.end(), text, _number(num), code, display, kind))
    return out


def route_coding(name: str) -> Coding | None:
    """The SNOMED CT route for a route key ("oral", "iv", ...), when it is one we code."""
    found = _ROUTE_CODES.get(name)
    return Coding(SNOMED, found[0], found[1]) if found else None


def parse_route(sig: str) -> tuple[Coding | None, tuple[int, int] | None]:
    m = _ROUTE.search(sig)
    if not m:
        return None, None
    return route_coding(m.lastgroup or ""), m.span()


def parse_timing(sig: str) -> tuple[Timing | None, list[tuple[int, int]]]:
    """Frequency, period and event timing of a sig, with the spans it used.

    ``Timing.text`` is the frequency in words, then the words as written when they differ:
    "twice daily (BID)"."""
    timing, spans, phrase = _timing(sig)
    if timing is not None:
        timing.text = _words_and_written(phrase, sig, spans)
    return timing, spans


def _words_and_written(phrase: str, sig: str, spans: list[tuple[int, int]]) -> str:
    as_written = " ".join(sig[a:b].strip() for a, b in sorted(spans))
    return phrase if " ".join(as_written.lower().split()) == phrase else f"{phrase} ({as_written})"


def _timing(sig: str) -> tuple[Timing | None, list[tuple[int, int]], str]:
    spans: list[tuple[int, int]] = []
    timing = Timing()
    words: list[str] = []
    every = _EVERY.search(sig)
    if every:
        n = _NUMBER_WORDS.get(every.group("n").lower()) or int(every.group("n"))
        m = every.group("m")
        unit = _PER_UNIT[every.group("unit").lower().rstrip(".")]
        timing.frequency, timing.period, timing.period_unit = 1, float(n), unit
        if m:
            timing.period_max = float(_NUMBER_WORDS.get(m.lower()) or int(m))
            words.append(f"every {n} to {_fmt(timing.period_max)} {_UNIT_WORDS[unit]}s")
        else:
            words.append(f"every {n} {_UNIT_WORDS[unit]}{'s' if n != 1 else ''}")
            if unit == "h" and n in _GTS_HOURS:
                timing.code = _GTS_HOURS[n]
            if unit == "h" and n == 24:
                timing.period, timing.period_unit = 1.0, "d"
        spans.append(every.span())
    else:
        bare = _EVERY_BARE.search(sig)
        if bare:
            unit = _PER_UNIT[bare.group("unit").lower()]
            timing.frequency, timing.period, timing.period_unit = 1, 1.0, unit
            if unit == "h":
                timing.code = "Q1H"
            words.append(f"every {_UNIT_WORDS[unit]}")
            spans.append(bare.span())
    if timing.frequency is None:
        _daily_pattern(sig, timing, words, spans)
    if timing.frequency is None:
        m = _N_TIMES.search(sig)
        if m:
            n = _NUMBER_WORDS.get(m.group("n").lower()) or int(m.group("n"))
            unit = "wk" if m.group("unit").lower().startswith("w") else "d"
            timing.frequency, timing.period, timing.period_unit = n, 1.0, unit
            words.append(f"{n} times {'weekly' if unit == 'wk' else 'daily'}")
            spans.append(m.span())
    for rx, code, phrase in _WHEN:
        m = rx.search(sig)
        if m and not any(a <= m.start() < b for a, b in spans):
            if code not in timing.when:
                timing.when.append(code)
            words.append(phrase)
            spans.append(m.span())
    if timing.frequency is None and not timing.when:
        once = _ONCE.search(sig)
        if once:
            timing.count = 1
            words.append("once")
            spans.append(once.span())
        else:
            return None, spans, ""
    return timing, spans, ", ".join(words)


def _daily_pattern(sig: str, timing: Timing, words: list[str], spans: list[tuple[int, int]]) -> None:
    """The first named frequency in the sig; a daily one also takes a bedtime/morning/evening
    phrase ("daily at bedtime" is once a day, when HS)."""
    for (_, freq, period, unit, when, code, phrase), rx in zip(_FREQ, _FREQ_RE):
        m = rx.search(sig)
        if not m:
            continue
        timing.frequency, timing.period, timing.period_unit = freq, period, unit
        timing.when.extend(when)
        timing.code = code
        words.append(phrase)
        spans.append(m.span())
        if freq == 1 and unit == "d" and period == 1:
            for (_, _, _, unit2, when2, code2, phrase2), rx2 in zip(_FREQ, _FREQ_RE):
                if unit2 != "d" or when2 == tuple(timing.when) or (not when2 and not when):
                    continue
                if when and when2:
                    continue
                m2 = rx2.search(sig)
                if m2 and not any(a <= m2.start() < b for a, b in spans):
                    if when2:
                        timing.when.extend(when2)
                        timing.code = code2
                        words[-1] = phrase2
                    spans.append(m2.span())
                    break
        return


def _prn(sig: str) -> tuple[bool, str | None, tuple[int, int] | None]:
    m = _PRN.search(sig)
    if not m:
        return False, None, None
    reason = None
    if m.group("reason"):
        start = m.start("reason")
        stop = _REASON_STOP.search(sig, start)
        cut = stop.start() if stop else len(sig)
        candidate = sig[start:cut].strip(" -/:")
        words = candidate.split()
        if 0 < len(words) <= 5:
            reason = candidate
            return True, reason, (m.start(), start + len(sig[start:cut].rstrip(" -/:")))
    return True, reason, m.span()


def _duration(sig: str) -> tuple[float | None, tuple[int, int] | None]:
    m = _DURATION.search(sig)
    if not m:
        return None, None
    n_txt = m.group("n").lower()
    n = _DURATION_WORDS.get(n_txt) or _number(n_txt)
    if n is None:
        return None, None
    unit = m.group("unit").lower()
    return float(n) * _DURATION_DAYS.get(unit, 1), m.span()


def _max(sig: str) -> tuple[str | None, tuple[int, int] | None]:
    m = _MAX.search(sig)
    if not m:
        return None, None
    amount = " ".join(m.group("amount").split())
    per = m.group("per")
    if per:
        per_l = per.lower().replace(" ", "")
        per = "day" if per_l in {"day", "d", "24h", "24hours", "24hrs", "24hr"} else per_l
        return f"{amount}/{per}", m.span()
    return amount, m.span()


def parse_sig(sig: str) -> Dosage | None:
    """Parse the dosage words that follow a drug name; ``None`` when there are none.

    ``sig`` is the text after the drug name up to the end of its list item or clause, e.g.
    ``"75 mcg PO daily"`` or ``"(LIPITOR) 40 MG tablet  Take 1 tablet by mouth nightly."``.
    """
    text = " ".join(sig.split()).strip(" ,;:-")
    text = _LEADING_BRAND.sub("", text)
    text = _SIG_PREFIX.sub("", text)
    text = _DISPENSE_TAIL.sub("", text)
    text = text.rstrip(" .,;")
    if not text:
        return None
    differently = _TAKING_DIFFERENTLY.search(text)
    if differently is None:
        return _parse(normalise_sig(text), text)
    # "(Patient taking differently: ...)": the patient's own dose and timing stand
    prescribed = text[:differently.start()] + text[differently.end():]
    dosage = _parse(normalise_sig(prescribed), text)
    taken = _parse(normalise_sig(differently.group("diff").strip(" .,;")), text)
    if taken is None or (taken.dose_value is None and taken.dose_text is None and taken.timing is None):
        return dosage
    if dosage is None:
        return taken
    if taken.dose_value is not None or taken.dose_text is not None:
        dosage.dose_value, dosage.dose_unit, dosage.dose_unit_display = (
            taken.dose_value, taken.dose_unit, taken.dose_unit_display)
        dosage.dose_text, dosage.strength = taken.dose_text, taken.strength or dosage.strength
    if taken.timing is not None:
        dosage.timing = taken.timing
        dosage.as_needed, dosage.as_needed_for = taken.as_needed, taken.as_needed_for
    dosage.route = taken.route or dosage.route
    return dosage


def _parse(text: str, written: str) -> Dosage | None:
    """The Dosage of a normalised sig ``text``; ``written`` (the sig as written) is its text."""
    blocked: list[tuple[int, int]] = []
    max_text, span = _max(text)
    if span:
        blocked.append(span)
    duration, span = _duration(text)
    if span:
        blocked.append(span)
    as_needed, reason, prn_span = _prn(text)
    if prn_span:
        reason_end = prn_span[1]
        blocked.append((prn_span[0], reason_end))
    timing, timing_spans, phrase = _timing(text)
    blocked.extend(timing_spans)
    if as_needed and prn_span:
        # "as needed" belongs to when the dose is taken: "every 4 hours as needed for wheeze"
        prn_words = "as needed" + (f" for {reason}" if reason else "")
        phrase = f"{phrase} {prn_words}".strip()
        timing_spans = timing_spans + [prn_span]
        timing = timing or Timing()
    if timing is not None:
        timing.text = _words_and_written(phrase, text, timing_spans)
    if timing is not None and duration is not None:
        timing.duration_days = duration
    elif duration is not None:
        timing = Timing(duration_days=duration)
    route, route_span = parse_route(text)
    if route_span:
        blocked.append(route_span)
    qtys = [q for q in _quantities(text, blocked) if q.kind != "bare"]
    dosage = Dosage(text=written, route=route, timing=timing, as_needed=as_needed,
                    as_needed_for=reason, max_per_period=max_text)
    _choose_dose(dosage, qtys, text)
    if (dosage.dose_value is None and dosage.dose_text is None and route is None and timing is None
            and not as_needed):
        return None
    return dosage


def _choose_dose(dosage: Dosage, qtys: list[_Quantity], text: str) -> None:
    amounts = [q for q in qtys if q.kind == "amount" and q.value is not None]
    total = next((a for a in amounts if _TOTAL_AFTER.match(text, a.end)), None)
    if total is not None:
        # Epic "Take 2 tablets (10 mg total)": the amount given each time, as the order states it
        form = next((q for q in qtys if q.kind in {"form", "range"} and q.end <= total.start), None)
        strength = next((q for q in qtys if q.kind in {"amount", "strength"} and q.end <= (form or total).start), None)
        dosage.dose_value, dosage.dose_unit, dosage.dose_unit_display = total.value, total.unit, total.display
        if strength is not None and strength is not total:
            dosage.strength = strength.text
        return
    forms = [q for q in qtys if q.kind == "form" and q.value is not None]
    composites = [q for q in qtys if q.kind == "composite"]
    ranges = [q for q in qtys if q.kind == "range"]
    strengths = [q for q in qtys if q.kind == "strength"]
    if composites:
        dosage.dose_text = composites[0].text
    elif ranges and not amounts and not forms:
        dosage.dose_text = ranges[0].text
    elif ranges and not forms and ranges[0].unit in _COUNTED and (
            not amounts or amounts[0].start < ranges[0].start):
        # "5 mg 1-2 tabs": a range of tablets of a strength; the dose is the range
        dosage.dose_text = ranges[0].text
        if amounts:
            dosage.strength = amounts[0].text
        return
    if forms:
        form = forms[0]
        strength = next((a for a in amounts if a.start < form.start), None)
        if strength is not None and form.unit in {"{tbl}", "{cap}"} and form.value is not None:
            dosage.dose_value = strength.value * form.value if strength.value is not None else None
            dosage.dose_unit, dosage.dose_unit_display = strength.unit, strength.display
            dosage.strength = strength.text
            return
        dosage.dose_value, dosage.dose_unit, dosage.dose_unit_display = form.value, form.unit, form.display
        per_unit = next((q for q in strengths if q.start < form.start), None)
        if strength is not None:
            dosage.strength = strength.text
        elif composites:
            dosage.strength = composites[0].text
        elif per_unit is not None:
            dosage.strength = per_unit.text  # "90 mcg/actuation inhaler, 2 puffs"
        return
    if amounts:
        first = amounts[0]
        dosage.dose_value, dosage.dose_unit, dosage.dose_unit_display = first.value, first.unit, first.display
        return
    if strengths and not composites:
        dosage.strength = strengths[0].text


def route_name(coding: Coding | None) -> str | None:
    """The plain route word for a coded route ("oral"), for readable dosage text."""
    if coding is None:
        return None
    for key, (code, _) in _ROUTE_CODES.items():
        if code == coding.code:
            return _ROUTE_DISPLAY[key]
    return None
