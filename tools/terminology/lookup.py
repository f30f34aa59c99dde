"""Look-ups over the curated tables.

A ``Concept`` has one preferred display name, its synonyms (the surface forms a clinician
writes, lower case), and its codings. ``lexicon(domain)`` yields every synonym so the fact
extractors can find mentions with one dictionary pass; ``lookup(domain, name)`` maps a
mention back to its concept.

The tables live in ``data/*.tsv`` (see ``data/README.md``); each is read once, lazily.

Ambiguous synonyms
------------------
Some surface forms mean different things in different places: ``RA`` is rheumatoid
arthritis in a problem list but room air next to an SpO2, ``K`` is potassium only when a
number follows, ``mg`` is magnesium or milligrams. Those are listed in the table's
``ambiguous`` column. ``lookup`` resolves them (the caller has already decided the context),
but ``lexicon`` leaves them out unless asked with ``include_ambiguous=True``: an extractor
that opts in must apply its own context rule (see ``data/README.md``).
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from importlib import resources

from tools.facts.types import ICD10CM, LOINC, RXNORM, SNOMED, Coding


class Domain(str, Enum):
    CONDITION = "condition"  # SNOMED CT clinical finding + ICD-10-CM
    MEDICATION = "medication"  # RxNorm ingredient (IN/MIN) + SNOMED substance optional
    ALLERGEN = "allergen"  # non-drug substances and drug classes (SNOMED substance)
    REACTION = "reaction"  # SNOMED clinical finding for allergy manifestations
    PROCEDURE = "procedure"  # SNOMED procedure
    OBSERVATION = "observation"  # LOINC + UCUM unit


@dataclass(frozen=True)
class Concept:
    domain: Domain
    display: str
    synonyms: tuple[str, ...]
    codings: tuple[Coding, ...]
    unit: str | None = None  # UCUM unit for observations
    category: str | None = None  # e.g. vital-signs | laboratory; medication | food | environment
    ambiguous: tuple[str, ...] = ()  # synonyms that need context (also in ``synonyms``)
    kind: str | None = None  # RxNorm TTY (IN | MIN); allergen: substance | class | no-known
    alt_units: tuple[str, ...] = ()  # other UCUM units a result may be written in

    def coding(self, system: str) -> Coding | None:
        """The first coding in ``system`` (a URI or a short name such as ``"snomed"``)."""
        system = _SYSTEM_ALIASES.get(system.lower(), system)
        return next((c for c in self.codings if c.system == system), None)

    def code(self, system: str) -> str | None:
        coding = self.coding(system)
        return coding.code if coding else None


_TABLES: dict[Domain, str] = {
    Domain.CONDITION: "conditions.tsv",
    Domain.MEDICATION: "medications.tsv",
    Domain.ALLERGEN: "allergens.tsv",
    Domain.REACTION: "reactions.tsv",
    Domain.PROCEDURE: "procedures.tsv",
    Domain.OBSERVATION: "observations.tsv",
}

# (code column, display column, system), in the order codings are emitted
_CODE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("snomed", "snomed_display", SNOMED),
    ("icd10cm", "icd10cm_display", ICD10CM),
    ("rxnorm", "rxnorm_display", RXNORM),
    ("loinc", "loinc_display", LOINC),
)

_SYSTEM_ALIASES = {
    "snomed": SNOMED,
    "sct": SNOMED,
    "snomed-ct": SNOMED,
    "icd10cm": ICD10CM,
    "icd-10-cm": ICD10CM,
    "icd10": ICD10CM,
    "rxnorm": RXNORM,
    "loinc": LOINC,
}

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc`\u00b4"), "'")


_PERIOD = re.compile(r"(?<!\d)\.|\.(?!\d)")  # periods, but not decimal points
_SEPARATOR = re.compile(r"[-_,;:]")
_JOINER = re.compile(r"\s*([/&+])\s*")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The key synonyms are matched on: case-, whitespace-, hyphen- and apostrophe-blind.

    ``"Type-2  Diabetes"`` -> ``"type 2 diabetes"``, ``"Crohn's"`` -> ``"crohns"``,
    ``"budesonide / formoterol"`` -> ``"budesonide/formoterol"``, ``"H. pylori"`` ->
    ``"h pylori"``. Decimal points (``"0.9"``) are kept. Results are cached: the tables
    normalize every synonym when their index and lexicon are built.
    """
    t = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).lower()
    t = t.replace("'", "")
    t = _PERIOD.sub(" ", t)
    t = _SEPARATOR.sub(" ", t)
    t = _JOINER.sub(r"\1", t)
    t = _SPACES.sub(" ", t).strip()
    return t.strip("()[]{}\"' ")


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (cell or "").split("|") if s.strip())


def _rows(filename: str) -> Iterator[dict[str, str]]:
    text = resources.files("tools.terminology").joinpath("data", filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _concept(domain: Domain, row: dict[str, str]) -> Concept:
    display = row["display"].strip()
    plain, ambiguous = _split(row.get("synonyms")), _split(row.get("ambiguous"))
    synonyms: list[str] = []
    for s in (display, *plain, *ambiguous):
        if s.lower() not in synonyms:
            synonyms.append(s.lower())
    codings = tuple(
        Coding(system=system, code=row[col].strip(), display=(row.get(dcol) or "").strip())
        for col, dcol, system in _CODE_COLUMNS
        if (row.get(col) or "").strip()
    )
    return Concept(
        domain=domain,
        display=display,
        synonyms=tuple(synonyms),
        codings=codings,
        unit=(row.get("unit") or "").strip() or None,
        category=(row.get("category") or "").strip() or None,
        ambiguous=tuple(s.lower() for s in ambiguous),
        kind=((row.get("kind") or row.get("tty") or "").strip() or None),
        alt_units=_split(row.get("alt_units")),
    )


@dataclass(frozen=True)
class _Table:
    concepts: tuple[Concept, ...]
    index: dict[str, Concept]  # normalized synonym -> concept (first row wins)
    conflicts: tuple[tuple[str, str, str], ...]  # (key, kept display, dropped display)


@functools.cache
def _table(domain: Domain) -> _Table:
    concepts = tuple(_concept(domain, row) for row in _rows(_TABLES[domain]))
    index: dict[str, Concept] = {}
    conflicts: list[tuple[str, str, str]] = []
    for concept in concepts:
        for synonym in concept.synonyms:
            key = normalize(synonym)
            kept = index.setdefault(key, concept)
            if kept is not concept:
                conflicts.append((key, kept.display, concept.display))
    return _Table(concepts, index, tuple(conflicts))


def _domain(domain: Domain | str) -> Domain:
    return domain if isinstance(domain, Domain) else Domain(str(domain).lower())


def concepts(domain: Domain | str) -> tuple[Concept, ...]:
    """Every concept of a domain, in table order."""
    return _table(_domain(domain)).concepts


def lookup(domain: Domain | str, name: str) -> Concept | None:
    """The concept whose display or any synonym (ambiguous ones included) matches ``name``.

    Matching is on ``normalize``d text; a trailing plural ``s`` is tried off as a last resort
    (``"PCNs"`` -> ``"pcn"``). Returns ``None`` when nothing matches: never guess a code.
    """
    if not name:
        return None
    index = _table(_domain(domain)).index
    key = normalize(name)
    hit = index.get(key)
    if hit is None and len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        hit = index.get(key[:-1])
    return hit


def lexicon(
    domain: Domain | str, *, include_ambiguous: bool = False
) -> Iterable[tuple[str, Concept]]:
    """Every lower-case synonym of a domain with its concept, longest first.

    Each synonym is yielded as written and, when different, in its ``normalize``d form, so
    a dictionary pass works on raw lower-cased text or on normalized text. Ambiguous
    synonyms are left out unless ``include_ambiguous`` is set.
    """
    seen: dict[str, Concept] = {}
    for concept in _table(_domain(domain)).concepts:
        for synonym in concept.synonyms:
            if synonym in concept.ambiguous and not include_ambiguous:
                continue
            for form in (synonym, normalize(synonym)):
                seen.setdefault(form, concept)
    return sorted(seen.items(), key=lambda item: (-len(item[0]), item[0]))


def is_ambiguous(domain: Domain | str, term: str) -> bool:
    """Whether ``term`` is a synonym that needs context before it can be trusted."""
    concept = lookup(domain, term)
    key = normalize(term)
    return concept is not None and any(normalize(a) == key for a in concept.ambiguous)


@functools.cache
def _code_index() -> dict[tuple[str, str], Concept]:
    index: dict[tuple[str, str], Concept] = {}
    for domain in Domain:
        for concept in _table(domain).concepts:
            for coding in concept.codings:
                index.setdefault((coding.system, coding.code), concept)
    return index


def lookup_code(system: str, code: str) -> Concept | None:
    """The first concept (in domain, then table order) that carries ``system|code``."""
    system = _SYSTEM_ALIASES.get(system.lower(), system)
    return _code_index().get((system, code.strip()))


def no_known_allergy(category: str | None = None) -> Concept:
    """The "no known ... allergy" concept for an AllergyIntolerance that states absence.

    ``category`` None gives *No known allergy* (716186003); ``"medication"`` *No known drug
    allergy*; ``"food"`` and ``"environment"`` their own. Raises ``KeyError`` for others.
    """
    for concept in _table(Domain.ALLERGEN).concepts:
        if concept.kind == "no-known" and concept.category == category:
            return concept
    raise KeyError(category)


def conflicts(domain: Domain | str) -> tuple[tuple[str, str, str], ...]:
    """Synonyms that normalize to the same key in two concepts (the first row wins)."""
    return _table(_domain(domain)).conflicts
