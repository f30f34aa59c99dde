"""What kind of encounter a note documents: class, period, disposition, reason.

The note kind decides the Encounter's v3 ActCode class, and the class decides how the period
is read: an inpatient note's encounter starts at the stated admission date, a clinic or ED
note's encounter is the visit on the note's date. Title words (the first lines, where
clinicians name the note) weigh more than cues in the body, because an admission H&P also
says "presented to the ED".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tools.annotations import Section, TemporalExpression, TemporalType
from tools.temporal import find_anchor_dates

AMB, EMER, IMP, VR = "AMB", "EMER", "IMP", "VR"

CLASS_DISPLAY = {AMB: "ambulatory", EMER: "emergency", IMP: "inpatient encounter", VR: "virtual"}

_TITLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (EMER, re.compile(r"\b(ED|ER|emergency|triage|trauma (?:activation|alert|team))\b", re.I)),
    (
        IMP,
        re.compile(
            r"\b(admission|admit|H\s*&\s*P|discharge summary|hospital(?:ist)?|inpatient|ICU|MICU|SICU|CCU|"
            r"NICU|PICU|L\s*&\s*D|labor and delivery|postpartum|post-?op(?:erative)? (?:day|progress)|"
            r"progress note|daily note|operative (?:note|report)|op note|brief op|"
            r"nursing (?:shift|note|progress)|shift note|wound care)\b",
            re.I,
        ),
    ),
    (VR, re.compile(r"\b(telehealth|telemedicine|video visit|virtual visit|telephone visit)\b", re.I)),
    (
        AMB,
        re.compile(
            r"\b(clinic|office visit|outpatient|follow[- ]up visit|urgent care|annual|well[- ]child|"
            r"wellness|established patient|new patient)\b",
            re.I,
        ),
    ),
]

_BODY_CUES: list[tuple[str, re.Pattern[str]]] = [
    (IMP, re.compile(r"\b(HD\s*#?\s*\d|hospital day|admission date|date of admission|admitted|hospitali[sz]ed|"
                     r"discharge date|date of discharge|POD\s*#?\s*\d|inpatient|on the floor|telemetry)\b", re.I)),
    (EMER, re.compile(r"\b(ED course|in the ED|to the ED|emergency department|EMS)\b", re.I)),
    (AMB, re.compile(r"\b(clinic|return to clinic|RTC|follow[- ]up in|f/u in)\b", re.I)),
]

_ADMISSION = re.compile(r"\b(admission date|date of admission|admit date|admitted(?: on)?)\s*:?", re.I)
_DISCHARGE = re.compile(r"\b(discharge date|date of discharge|discharged(?: on)?)\s*:?", re.I)
_DISPOSITION = re.compile(
    r"\b(?:discharge disposition|disposition|dispo|discharged)\s*(?::|to|-)?\s*(?:to\s+)?"
    r"(home with (?:home health|services|hospice)|home health|home|skilled nursing facility|SNF|"
    r"acute rehab(?:ilitation)?|inpatient rehab(?:ilitation)?|rehab(?:ilitation)?|hospice|"
    r"long[- ]term care|LTAC|psychiatric (?:facility|hospital)|against medical advice|AMA|expired)\b",
    re.I,
)
#: http://terminology.hl7.org/CodeSystem/discharge-disposition codes and displays.
DISPOSITIONS = {
    "home": "Home",
    "alt-home": "Alternative home",
    "other-hcf": "Other healthcare facility",
    "hosp": "Hospice",
    "long": "Long-term care",
    "aadvice": "Left against advice",
    "exp": "Expired",
    "psy": "Psychiatric hospital",
    "rehab": "Rehabilitation",
    "snf": "Skilled nursing facility",
    "oth": "Other",
}
#: Words of a disposition phrase and the code they settle, most specific first. Home with
#: home health is still the patient's own home ("alt-home" is a home other than their
#: usual one); the services stay in the text. A long-term acute care hospital is a
#: hospital, not long-term care.
_DISPOSITION_WORDS = [
    ("hospice", "hosp"),
    ("home", "home"),
    ("skilled", "snf"),
    ("snf", "snf"),
    ("rehab", "rehab"),
    ("ltac", "other-hcf"),
    ("long", "long"),
    ("psychiatric", "psy"),
    ("against", "aadvice"),
    ("ama", "aadvice"),
    ("expired", "exp"),
    ("deceased", "exp"),
]


@dataclass(frozen=True)
class Disposition:
    text: str
    code: str | None
    display: str | None


@dataclass(frozen=True)
class EncounterInfo:
    kind: str  # the note's own title, or a description of the kind inferred
    class_code: str
    class_display: str
    start: str
    end: str | None
    reason: str | None
    disposition: Disposition | None


def _title_lines(text: str) -> list[str]:
    """The first two non-empty lines, where clinicians name a note (the second often says
    where: "Preoperative Assessment Clinic")."""
    return [line.strip()[:200] for line in text.strip().splitlines() if line.strip()][:2]


def encounter_class(text: str, note_kind: str | None = None) -> str:
    """The v3 ActCode class; a given ``note_kind`` (from a DocumentReference type) wins."""
    for source in [note_kind or "", *_title_lines(text)]:
        for code, pattern in _TITLE_CUES:
            if source and pattern.search(source):
                return code
    votes = {code: len(pattern.findall(text)) for code, pattern in _BODY_CUES}
    best = max(votes, key=votes.get)
    return best if votes[best] else AMB


def _date_after(label: re.Pattern[str], text: str, temporal: list[TemporalExpression]) -> str | None:
    for match in label.finditer(text):
        for expr in temporal:
            if expr.type is TemporalType.DATE and 0 <= expr.start - match.end() <= 40:
                return expr.value
    return None


def disposition_code(phrase: str) -> str | None:
    """The discharge-disposition code a disposition phrase states, if it states one."""
    words = phrase.lower()
    return next((code for key, code in _DISPOSITION_WORDS if re.search(rf"\b{key}\b", words)), None)


def _disposition(text: str) -> Disposition | None:
    match = _DISPOSITION.search(text)
    if not match:
        return None
    code = disposition_code(match.group(1))
    return Disposition(match.group(1), code, DISPOSITIONS[code] if code else None)


def _reason(text: str, sections: list[Section]) -> str | None:
    for section in sections:
        if section.title == "chief complaint":
            body = text[section.body_start : section.end].strip()
            return body.splitlines()[0].strip() if body else None
    return None


def infer_encounter(
    text: str,
    document_date: date,
    sections: list[Section],
    temporal: list[TemporalExpression],
    *,
    note_kind: str | None = None,
) -> EncounterInfo:
    klass = encounter_class(text, note_kind)
    start = document_date.isoformat()
    end = None
    disposition = None
    if klass == IMP:
        anchors = find_anchor_dates(text, document_date)
        stated = _date_after(_ADMISSION, text, temporal)
        # A neonate's stay starts at birth; a surgical inpatient is in by the day of surgery.
        known = anchors.admission or anchors.birth or anchors.operation
        start = stated or (known.isoformat() if known else start)
        end = _date_after(_DISCHARGE, text, temporal) or (anchors.discharge.isoformat() if anchors.discharge else None)
        disposition = _disposition(text) if end or re.search(r"discharge", text, re.I) else None
    elif klass == EMER:
        disposition = _disposition(text)
    return EncounterInfo(
        kind=note_kind or next(iter(_title_lines(text)), "")[:80] or "clinical note",
        class_code=klass,
        class_display=CLASS_DISPLAY[klass],
        start=start,
        end=end,
        reason=_reason(text, sections),
        disposition=disposition,
    )
