"""Find section headers line by line and cut the note into sections.

Notes mix three header styles: a header alone on its line ("HISTORY OF PRESENT ILLNESS:",
"Assessment and Plan"), a header followed by its text ("HPI: 58 yo F ..."), and SOAP
letters ("S:", "A/P:").  Only spellings in the synonym table count, because a colon
alone ("DVT ppx: enoxaparin", "Echo 05/01: LVEF 55%") is far more often a label inside a
section than a new section.  The one exception is an ALL-CAPS line ending in a colon,
which is a header in every note style we have seen, known or not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tools.annotations import Section
from tools.sections._table import CANONICAL, HEADER_CODES, LOOKUP, normalise_header

_LINE = re.compile(r"^.*$", re.MULTILINE)
_COLON_HEADER = re.compile(r"(?P<head>[A-Za-z][^:\n]{0,59}?)\s*:(?=\s|$)")
_QUALIFIERS = frozenset(
    "on at upon prior from in for by during today reviewed this current last since as of per pta trend trends "
    "pending drawn".split()
)
#: Words in front of a header that do not change the section ("Other meds", "Recent labs").
_LEADING = frozenset(
    "other current recent prenatal pertinent relevant home outpatient active brief additional selected initial "
    "new updated".split()
)
_PARTS = re.compile(r"\s*(?:/|&|\band\b)\s*", re.IGNORECASE)
_MAX_HEADER_WORDS = 7

#: Sections whose body is a problem-by-problem list: labels like "Labs: repeat BMP" or
#: "Follow-up: 2 weeks" inside them are items of the plan, not new sections.
_LIST_SECTIONS = frozenset({"assessment and plan", "plan", "assessment", "hospital course", "problem list"})
_PLAN_ITEMS = frozenset(
    {"results", "imaging", "medications", "diagnoses", "consults",
     "procedures", "vital signs", "physical exam", "social history", "family history", "history of present illness"}
)


@dataclass(frozen=True)
class _Header:
    title: str
    start: int
    header: str
    header_end: int
    own_line: bool


def _canonical(head: str, *, allow_qualifier: bool) -> str | None:
    """Look a header up; "Labs on admission", "Other meds", "Plan/Handoff" still name their section."""
    key = normalise_header(head)
    if not key or len(key.split()) > _MAX_HEADER_WORDS:
        return None
    if key in LOOKUP:
        return LOOKUP[key]
    if not allow_qualifier:
        return None
    words = key.split()
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
        if " ".join(words) in LOOKUP:
            return LOOKUP[" ".join(words)]
    for cut in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:cut])
        rest = words[cut]
        if prefix in LOOKUP and len(prefix) > 1 and (rest in _QUALIFIERS or rest[0].isdigit()):
            return LOOKUP[prefix]
    first = _PARTS.split(head.strip(), maxsplit=1)[0]
    title = _canonical(first, allow_qualifier=True) if first != head.strip() else None
    if title is None and words[-1] in ("exam", "examination") and len(words) <= 3:
        return "physical exam"
    return title


def _is_caps(head: str) -> bool:
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _headers_in_line(line: str, offset: int) -> list[_Header]:
    """Headers that start a line; a header right after another ("O: VS: T 37") counts too."""
    stripped = line.strip()
    if not stripped or not stripped[0].isalpha():
        return []
    start = offset + len(line) - len(line.lstrip())
    match = _COLON_HEADER.match(stripped)
    if match:
        head = match.group("head")
        rest = stripped[match.end():].strip()
        title = _canonical(head, allow_qualifier=True)
        if title is None and not rest and _is_caps(head) and len(head.split()) <= _MAX_HEADER_WORDS:
            title = normalise_header(head)
        if title is None or (normalise_header(head) == "p" and rest[:1].isdigit()):
            return []  # "P: 72" is a pulse, not the plan
        header = _Header(title, start, head, start + match.end(), own_line=not rest)
        rest_offset = offset + line.index(rest, match.end()) if rest else 0
        return [header, *(_headers_in_line(rest, rest_offset) if rest else [])]
    head = stripped.rstrip(":").rstrip()
    if len(normalise_header(head)) < 2:
        return []
    if _is_caps(head) or head == stripped:
        title = _canonical(head, allow_qualifier=_is_caps(head))
        if title is not None:
            return [_Header(title, start, head, start + len(stripped), own_line=True)]
    return []


def _splits_list(current: str, header: _Header) -> bool:
    """Whether a header inside a problem-by-problem section starts a new section."""
    if header.own_line:
        return header.title in CANONICAL
    if header.title == "plan":
        return current == "assessment"
    return header.title in CANONICAL and header.title not in _PLAN_ITEMS


def _headers(text: str) -> list[_Header]:
    found: list[_Header] = []
    for match in _LINE.finditer(text):
        for header in _headers_in_line(match.group(), match.start()):
            if found and found[-1].title in _LIST_SECTIONS and not _splits_list(found[-1].title, header):
                continue
            found.append(header)
    return found


def _skip_space(text: str, index: int, limit: int) -> int:
    while index < limit and text[index].isspace():
        index += 1
    return index


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def detect_sections(text: str) -> list[Section]:
    """Cut a note into sections: each header's body runs to the next header.

    Text before the first header (a document title such as "ADMISSION H&P") belongs to
    no section.  Spans exclude trailing blank lines so that highlighting a section in the
    dashboard does not swallow the gap before the next one.
    """
    headers = _headers(text)
    sections: list[Section] = []
    for index, header in enumerate(headers):
        limit = headers[index + 1].start if index + 1 < len(headers) else len(text)
        end = _trim_end(text, header.start, limit)
        body_start = min(_skip_space(text, header.header_end, limit), end)
        end = max(end, header.header_end)
        sections.append(
            Section(
                title=header.title,
                code=HEADER_CODES.get(normalise_header(header.header), CANONICAL.get(header.title)),
                start=header.start,
                end=end,
                header=header.header,
                body_start=body_start,
            )
        )
    return sections
