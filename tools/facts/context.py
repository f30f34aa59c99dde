"""Assertion context of a mention: is it denied, a relative's, hypothetical, uncertain, past?

The idea is ConText/NegEx (Chapman et al.): cue phrases ("denies", "no evidence of",
"r/o", "mother with") open a scope that runs forwards (or, for trailing cues such as
"ruled out", backwards) to the end of the clause. Our own cue lists and scope rules:

* **scope** is the clause (``NoteText.clause``): a sentence or list item cut at ";", " - ",
  "->" and at words that start a new assertion ("but", "however", "presents", "reports"),
  so "denies CP, SOB" covers both symptoms while "denies CP but reports SOB" does not. A
  forward negation also stops at the next cue of another kind ("no fevers, h/o asthma").
  Family cues scope over the whole sentence ("Mother - breast cancer") and every mention in
  a family-history section is a relative's. A denied history ("denies any history of",
  "no prior history of") is one negation cue, not a negation ended by a history cue.
* **pseudo-cues** are matched first and neutralise look-alikes: "no change", "not only",
  "without difficulty", "gram negative", "no longer" (which is history, not denial).
* **certainty**: "likely", "probable", "presumed", "suspected" make a working diagnosis,
  verificationStatus ``provisional``; "possible", "?", "concern for", "cannot exclude",
  "vs", "differential", "consider", "was considered" make a ``differential`` one. "r/o", "rule out",
  "evaluate for", "risk of", "monitor for", "return if", "ppx", "precautions" are
  hypothetical: nothing is asserted about the patient at all; so is counselling ("reviewed
  signs of preterm labor", "warning signs of abruption", "precautions reviewed: headache, ...",
  "possibility of").
* **history**: "h/o", "history of", "s/p", "prior", "remote", "in the past" mark a past
  mention; "resolved", "treated" mark a finished one, "in (early/sustained) remission" a
  remitted one (FHIR clinical status ``remission``, not ``resolved``). History alone does
  not make a condition inactive ("h/o HTN" is still hypertension); the condition extractor
  decides (see ``conditions``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from tools.facts.text import NoteText

FAMILY_SECTIONS = frozenset({"family history"})

_RELATIVE = (
    r"(?:mother|father|mom|dad|brother|sister|sibling|son|daughter|parent|grandmother|"
    r"grandfather|grandparent|grandma|grandpa|aunt|uncle|cousin|niece|nephew|twin)s?"
    r"(?:['\u2019]s?)?"
)

#: (kind, direction, pattern[, "raw"]). Order matters: at one position the first alternative that
#: matches wins, so pseudo-cues and longer cues come before the short ones they contain.
_CUES: list[tuple[str, ...]] = [
    ("pseudo", "both", r"no\s+(?:change|changes|significant\s+change|interval\s+change|increase|"
                       r"decrease|further|new\s+changes|acute\s+distress)"),
    ("pseudo", "both", r"not\s+(?:only|necessarily|certain\s+if|sure\s+if|clear\s+if)"),
    ("pseudo", "both", r"without\s+(?:difficulty|complications?|incident|issues?|problems?)"),
    ("pseudo", "both", r"gram[- ]negative|negative\s+(?:pressure|inotrope)|no\s+known\s+(?:drug\s+)?allerg\w*|"
                       r"years?[- ]old|y/?o|prior\s+to|being\s+treated|if\s+(?:any|needed|possible|tolerated)"),
    ("possible", "both", r"not\s+(?:been\s+)?(?:ruled\s+out|excluded)"),
    ("possible", "fwd", r"cannot\s+(?:be\s+)?(?:excluded?|ruled?\s+out)|can't\s+(?:exclude|rule\s+out)|"
                        r"could\s+not\s+(?:exclude|rule\s+out)"),
    ("hist", "fwd", r"no\s+longer"),
    ("hypo", "fwd", r"(?:to\s+)?(?:r/o|rule\s+out|ruling\s+out)|(?:evaluate|evaluation|eval|assess|"
                    r"work\s*-?up|w/u|screen(?:ing)?|monitor(?:ing)?|watch(?:ing)?|observe)\s+for|"
                    r"return\s+(?:if|for|with)|return\b[^.;]{0,40}?\b(?:if|for)|sooner\s+(?:if|for)|call\s+(?:if|for)|seek\s+(?:medical\s+)?(?:care|attention)\s+(?:if|for)|"
                    r"in\s+case\s+of|(?:at\s+)?risk\s+(?:of|for)|prevention\s+of|prevent|"
                    r"prophylaxis\s+(?:of|for|against)|ppx\s+for|precautions?\s+for|"
                    r"if|unless|should|would|could"),
    # "azithromycin for partner's chlamydia": an order for someone else names their condition
    ("hypo", "fwd", r"(?:expedited\s+)?(?:sexual\s+)?partners?(?:['\u2019]s?)?|spouse(?:['\u2019]s)?|"
                    r"husband(?:['\u2019]s)?|wife(?:['\u2019]s)?|boyfriend(?:['\u2019]s)?|girlfriend(?:['\u2019]s)?|"
                    r"household\s+contacts?|close\s+contacts?"),
    # counselling names conditions as topics: "side effects of metformin include nausea"
    ("hypo", "fwd", r"side\s+effects?\s+(?:of|include|includes|including|such\s+as)|adverse\s+effects?\s+(?:of|include|"
                    r"including)|(?:may|can|could)\s+cause|counsell?(?:ed|ing)?\s+(?:on|about|regarding)"),
    # prenatal and discharge counselling: "reviewed signs of preterm labor", "warning signs of
    # abruption", "preeclampsia precautions reviewed: headache, visual changes"
    ("hypo", "fwd", r"(?:reviewed|discussed|counsell?ed\s+(?:on|about|regarding)|educated\s+(?:on|about|regarding)|"
                    r"explained|taught|went\s+over|review(?:ing)?)\s+(?:the\s+)?(?:warning\s+|early\s+|danger\s+)?"
                    r"(?:signs?|symptoms?|s/sx|sx)(?:\s+(?:and|&)\s+symptoms?)?\s+(?:of|for)|"
                    r"possibility\s+of|chance\s+of|likelihood\s+of"),
    ("hypo", "both", r"precautions?(?:\s+(?:were\s+|was\s+)?(?:reviewed|given|discussed|provided))?\s*:|"
                     r"(?:warning|danger|red[- ]flag)\s+(?:signs?|symptoms?)(?:\s+(?:and\s+symptoms\s+)?(?:of|for))?"),
    ("hypo", "bwd", r"ppx|prophylaxis|precautions|risk|screening|r/o|rule\s+out|protocol|teaching|education|"
                    r"counseling|prevention|action\s+plan"),
    ("possible", "bwd", r"(?:was|were|is|are|been|initially)\s+(?:also\s+)?considered"),
    ("neg", "bwd", r"(?:(?:was|were|is|are|been|has\s+been)\s+)?ruled\s+out|unlikely|less\s+likely|"
                   r"(?:is|was|were|are)\s+(?:negative|absent)|not\s+(?:seen|present|found|appreciated|"
                   r"noted|detected|identified|demonstrated)|not\s+(?:favou?red|likely|suspected|consistent)|"
                   r"denied|absent|-?free"),
    # "denies any history of seizures": the history cue inside a denial does not end it
    ("neg", "fwd", r"(?:denie[sd]|deny(?:ing)?)\s+(?:any\s+)?(?:(?:prior|past|previous|personal|known)\s+)?"
                   r"(?:history|hx|h/o)(?:\s+of)?|no\s+(?:known\s+|prior\s+|previous\s+|past\s+|personal\s+)"
                   r"(?:history|hx|h/o)\s+of"),
    ("neg", "fwd", r"no\s+(?:evidence|signs?|sx|symptoms|hx|history|h/o|complaints?|findings?|"
                   r"reports?|episodes?|recurrence)\s+(?:of|for)|negative\s+for|neg\s+for|free\s+of|"
                   r"absence\s+of|absent|denie[sd]|deny(?:ing)?|no|nor|neither|without|w/o|never|"
                   r"not|none|failed\s+to\s+(?:reveal|show)|ruled\s+out\s+for"),
    ("possible", "both", r"versus|vs\.?|v\.s\."),
    ("probable", "fwd", r"most\s+likely|likely|probable|probably|presumed|presumptive|presumably|"
                        r"suspected|suspect|favou?r(?:ed|ing)?"),
    ("probable", "bwd", r"(?:most\s+)?likely(?=\s*(?:[.,;)]|$))|suspected|presumed|(?:is\s+)?favou?red"),
    # a trailing "possible" ("nausea, diarrhea possible") looks back, like a trailing "likely"
    ("possible", "bwd", r"(?:are\s+|is\s+)?possible(?=\s*(?:[.,;)]|$))"),
    ("possible", "fwd", r"possible|possibly|questionable|question\s+of|concern(?:ing)?\s+for|c/f|suspicious\s+for|"
                        r"worrisome\s+for|may\s+(?:be|have|represent)|might|differential(?:\s+diagnosis)?"
                        r"(?:\s+(?:includes?|of))?|ddx|consider(?:ing)?"),
    ("possible", "bwd", r"possible|not\s+excluded"),
    ("possible", "bwd", r"(?<=\w)\?(?!\w)", "raw"),
    ("remission", "both", r"in\s+(?:early\s+|sustained\s+|partial\s+|full\s+|complete\s+|clinical\s+)?remission|remission"),
    ("resolved", "both", r"resolved|resolution\s+of|cured|"
                         r"s/p\s+(?:treatment|tx|chemo\w*|radiation|xrt)|(?:completed|finished)\s+(?:treatment|tx|"
                         r"therapy|course)|(?:successfully|previously|was|were)\s+treated"),
    ("hist", "fwd", r"h/o|hx\s+of|history\s+of|hx|pmhx?(?:\s+(?:of|significant\s+for|notable\s+for|includes?))?|"
                    r"past\s+medical\s+history\s+(?:of|significant\s+for|notable\s+for)|s/p|status\s+post|"
                    r"prior|previous(?:ly)?|remote|former|old"),
    ("hist", "bwd", r"in\s+the\s+past|remote(?:ly)?|years?\s+ago|as\s+a\s+child|in\s+childhood|previously"),
    ("family", "both", r"family\s+(?:history|hx|members?)(?:\s+(?:of|significant\s+for|positive\s+for|"
                       r"notable\s+for|includes?))?|fhx|fh(?=\s*(?::|of\b|significant))|"
                       r"(?:maternal|paternal)\s+\w+|"
                       r"(?:in|of)\s+(?:(?:his|her|their|the\s+patient's|pt's)\s+)?" + _RELATIVE + r"|"
                       r"\(\s*" + _RELATIVE + r"|"
                       + _RELATIVE + r"(?=\s*(?:\(|[,:-]|with\b|w/|had\b|has\b|have\b|died|passed|diagnosed|"
                       r"dx\b|deceased|hx\b|h/o|history|age\b|at\s+age|\d))"),
]

_KINDS: dict[str, tuple[str, str]] = {}


def _compile() -> re.Pattern[str]:
    parts = []
    for i, (kind, direction, pattern, *raw) in enumerate(_CUES):
        name = f"c{i}"
        _KINDS[name] = (kind, direction)
        if raw:  # a mark such as "?" brings its own boundaries
            parts.append(rf"(?P<{name}>{pattern})")
        else:
            parts.append(rf"(?P<{name}>(?<![\w/])(?:{pattern})(?![\w/]))")
    return re.compile("|".join(parts), re.IGNORECASE)


_CUE_RE = _compile()
_WORD = re.compile(r"\w+")
#: A forward negation reaches this many words past its cue, enough for a list of symptoms.
_NEG_REACH = 14


@dataclass(frozen=True)
class Cue:
    kind: str
    direction: str
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    """What the note asserts about a mention.

    ``certainty`` is FHIR's verificationStatus for a condition: ``confirmed``,
    ``provisional`` (a working diagnosis) or ``differential`` (one of several).
    """

    negated: bool = False
    family: bool = False
    hypothetical: bool = False
    historical: bool = False
    resolved: bool = False
    remission: bool = False
    certainty: str = "confirmed"

    @property
    def excluded(self) -> bool:
        """True when the mention asserts nothing about the patient having it now or before."""
        return self.negated or self.family or self.hypothetical


class ContextFinder:
    """Cue matching for one note, cached per clause and sentence."""

    def __init__(self, note: NoteText) -> None:
        self.note = note
        # one pass over the whole note; clauses then take their slice
        self._all: list[Cue] = []
        for m in _CUE_RE.finditer(note.text):
            kind, direction = _KINDS[m.lastgroup]  # type: ignore[index]
            self._all.append(Cue(kind, direction, m.start(), m.end()))
        self._starts = [c.start for c in self._all]
        self._cache: dict[tuple[int, int], list[Cue]] = {}

    def cues(self, start: int, end: int) -> list[Cue]:
        key = (start, end)
        found = self._cache.get(key)
        if found is None:
            lo = bisect_left(self._starts, start)
            hi = bisect_left(self._starts, end)
            found = [c for c in self._all[lo:hi] if c.end <= end]
            self._cache[key] = found
        return found

    def assess(self, start: int, end: int) -> Context:
        """The assertion context of the mention ``note.text[start:end]``."""
        note = self.note
        c_start, c_end = note.clause(start)
        kinds = set()
        forward = [c for c in self.cues(c_start, c_end) if c.end <= start]
        for cue in reversed(forward):
            if cue.direction == "bwd" or cue.kind == "pseudo":
                continue
            between = note.text[cue.end:start]
            if ")" in between and "(" in note.text[c_start:cue.start]:
                continue  # "(no known retinopathy), asthma": the parenthesis closed the cue
            if cue.kind == "neg":
                if len(_WORD.findall(between)) > _NEG_REACH:
                    continue
                # a later cue of another kind ends the negation's reach
                if any(o.start >= cue.end and o.kind not in {"neg", "pseudo"} and o.direction != "bwd"
                       for o in forward):
                    continue
            kinds.add(cue.kind)
        for cue in self.cues(c_start, c_end):
            if cue.start >= end and cue.direction in {"bwd", "both"} and cue.kind != "pseudo":
                kinds.add(cue.kind)
        s_start, s_end = note.sentence(start)
        family = (note.section_title(start) in FAMILY_SECTIONS
                  or any(c.kind == "family" for c in self.cues(s_start, s_end)))
        certainty = "confirmed"
        if "possible" in kinds:
            certainty = "differential"
        elif "probable" in kinds:
            certainty = "provisional"
        return Context(
            negated="neg" in kinds,
            family=family,
            hypothetical="hypo" in kinds,
            historical="hist" in kinds,
            resolved="resolved" in kinds,
            remission="remission" in kinds,
            certainty=certainty,
        )
