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
_KIND_WORD = re.compile(r"[a-z]+(?:&[a-z]+)?")
#: A note's first line is its title when it is this short ("OPHTHALMOLOGY CLINIC NOTE").
_TITLE_CHARS = 100
#: Kind words that stand for others, so that one cue ("k:orthopedic") holds however a note's
#: kind is spelt: British spellings, ward shorthand and the usual synonyms.
_KIND_ALIASES = {
    "orthopaedic": ("orthopedic",), "orthopaedics": ("orthopedic",), "orthopedics": ("orthopedic",),
    "ortho": ("orthopedic",), "paediatric": ("pediatric",), "paediatrics": ("pediatric",),
    "pediatrics": ("pediatric",), "peds": ("pediatric",), "gynaecology": ("gynecology",),
    "gynaecological": ("gynecology",), "gynecologic": ("gynecology",), "obstetrics": ("obstetric",),
    "ob": ("obstetric",), "l&d": ("labor", "obstetric"), "antenatal": ("prenatal", "obstetric"),
    "anaesthesia": ("anesthesia",), "anaesthetic": ("anesthesia",), "anaesthetics": ("anesthesia",),
    "anesthesiology": ("anesthesia",),
    "haematology": ("hematology",), "heme": ("hematology",), "onc": ("oncology",),
    "gastroenterology": ("gi",), "hepatology": ("gi", "liver"), "gi": ("gastroenterology",),
    "renal": ("nephrology",), "psych": ("psychiatry",), "psychiatric": ("psychiatry",),
    "ed": ("emergency",), "er": ("emergency",), "a&e": ("emergency",), "casualty": ("emergency",),
    "ent": ("otolaryngology",), "otolaryngology": ("ent",), "otorhinolaryngology": ("ent", "otolaryngology"),
    "eye": ("ophthalmology",), "ophthalmic": ("ophthalmology",), "retina": ("ophthalmology",),
    "glaucoma": ("ophthalmology",), "optometry": ("ophthalmology",), "neonatology": ("neonatal",),
    "neurosurgical": ("neurosurgery",), "urological": ("urology",), "cardiac": ("cardiology",),
    "rheum": ("rheumatology",), "derm": ("dermatology",), "pulmonary": ("pulmonology",),
    "respiratory": ("pulmonology",), "endocrine": ("endocrinology",), "diabetes": ("endocrinology",),
    "oncologic": ("oncology",), "radiation": ("oncology",), "hospice": ("palliative",),
}
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
        context = token_context(self._words, start, end, self.start, self.note.section(start), self.text)
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

    def _is_prefix(self, part: str, following: str) -> bool:
        """A lower-case clipping before an ordinary lower-case word ("vaso" in "vaso-occlusive")."""
        if not (part.islower() and len(part) >= 4 and following.isalpha() and following.islower()):
            return False
        inv = self.inv
        return following not in inv.folded and following not in inv.exact

    def _parts(self, token: str, start: int, *, public: bool) -> list[Span]:
        """A compound the inventory does not know ("PT/OT", "w/PMH", "1-hr"): expand its parts.

        Everything from the first unit on ("mL/min", "CFU/mL", "mcg/kg/min") is a unit, not
        a list of abbreviations.  Parts of hyphenated names ("CHA2DS2-VASc", "CURB-65") are mostly
        pieces of a score or a drug combination, so there only our curated list is trusted.  A
        clipping hyphened onto an ordinary word is that word's prefix ("vaso-occlusive",
        "gastro-oesophageal", "hypo-dense"), not the clipping ("vaso", "gastro", "hypo").
        """
        parts = []
        matches = list(_PART.finditer(token))
        for index, match in enumerate(matches):
            part = match.group()
            if token[match.end():match.end() + 1] == "/" and (part + "/").lower() in self.inv.folded:
                part += "/"
            if part[0].isdigit():
                continue
            hyphened = token[match.end():match.end() + 1] == "-"
            if hyphened and self._is_prefix(part, matches[index + 1].group()):
                continue
            found = self.senses(part, public=public)
            if isinstance(found, tuple) and all(not sense.expansion for sense in found):
                break
            parts.append((part, start + match.start(), found))
        return [span for part, at, found in parts for span in self._spans(found, part, at)]


def _kind_words(text: str, note_kind: str | None) -> frozenset[str]:
    """Words of the note kind and of the note's title line, with their aliases."""
    first = text.lstrip().split("\n", 1)[0].strip()
    title = first if len(first) <= _TITLE_CHARS else ""
    words = set(_KIND_WORD.findall(f"{note_kind or ''} {title}".lower()))
    for word in list(words):
        words.update(_KIND_ALIASES.get(word, ()))
    return frozenset(words)


def expand_abbreviations(
    text: str, sections: list[Section], *, note_kind: str | None = None
) -> list[Abbreviation]:
    """Expand every clinical abbreviation in ``text``, choosing senses from context.

    ``sections`` (from ``tools.sections.detect_sections``) and ``note_kind`` ("paediatric
    neurology clinic note") are context: the same letters mean different things in an exam
    and in an assessment, or in a cardiology and a neurology note.  The note's title line
    ("OPHTHALMOLOGY CLINIC NOTE") counts as note kind too, so a note that arrives without
    one still gets its specialty's senses.  Spans are sorted and never overlap.
    """
    inv = inventory()
    kind_words = _kind_words(text, note_kind)
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
