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
from tools.sections._table import CANONICAL, LOOKUP, normalise_header

_LINE = re.compile(r"^.*$", re.MULTILINE)
_COLON_HEADER = re.compile(r"(?P<head>[A-Za-z][^:\n]{0,59}?)\s*:(?=\s|$)")
_QUALIFIERS = frozenset(
    "on at upon prior from in for by during today reviewed this current last since as of per".split()
)
_MAX_HEADER_WORDS = 7

#: Sections whose body is a problem-by-problem list: labels like "Labs: repeat BMP" or
#: "Follow-up: 2 weeks" inside them are items of the plan, not new sections.
_LIST_SECTIONS = frozenset({"assessment and plan", "plan", "assessment", "hospital course", "problem list"})
_PLAN_ITEMS = frozenset(
    {"results", "imaging", "medications", "diagnoses", "follow-up", "disposition", "consults",
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
    """Look a header up; "Labs on admission" or "Exam (today)" still name their section."""
    key = normalise_header(head)
    if not key or len(key.split()) > _MAX_HEADER_WORDS:
        return None
    if key in LOOKUP:
        return LOOKUP[key]
    if not allow_qualifier:
        return None
    words = key.split()
    for cut in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:cut])
        rest = words[cut]
        if prefix in LOOKUP and len(prefix) > 1 and (rest in _QUALIFIERS or rest[0].isdigit()):
            return LOOKUP[prefix]
    return None


def _is_caps(head: str) -> bool:
    letters = [c for c in head if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _header_in_line(line: str, offset: int) -> _Header | None:
    stripped = line.strip()
    if not stripped or not stripped[0].isalpha():
        return None
    indent = len(line) - len(line.lstrip())
    start = offset + indent
    match = _COLON_HEADER.match(stripped)
    if match:
        head = match.group("head")
        rest = stripped[match.end():].strip()
        title = _canonical(head, allow_qualifier=True)
        if title is None and not rest and _is_caps(head) and len(head.split()) <= _MAX_HEADER_WORDS:
            title = normalise_header(head)
        if title is None:
            return None
        if len(normalise_header(head)) == 1 and rest[:1].isdigit():
            return None  # "P: 72" is a pulse, not the plan
        return _Header(title, start, head, start + match.end(), own_line=not rest)
    head = stripped.rstrip(":").rstrip()
    if len(normalise_header(head)) < 2:
        return None
    if _is_caps(head) or head == stripped:
        title = _canonical(head, allow_qualifier=_is_caps(head))
        if title is not None:
            return _Header(title, start, head, start + len(stripped), own_line=True)
    return None


def _headers(text: str) -> list[_Header]:
    found: list[_Header] = []
    for match in _LINE.finditer(text):
        header = _header_in_line(match.group(), match.start())
        if header is None:
            continue
        inside_list = found and found[-1].title in _LIST_SECTIONS
        if inside_list and not header.own_line and header.title in _PLAN_ITEMS:
            continue
        if inside_list and header.title not in CANONICAL:
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
                code=CANONICAL.get(header.title),
                start=header.start,
                end=end,
                header=header.header,
                body_start=body_start,
            )
        )
    return sections
