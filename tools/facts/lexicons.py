"""Dictionary matchers over the terminology tables, built once per process.

The terminology module owns the codes; this module only turns each domain's synonyms into a
``LexiconMatcher`` (a token trie) the first time an extractor asks for it, so matching a
note costs one pass per domain and no regular expression is compiled per call.

Ambiguous synonyms (``Concept.ambiguous``: "RA", "PE", "K", "CAP" ...) are matched too, and
each extractor applies its own context rule to them (``ambiguous``) before trusting one.
"""
from __future__ import annotations

from functools import cache

from tools.facts.text import LexiconMatcher, Match, NoteText
from tools.facts.types import Coding
from tools.terminology import Concept, Domain, lexicon, normalize


@cache
def matcher(domain: Domain) -> LexiconMatcher[Concept]:
    """The matcher for one terminology domain (cached for the life of the process)."""
    return LexiconMatcher(lexicon(domain, include_ambiguous=True))


@cache
def _ambiguous_keys(concept: Concept) -> frozenset[str]:
    return frozenset(normalize(a) for a in concept.ambiguous)


def ambiguous(hit: Match[Concept]) -> bool:
    """Whether a hit matched one of its concept's context-dependent synonyms."""
    return bool(hit.entry.ambiguous) and normalize(hit.synonym) in _ambiguous_keys(hit.entry)


class NoteMatches:
    """Lexicon hits of one note, per domain, computed on first use."""

    def __init__(self, note: NoteText) -> None:
        self.note = note
        self._hits: dict[Domain, list[Match[Concept]]] = {}

    def __call__(self, domain: Domain) -> list[Match[Concept]]:
        hits = self._hits.get(domain)
        if hits is None:
            hits = matcher(domain).match_tokens(self.note.tokens, self.note.text)
            self._hits[domain] = hits
        return hits

    def within(self, domain: Domain, start: int, end: int) -> list[Match[Concept]]:
        return [m for m in self(domain) if m.start >= start and m.end <= end]


def codings(concept: Concept | None) -> list[Coding]:
    return list(concept.codings) if concept else []
