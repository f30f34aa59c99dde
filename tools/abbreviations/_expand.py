"""One pass over the note: find abbreviation-shaped tokens, decide which are abbreviations,
and pick each one's sense from its context.
"""
from __future__ import annotations

import re

from tools.abbreviations._context import NoteContext, choose, line_words, token_context
from tools.abbreviations._inventory import Inventory, Sense, inventory, public_sense
from tools.abbreviations._patterns import expand_pattern
from tools.annotations import Abbreviation, Section

_LINE = re.compile(r"[^\n]+")
#: Letters and digits joined by "/", "&", ".", "'" or "-" ("s/p", "H&P", "y.o", "tx'd",
#: "NT-proBNP"), a trailing "/" for "w/", and "%ile".
_TOKEN = re.compile(r"%ile|[A-Za-z0-9](?:[A-Za-z0-9]|[/&.'-](?=[A-Za-z0-9]))*/?")
_PART = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")
_KIND_WORD = re.compile(r"[a-z]+")
_CAPS_LINE_SHARE = 0.8

Span = tuple[int, int, str]
Found = tuple[Sense, ...] | str | None


def _is_caps_line(line: str) -> bool:
    """A line written in capitals (a title, a header, a shouting EHR template)."""
    letters = [c for c in line if c.isalpha()]
    words = line.split()
    return len(words) >= 2 and len(letters) >= 6 and sum(c.isupper() for c in letters) >= _CAPS_LINE_SHARE * len(letters)


def _pluralise(expansion: str) -> str:
    if expansion.endswith("sis"):
        return expansion[:-3] + "ses"
    if expansion.endswith("s"):
        return expansion
    if expansion.endswith("y") and expansion[-2:-1] not in "aeiou":
        return expansion[:-1] + "ies"
    return expansion + "s"


class _Line:
    """A line and the context it lends its tokens, computed only if a token needs it."""

    def __init__(self, text: str, start: int, note: NoteContext, inv: Inventory) -> None:
        self.text, self.start, self.note, self.inv = text, start, note, inv
        self.caps = _is_caps_line(text)
        self._words: list[tuple[int, int, str]] | None = None

    def pick(self, senses: tuple[Sense, ...], start: int, end: int) -> str:
        if len(senses) == 1:
            return senses[0].expansion
        if self._words is None:
            self._words = line_words(self.text)
        context = token_context(self._words, start, end, self.start, self.note.section(start))
        return choose(senses, context, self.note).expansion

    def senses(self, token: str, *, public: bool = True) -> Found:
        """Curated senses, a fixed expansion (pattern or public inventory), or None."""
        inv = self.inv
        variants = dict.fromkeys((token, token.replace(".", "")))
        for variant in variants:
            if variant in inv.exact:
                return inv.exact[variant]
        pattern = expand_pattern(token)
        if pattern:
            return pattern
        for variant in variants:
            folded = variant.lower()
            if folded in inv.english:
                is_shouted = variant.isupper() and not self.caps
                return inv.folded.get(folded) if is_shouted else None
            if folded in inv.folded:
                return inv.folded[folded]
            entry = inv.public.get(folded) if public else None
            letters = sum(c.isalpha() for c in folded)
            if entry and letters >= 2 and (variant.isupper() or entry.lowercase_seen):
                return public_sense(entry, self.note.kind_words) or None
        return None

    def resolve(self, token: str, start: int) -> list[Span]:
        """Spans for one token: the whole token if known, else its plural or its parts."""
        if token[0].isdigit() or token.startswith("%"):
            known = self.inv.exact.get(token) or self.inv.folded.get(token.lower())
            return self._spans(known, token, start) if known else self._parts(token, start, public=False)
        stem = token[:-1]
        listed = token in self.inv.exact or token.lower() in self.inv.folded
        if token.endswith("s") and len(stem) >= 2 and stem.isupper() and not listed:
            singular = self.resolve(stem, start)
            if len(singular) == 1 and singular[0][1] == start + len(stem):
                return [(start, start + len(token), _pluralise(singular[0][2]))]
        found = self.senses(token)
        if found is not None:
            return self._spans(found, token, start)
        if token.endswith("'s"):
            return self.resolve(token[:-2], start)
        if "'" not in token and any(sep in token for sep in "/-&"):
            return self._parts(token, start, public="-" not in token)
        return []

    def _spans(self, found: Found, token: str, start: int) -> list[Span]:
        end = start + len(token)
        if isinstance(found, str):
            return [(start, end, found)]
        if not found:
            return []
        expansion = self.pick(found, start, end)
        return [(start, end, expansion)] if expansion else []

    def phrases(self) -> list[Span]:
        """Curated abbreviations written with a space ("E. coli", "art line")."""
        spans = []
        for match in self.inv.multiword.finditer(self.text):
            found = self.inv.folded.get(match.group().lower())
            spans.extend(self._spans(found, match.group(), self.start + match.start()))
        return spans

    def _parts(self, token: str, start: int, *, public: bool) -> list[Span]:
        """A compound the inventory does not know ("PT/OT", "w/PMH", "1-hr"): expand its parts.

        Everything from the first unit on ("mL/min", "CFU/mL", "mcg/kg/min") is a unit, not
        a list of abbreviations.  Parts of hyphenated names ("CHA2DS2-VASc", "CURB-65") are mostly
        pieces of a score or a drug combination, so there only our curated list is trusted.
        """
        parts = []
        for match in _PART.finditer(token):
            part = match.group()
            if token[match.end():match.end() + 1] == "/" and (part + "/").lower() in self.inv.folded:
                part += "/"
            if part[0].isdigit():
                continue
            found = self.senses(part, public=public)
            if isinstance(found, tuple) and all(not sense.expansion for sense in found):
                break
            parts.append((part, start + match.start(), found))
        return [span for part, at, found in parts for span in self._spans(found, part, at)]


def expand_abbreviations(
    text: str, sections: list[Section], *, note_kind: str | None = None
) -> list[Abbreviation]:
    """Expand every clinical abbreviation in ``text``, choosing senses from context.

    ``sections`` (from ``tools.sections.detect_sections``) and ``note_kind`` ("paediatric
    neurology clinic note") are context: the same letters mean different things in an exam
    and in an assessment, or in a cardiology and a neurology note.  Spans are sorted and
    never overlap.
    """
    inv = inventory()
    kind_words = frozenset(_KIND_WORD.findall((note_kind or "").lower()))
    note = NoteContext(text, sections, kind_words)
    spans: list[Span] = []
    for line_match in _LINE.finditer(text):
        line = _Line(line_match.group(), line_match.start(), note, inv)
        taken = line.phrases()
        spans.extend(taken)
        for match in _TOKEN.finditer(line.text):
            token, end = match.group(), match.end()
            start = line.start + match.start()
            if any(s < start + len(token) and start < e for s, e, _ in taken):
                continue
            following = line.text[end:end + 1]
            if following == "." and "." in token:
                token += "."
            elif following == "+" and (token + "+").lower() in inv.folded:
                token += "+"
            spans.extend(line.resolve(token, start))
    spans.sort()
    return [Abbreviation(text[s:e], expansion, s, e) for s, e, expansion in spans]
