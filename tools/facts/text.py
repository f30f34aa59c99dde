"""Tokens, sentences, clauses and dictionary matching over one note.

Every extractor needs the same three views of the note: its words (to match lexicon
synonyms on word boundaries), its sentences and list items (the scope of a date or a
dosage), and its clauses (the scope of a negation or a family-history cue). ``NoteText``
computes them once per note so that the extractors stay cheap, and ``LexiconMatcher``
turns a terminology lexicon into a token trie once per process.

Tokenisation is deliberately forgiving, and the same for the note and the synonyms, so that
surface variants meet: letters and digits are separate tokens ("CKD3a" = "CKD 3a",
"T2DM" = "T 2 DM"), hyphens are dropped ("community-acquired" = "community acquired"), a
possessive "'s" is dropped ("Crohn's" = "Crohn"), a slash is a separator like a hyphen
("budesonide/formoterol" = "budesonide-formoterol"), and a plural "s" falls back to the
singular when the plural itself is not a synonym ("ACE inhibitors" finds "ace inhibitor").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from tools.annotations import Section

T = TypeVar("T")

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019]s\b)?|\d+(?:\.\d+)?|&")
_POSSESSIVE = re.compile(r"['\u2019]s$")

#: A newline ends a sentence unless the line is visibly wrapped prose: the next line starts
#: in lower case and the current one does not end in punctuation.
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])[ \t]+(?=\S)"  # punctuation then space (abbreviations filtered below)
    r"|\n"
)
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*\u2022#>]|\d{1,2}[.)]|[a-z][.)])\s")
#: Words whose trailing period is not the end of a sentence.
_NO_BREAK_BEFORE = frozenset(
    "dr mr mrs ms vs st no approx e.g i.e p.o q.d b.i.d t.i.d q.i.d p.r.n q.h.s h.s a.m p.m "
    "fig pt pts yo y.o hx dx tx sx rx inc wk wks hr hrs min mins mo mos yr yrs sr jr".split()
)

#: Marks that end the scope of an assertion cue inside a sentence (the next clause starts
#: after them) and words that do so (the next clause starts at the word, so that
#: "denies CP but reports SOB" keeps "reports" with SOB).
_CLAUSE_BREAK = re.compile(
    r"(?P<mark>\s*;\s*|\s+-+>\s*|\s*\u2192\s*|\s+[-\u2013]\s+)"
    r"|,?\s+(?P<word>(?:but|however|although|though|yet|except|apart from|aside from|otherwise|"
    r"which|who|whose|presents?|presented|presenting|p/w|reports?|reported|reporting|"
    r"endorses|endorsed|complains|complained|c/o|admits|admitted|states|now|currently|"
    r"then|found to have|here for|referred|c/b|complicated by|course c/b)\b)",
    re.IGNORECASE,
)


#: Labels the section detector does not know as headers but that open a list inside a
#: section ("Other meds: ..." under Allergies). Only the titles the fact extractors act on.
_INLINE_LABEL = re.compile(
    r"^[ \t]*(?:(?:other|additional|current|home|outpatient|otc|active|new|inpatient|prn)\s+)?"
    r"(?P<label>meds|medications?|med\s+list|rx|allerg(?:y|ies)|pmh|medical\s+history|psh|surgical\s+history|"
    r"fhx|family\s+history|shx|social\s+history|labs?|vitals?)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
#: any "Label:" line; inside a family or social history it starts something else ("Sedation:
#: fentanyl ..." after "FHx: ..."), which the extractors then read as unknown, not as a relative's
_ANY_LABEL = re.compile(r"^[ \t]*[A-Z][A-Za-z /&-]{1,30}:", re.MULTILINE)
_ONE_LINE_SECTIONS = frozenset({"family history", "social history"})
_RELATIVE_LABEL = re.compile(
    r"(?:maternal\s+|paternal\s+)?(?:mother|father|mom|dad|brother|sister|sibling|son|daughter|parent|grand\w*|"
    r"aunt|uncle|cousin|niece|nephew|twin|children|family|tobacco|alcohol|etoh|drugs?|occupation|lives|diet|"
    r"exercise|smoking|sexual)s?\b",
    re.IGNORECASE,
)
_LABEL_TITLES = {
    "meds": "medications", "medication": "medications", "medications": "medications", "med list": "medications",
    "rx": "medications", "allergy": "allergies", "allergies": "allergies", "pmh": "past medical history",
    "medical history": "past medical history", "psh": "past surgical history",
    "surgical history": "past surgical history", "fhx": "family history", "family history": "family history",
    "shx": "social history", "social history": "social history", "lab": "results", "labs": "results",
    "vital": "vital signs", "vitals": "vital signs",
}


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class Match(Generic[T]):
    """A lexicon hit: the span in the note, the synonym it matched and the entry."""

    start: int
    end: int
    synonym: str
    entry: T


def tokenize(text: str) -> list[Token]:
    """Lower-case word and number tokens with their offsets."""
    tokens = []
    for m in _TOKEN.finditer(text):
        norm = m.group().lower()
        if norm[-1] == "s" and len(norm) > 2 and norm[-2] in "'\u2019":
            norm = norm[:-2]
        tokens.append(Token(norm, m.start(), m.end()))
    return tokens


@lru_cache(maxsize=4096)
def normalise(phrase: str) -> str:
    """The token form of a phrase, for comparing names ("Community-acquired PNA" ->
    "community acquired pna")."""
    return " ".join(t.norm for t in tokenize(phrase))


def _singular(token: str) -> str | None:
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return None


def _abbreviation_plural(surface: str) -> str | None:
    """"AKs", "MIs": the plural of a short capitalised abbreviation."""
    if len(surface) >= 3 and surface.endswith("s") and surface[:-1].isupper():
        return surface[:-1].lower()
    return None


class LexiconMatcher(Generic[T]):
    """Leftmost-longest dictionary matching over tokens.

    Built once per lexicon (callers cache it); matching a 2 KB note is one pass over a few
    hundred tokens with dictionary look-ups, which keeps the whole extractor well inside
    its time budget.
    """

    _END = ""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._root: dict = {}
        for synonym, entry in entries:
            toks = [t.norm for t in tokenize(synonym)]
            if not toks:
                continue
            node = self._root
            for tok in toks:
                node = node.setdefault(tok, {})
            node.setdefault(self._END, (synonym, entry))

    def __bool__(self) -> bool:
        return bool(self._root)

    def match_tokens(self, tokens: list[Token], text: str) -> list[Match[T]]:
        out: list[Match[T]] = []
        i, n = 0, len(tokens)
        root = self._root
        norms = [t.norm for t in tokens]
        singles = [_singular(t.norm) or _abbreviation_plural(text[t.start:t.end]) for t in tokens]
        while i < n:
            if norms[i] not in root and singles[i] not in root:
                i += 1
                continue
            node = root
            j = i
            best: tuple[int, tuple[str, T]] | None = None
            while j < n:
                nxt = node.get(norms[j])
                if nxt is None:
                    single = singles[j]
                    nxt = node.get(single) if single else None
                    if nxt is None:
                        break
                node = nxt
                j += 1
                hit = node.get(self._END)
                if hit is not None:
                    best = (j, hit)
            if best is None:
                i += 1
                continue
            j, (synonym, entry) = best
            out.append(Match(tokens[i].start, tokens[j - 1].end, synonym, entry))
            i = j
        return out

    def find(self, text: str) -> list[Match[T]]:
        return self.match_tokens(tokenize(text), text)


class NoteText:
    """One note with its tokens, sentence and clause boundaries, and sections."""

    def __init__(self, text: str, sections: list[Section]) -> None:
        self.text = text
        self.lower = text.lower()
        self.tokens = tokenize(text)
        self.sections = sorted(sections, key=lambda s: s.start)
        self._section_starts = [s.start for s in self.sections]
        self._sentences = self._sentence_spans()
        self._sentence_starts = [s for s, _ in self._sentences]
        self._clauses = self._clause_spans()
        self._clause_starts = [s for s, _ in self._clauses]
        self._labels = self._inline_labels()
        self._label_starts = [a for a, _, _, _ in self._labels]

    # -- sentences and clauses -------------------------------------------------------
    def _sentence_spans(self) -> list[tuple[int, int]]:
        text = self.text
        cuts = [0]
        for m in _SENTENCE_END.finditer(text):
            if m.group() == "\n":
                if not self._wrapped_line(m.start()):
                    cuts.append(m.end())
                continue
            word = text[max(0, m.start() - 6):m.start()].rsplit(None, 1)[-1] if m.start() else ""
            if text[m.start() - 1] == "." and word[:-1].lower().lstrip("(") in _NO_BREAK_BEFORE:
                continue
            cuts.append(m.end())
        for header_start in (s.start for s in self.sections):
            cuts.append(header_start)
        for section in self.sections:
            cuts.append(section.body_start)
        cuts = sorted(set(c for c in cuts if 0 <= c <= len(text)))
        spans = []
        for a, b in zip(cuts, cuts[1:] + [len(text)]):
            if b > a:
                spans.append((a, b))
        return spans

    def _wrapped_line(self, newline_at: int) -> bool:
        text = self.text
        before = text[:newline_at].rstrip(" \t")
        if not before or before[-1] in ".:;!?,":
            return False
        line_start = text.rfind("\n", 0, newline_at) + 1
        nxt = newline_at + 1
        if nxt >= len(text) or not text[nxt].islower():
            return False
        if _LIST_MARKER.match(text, line_start) or _LIST_MARKER.match(text, nxt):
            return False
        return newline_at - line_start > 40

    def _clause_spans(self) -> list[tuple[int, int]]:
        breaks = list(_CLAUSE_BREAK.finditer(self.text))
        starts = [m.start() for m in breaks]
        spans = []
        for a, b in self._sentences:
            pos = a
            for m in breaks[bisect_right(starts, a - 1):bisect_right(starts, b - 1)]:
                if m.end() > b:
                    break
                cut, resume = (m.start(), m.end()) if m.group("mark") else (m.start(), m.start("word"))
                if cut > pos:
                    spans.append((pos, cut))
                pos = max(pos, resume)
            if b > pos:
                spans.append((pos, b))
        return spans

    @staticmethod
    def _span_at(starts: list[int], spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return (0, spans[0][1] if spans else 0)
        return spans[i]

    def sentence(self, offset: int) -> tuple[int, int]:
        """The sentence or list item containing ``offset``."""
        return self._span_at(self._sentence_starts, self._sentences, offset)

    def clause(self, offset: int) -> tuple[int, int]:
        """The clause containing ``offset``: the scope of an assertion cue."""
        return self._span_at(self._clause_starts, self._clauses, offset)

    def line(self, offset: int) -> tuple[int, int]:
        """The physical line containing ``offset`` (without its newline)."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return (start, len(self.text) if end < 0 else end)

    def sentences(self, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        stop = len(self.text) if end is None else end
        for a, b in self._sentences:
            if b > start and a < stop:
                yield (max(a, start), min(b, stop))

    # -- sections --------------------------------------------------------------------
    def section(self, offset: int) -> Section | None:
        """The innermost section whose span holds ``offset``."""
        i = bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            s = self.sections[i]
            if s.start <= offset < max(s.end, s.body_start + 1):
                return s
            i -= 1
        return None

    def section_title(self, offset: int) -> str | None:
        """The canonical title that governs ``offset``: an inline label line ("Other meds:")
        inside a section overrides the section for that line and the list under it."""
        i = bisect_right(self._label_starts, offset) - 1
        if i >= 0:
            a, b, title, _ = self._labels[i]
            if a <= offset < b:
                return title
        s = self.section(offset)
        return s.title if s else None

    def regions(self, titles: frozenset[str]) -> list[tuple[int, int]]:
        """Body spans governed by one of ``titles``: detected sections (cut where an inline
        label takes over) and inline label lists."""
        out = []
        for s in self.sections:
            if s.title in titles:
                pos = s.body_start
                for a, b, _, _ in self._labels:
                    if s.body_start <= a < s.end:
                        if a > pos:
                            out.append((pos, a))
                        pos = max(pos, b)
                if s.end > pos:
                    out.append((pos, s.end))
        out += [(body, b) for _, b, title, body in self._labels if title in titles]
        return sorted(out)

    def _inline_labels(self) -> list[tuple[int, int, str | None, int]]:
        """Label lines that are not section headers, with the extent of their list: the line
        itself and the indented or bulleted lines under it."""
        text = self.text
        header_starts = {s.start for s in self.sections}
        section_starts = sorted(header_starts)
        out = []
        for m in _INLINE_LABEL.finditer(text):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            if start in header_starts:
                continue
            title = _LABEL_TITLES.get(" ".join(m.group("label").lower().split()))
            if title is None:
                continue
            current = self.section(start)
            if current is not None and current.title == title:
                continue
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            while end < len(text):
                nxt = text.find("\n", end + 1)
                nxt = len(text) if nxt < 0 else nxt
                line = text[end + 1:nxt]
                if not line.strip() or not (line[:1] in " \t" or _LIST_MARKER.match(line)):
                    break
                end = nxt
            i = bisect_right(section_starts, start)
            if i < len(section_starts):
                end = min(end, section_starts[i])
            out.append((start, end, title, m.end()))
        taken = {a for a, _, _, _ in out}
        for m in _ANY_LABEL.finditer(text):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            current = self.section(start)
            if start in header_starts or start in taken or current is None or current.title not in _ONE_LINE_SECTIONS:
                continue
            if _RELATIVE_LABEL.match(text, start):
                continue  # "Mother: breast cancer" is still the family history
            end = text.find("\n", m.end())
            out.append((start, len(text) if end < 0 else end, None, m.end()))
        out.sort()
        return out

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo = bisect_right([t.start for t in self.tokens], start - 1)
        out = []
        for tok in self.tokens[lo:]:
            if tok.start >= end:
                break
            out.append(tok)
        return out
