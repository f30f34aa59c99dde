"""What surrounds a token: the words near it, its section, the note kind.

A number counts as "just before" or "just after" only when it is the very next word
("5 min", "PT 14.9", not "PT. Reassessed at 1030"): a number a few words away is
usually a different quantity.

These are the only features the sense choice uses, so that it carries over to notes we
have never seen: no rule names a note, only words clinicians use around a sense.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from tools.abbreviations._inventory import CUE_WEIGHTS, Sense
from tools.annotations import Section

WINDOW = 8
NEAR = 3
_WORD = re.compile(r"[a-z0-9]+(?:[/&.'-][a-z0-9]+)*%?")
_PART = re.compile(r"[a-z0-9]+(?:[.&'][a-z0-9]+)*")
#: A number with its unit glued on ("5mg", "2L", "2-hr").
_GLUED_UNIT = re.compile(r"\d+(?:\.\d+)?-?([a-z]+)")


def _word_key(word: str) -> str:
    return "#" if word[0].isdigit() else word


@dataclass
class NoteContext:
    """Per-note state shared by every token: sections, kind words, and (lazily) all words."""

    text: str
    sections: list[Section]
    kind_words: frozenset[str]
    _starts: list[int] = field(default_factory=list)
    _document_words: frozenset[str] | None = None

    def __post_init__(self) -> None:
        self.sections = sorted(self.sections, key=lambda s: s.start)
        self._starts = [s.start for s in self.sections]

    def section(self, offset: int) -> Section | None:
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        section = self.sections[index]
        return section if offset < max(section.end, section.body_start) else None

    @property
    def document_words(self) -> frozenset[str]:
        if self._document_words is None:
            self._document_words = frozenset(_WORD.findall(self.text.lower()))
        return self._document_words


@dataclass(frozen=True)
class TokenContext:
    previous: str | None
    following: str | None
    before: frozenset[str]
    after: frozenset[str]
    window: frozenset[str]
    section: str | None
    in_header: bool
    is_label: bool = False


def line_words(line: str) -> list[tuple[int, int, str]]:
    """Lower-cased words of a line with offsets; numbers become "#" so cues can ask for one.

    A compound ("pt/inr", "non-st-elevation") also yields its parts at their own offsets,
    so that "PT" in "PT/INR" sees "inr" right after it; a number with a glued unit ("5mg")
    also yields the unit.
    """
    words = []
    lowered = line.lower()
    indent = len(lowered) - len(lowered.lstrip())
    for match in _WORD.finditer(lowered):
        word = match.group()
        if match.start() == indent and word.isdigit() and lowered[match.end():match.end() + 1] in ".)":
            continue  # "1. RA: ..." is a list marker, not a quantity
        words.append((match.start(), match.end(), _word_key(word)))
        glued = _GLUED_UNIT.fullmatch(word)
        if glued:
            # "5mg OD" is a dose like "5 mg OD": the unit counts as a near word, while the
            # number stays the word right before the token (so "b:#" still holds for "2L NC").
            words.append((match.start(), match.start(), glued.group(1)))
        if not word[0].isdigit() and ("/" in word or "-" in word):
            for part in _PART.finditer(word):
                start = match.start() + part.start()
                words.append((start, start + len(part.group()), _word_key(part.group())))
    words.sort()
    return words


def token_context(
    words: list[tuple[int, int, str]], start: int, end: int, line_start: int, section: Section | None,
    line: str = "",
) -> TokenContext:
    """Context of the token at ``start:end`` (note offsets) from the words of its line.

    A token that opens its line and is followed by a colon labels the line ("PC: cough",
    "DH: ramipril"), as a section header would, even where the section detector does not
    know the label.
    """
    local_start, local_end = start - line_start, end - line_start
    is_label = not line[:local_start].strip() and line[local_end:].lstrip().startswith(":")
    before = [w for s, e, w in words if e <= local_start]
    after = [w for s, e, w in words if s >= local_end]
    return TokenContext(
        previous=before[-1] if before else None,
        following=after[0] if after else None,
        before=frozenset(before[-NEAR:]),
        after=frozenset(after[:NEAR]),
        window=frozenset(before[-WINDOW:] + after[:WINDOW]),
        section=section.title if section else None,
        in_header=section is not None and section.start <= start < section.body_start,
        is_label=is_label,
    )


def choose(senses: tuple[Sense, ...], token: TokenContext, note: NoteContext) -> Sense:
    """The sense with the best prior plus matched cues; ties keep the inventory's order."""
    if len(senses) == 1:
        return senses[0]

    def score(sense: Sense) -> float:
        total = sense.log_prior
        for cue in sense.cues:
            if _matches(cue.kind, cue.value, token, note):
                total += CUE_WEIGHTS[cue.kind]
        return total

    return max(senses, key=score)


def _matches(kind: str, value: str, token: TokenContext, note: NoteContext) -> bool:
    if kind == "w":
        return value in token.window
    if kind == "b":
        return token.previous == value if value == "#" else value in token.before
    if kind == "a":
        return token.following == value if value == "#" else value in token.after
    if kind == "s":
        return token.section == value
    if kind == "k":
        return value in note.kind_words
    if kind == "d":
        return value in note.document_words
    if kind == "l":
        return token.is_label
    return token.in_header
