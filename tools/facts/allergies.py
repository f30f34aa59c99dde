"""Allergies, intolerances and explicit "no known allergies" statements.

Sources: the allergy section (one item per line, ";" or "," outside parentheses), and
inline phrases anywhere ("allergic to PCN (hives)", "sulfa allergy", "Allergies: NKDA").

* A substance is a lexicon hit (allergen table first, then drugs), or, inside the allergy
  section only, the leading words of an item that has no hit ("Latex - rash"). A drug
  followed at once by a reaction anywhere ("remote PCN rash") is an allergy statement too.
  "Tolerated azithromycin", "penicillin allergy evaluation" and delabelled drugs are not
  allergies; a drug the note clears anywhere ("tolerated X", "no reaction to X", "X challenge
  negative", "X delabeled", "X removed from allergy list") has no allergy at all. A relative's
  allergy ("Mother is allergic to sulfa"), a medication list, an order ("start metformin -
  nausea possible") and side-effect counselling are not allergy statements.
* Reactions are reaction-table hits after the substance in the same item, or the words in
  parentheses / after "->", "-", ":", "causes" when the table has no entry (text only).
* ``type`` is ``intolerance`` when the note says so ("intolerance", "intolerant",
  "sensitivity", "side effect") or every reaction is a known non-immune side effect
  (nausea, GI upset, cough, myalgia ...); otherwise ``allergy``. ``criticality`` is
  ``high`` for anaphylaxis, otherwise left unknown.
* "NKDA" is "no known drug allergy" (SNOMED 409137002); "NKA", "no known allergies",
  "Allergies: none" are "no known allergy" (716186003); "NKFA" no known food allergy
  (429625007); no known environmental allergy 428607008. These are facts with
  ``no_known=True``: the IPS requires the statement, not an empty list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tools.facts.context import ContextFinder
from tools.facts.lexicons import NoteMatches, ambiguous, codings
from tools.facts.text import Match, NoteText, normalise
from tools.facts.types import AllergyFact, Evidence
from tools.terminology import Concept, Domain, no_known_allergy

ALLERGY_SECTIONS = frozenset({"allergies"})

_NO_KNOWN = re.compile(
    r"(?<![\w/])(?:(?P<nkda>nkda|no\s+known\s+(?:drug|medication)\s+allerg(?:y|ies)|no\s+(?:drug|medication)\s+allerg(?:y|ies))"
    r"|(?P<nkfa>nkfa|no\s+known\s+food\s+allerg(?:y|ies))"
    r"|(?P<nkea>no\s+known\s+environmental\s+allerg(?:y|ies))"
    r"|(?P<nka>nka|no\s+known\s+allerg(?:y|ies)|no\s+allergies|denies\s+(?:any\s+)?(?:known\s+)?allergies"
    r"|allerg(?:y|ies)\s*:\s*(?:none(?:\s+known)?|nil|no\s+known)(?=\s*(?:[.;\n]|$))))(?![\w/])",
    re.IGNORECASE,
)
#: statement kind -> the category whose allergies it denies (``no_known_allergy`` gives the
#: coded concept: 409137002, 716186003, 429625007, 428607008)
_NO_KNOWN_CATEGORY = {"nkda": "medication", "nka": None, "nkfa": "food", "nkea": "environment"}
#: a section body that is only "None" / "None known" is a no-known-allergy statement
_NONE_BODY = re.compile(r"^\s*(?:none(?:\s+known)?|nil|no)\s*\.?\s*$", re.IGNORECASE)

_INLINE = re.compile(
    r"(?<![\w/])(?:allergic\s+(?:reaction\s+)?to|allerg(?:y|ies)\s+to|intoleran(?:t|ce)\s+(?:of|to)|"
    r"allerg(?:y|ies)\s*:|adverse\s+reactions?\s+to)(?![\w/])|"
    r"(?<![\w/])(?:allergy|intolerance)(?![\w/])"
    # "penicillin allergy evaluation", "allergy label ... delabeled": about the label, not a reaction
    r"(?!\s+(?:evaluation|testing|tests?|review|label|work-?up|clinic|consult|referral|history|delabel\w*))",
    re.IGNORECASE,
)
#: "Tolerated azithromycin", "tolerates cephalosporins": the opposite of an allergy
_TOLERATED = re.compile(r"(?<![\w/])(?:tolerat(?:ed|es|ing)|no\s+reaction\s+to|delabel\w*)(?![\w/])", re.IGNORECASE)
#: statements that a drug is not (or no longer) an allergy: the drug after a forward cue ("tolerated
#: cefazolin", "no reaction to amoxicillin") or before a backward one ("amoxicillin delabeled",
#: "amoxicillin removed from allergy list", "oral amoxicillin challenge negative")
_CLEARED_FWD = re.compile(
    r"(?<![\w/])(?:tolerat(?:ed|es|ing)|no\s+(?:adverse\s+)?reactions?\s+(?:to|with)|delabel(?:ed|led|ing)?\s+(?:of|from)|"
    r"de-label(?:ed|led|ing)?\s+(?:of|from)|passed\s+(?:an?\s+)?(?:\w+\s+){0,2}challenge\s+(?:to|with)|"
    r"negative\s+(?:\w+\s+){0,2}challenge\s+(?:to|with))(?![\w/])",
    re.IGNORECASE,
)
_CLEARED_BWD = re.compile(
    r"(?<![\w/])(?:de-?label(?:ed|led)?|(?:was\s+|were\s+)?removed\s+from\s+(?:the\s+|her\s+|his\s+)?(?:allergy\s+list|"
    r"allergies|chart|list)|allerg(?:y|ies)\s+(?:label\s+)?(?:was\s+)?removed|challenge\s+(?:was\s+)?(?:negative|passed|"
    r"tolerated)|no\s+(?:adverse\s+)?reactions?(?!\s+(?:to|with)\b)|(?:was|were|is|been)\s+tolerated|"
    r"tolerated\s+(?:well|without)|not\s+(?:a\s+)?true\s+allergy)(?![\w/])",
    re.IGNORECASE,
)
_CLEARED_REACH = 80
_CLOSE_AFTER = re.compile(r"\s*(?:(?:an?|the|oral|po|iv|im|full|\d+\s*(?:mg|g|mcg)|dose\s+of|doses?\s+of|of)\s+)*",
                          re.IGNORECASE)
#: a relative is the subject of the statement ("Mother is allergic to sulfa"), unless the
#: relative is only the informant ("mother reports he is allergic to PCN")
_RELATIVE_SUBJECT = re.compile(
    r"(?<![\w/])(?:mother|father|mom|dad|brother|sister|sibling|son|daughter|parent|grandmother|grandfather|"
    r"aunt|uncle|cousin|wife|husband|spouse|partner|child|children|family\s+members?)s?(?:['\u2019]s?)?(?![\w/])"
    r"(?!\s+(?:reports?|states?|says|notes?|relates?|confirms?|denies|endorses|brought|provides))",
    re.IGNORECASE,
)
#: a drug and a reaction named together while counselling, not as an allergy
_COUNSELLING = re.compile(
    r"(?<![\w/])(?:discuss\w*|counsel\w*|educat\w*|warn\w*|review\w*|may\s+cause|can\s+cause|could\s+cause|"
    r"risk\s+of|watch\s+for|monitor\s+for|side\s+effects?\s+(?:of|include|such\s+as|including)|potential|"
    r"common\s+side\s+effects?|possible|expected)(?![\w/])",
    re.IGNORECASE,
)
#: "Start metformin - nausea ...": a drug being ordered is no allergy statement
_ORDER_BEFORE = re.compile(r"(?<![\w/])(?:start|starting|started|begin|initiate|trial\s+of|add|continue|resume|increase|"
                           r"titrate|switch\s+to|change\s+to|prescribed?)\s+(?:on\s+)?$", re.IGNORECASE)
_MEDICATION_SECTIONS = frozenset({"medications", "discharge medications", "home medications", "current medications"})
_ITEM_SPLIT = re.compile(r"\n|;|\u2022|\.\s+(?=[A-Z])")
_REACTION_SPLIT = re.compile(r",|\s+and\s+|\s+or\s+|/|\)|\(")
_JOIN_REACTION = re.compile(r"\s*(?:\(|->|\u2192|-|:|causes|caused|gave|gives)?\s*", re.IGNORECASE)
#: words in an allergy item that qualify it rather than name a reaction
_NOT_REACTION = re.compile(
    r"^(?:childhood|as\s+a\s+child|remote|unknown|low\s+risk|high\s+risk|mild|moderate|severe|tolerated|"
    r"tolerates|per\s+\w+|reported|unclear|years?\s+ago|age|in\s+\d+|since|possible|questionable|"
    r"intoleran\w*|allerg\w*|type|reaction|none)\b",
    re.IGNORECASE,
)
_REACTION_LEAD = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:\(|->|\u2192|-|:|=|causes|caused|gives|gave|with|led\s+to|leads\s+to|\s{2,})\s*",
    re.IGNORECASE,
)
_INTOLERANCE_WORDS = re.compile(r"intoleran|sensitivity|side\s+effects?|not\s+tolerated", re.IGNORECASE)
#: manifestations that are side effects rather than immune reactions
_SIDE_EFFECTS = frozenset({
    "nausea", "vomiting", "nausea and vomiting", "emesis", "gi upset", "upset stomach", "stomach upset",
    "diarrhea", "constipation", "cough", "myalgia", "myalgias", "muscle aches", "muscle pain", "headache",
    "dizziness", "drowsiness", "sedation", "fatigue", "insomnia", "palpitations", "dyspepsia",
    "abdominal pain", "confusion",
})
_ANAPHYLAXIS = re.compile(r"anaphyla", re.IGNORECASE)
_NOT_SUBSTANCE = re.compile(
    r"^(?:none|nka|nkda|no|unknown|reviewed|see\s+\w+|as\s+above|n/?a|denies|reaction|reactions|"
    r"allerg\w*|intoleran\w*|type|severity|rash|hives)\b",
    re.IGNORECASE,
)
#: Words that make a guessed "substance" a sentence about the record ("Red allergy band
#: applied", "Allergies verified with patient") rather than something the patient reacts to.
_RECORD_WORDS = re.compile(
    r"\b(?:allerg\w*|band|bracelet|wristband|applied|verified|updated|reviewed|reconciled|confirmed|documented|"
    r"listed|chart|record|per\s+(?:patient|pt|family|pharmacy))\b",
    re.IGNORECASE,
)
_FOOD = re.compile(r"\b(?:shellfish|peanuts?|tree\s+nuts?|nuts?|eggs?|milk|dairy|soy|wheat|gluten|fish|shrimp|"
                   r"strawberr(?:y|ies))\b", re.IGNORECASE)
_ENVIRONMENT = re.compile(r"\b(?:latex|pollens?|dust|molds?|cats?|dogs?|dander|bees?|wasps?|venom|grass|ragweed|"
                          r"adhesives?|tape)\b", re.IGNORECASE)


_OPEN_PAREN = re.compile(r"\s*\(\s*")
_DIGIT = re.compile(r"\d")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}")
_SUBSTANCE_END = re.compile(r"\s*(?:\(|->|\u2192|\s-\s|:|=|\s{2,}|\bcauses\b|\bcaused\b)")


@dataclass
class _Substance:
    start: int
    end: int
    name: str
    concept: Concept | None
    category: str | None


def _no_known_fact(key: str, start: int, end: int, text: str, section: str | None) -> AllergyFact:
    concept = no_known_allergy(_NO_KNOWN_CATEGORY[key])
    return AllergyFact(substance=concept.display.lower(), codings=list(concept.codings),
                       evidence=Evidence(start, end, text[start:end], section), no_known=True)


class AllergyExtractor:
    """Allergy facts of one note, and the spans they cover (so drugs named there are not
    also read as medications)."""

    def __init__(self, note: NoteText, matches: NoteMatches, context: ContextFinder) -> None:
        self.note = note
        self.matches = matches
        self.context = context
        self.spans: list[tuple[int, int]] = []

    def extract(self) -> list[AllergyFact]:
        facts: list[AllergyFact] = []
        facts += self._no_known()
        for start, end in self.note.regions(ALLERGY_SECTIONS):
            self.spans.append((start, end))
            facts += self._from_region(start, end, whole=True)
        for m in _INLINE.finditer(self.note.text):
            if self._in_allergy_region(m.start()):
                continue
            facts += self._inline(m)
        facts += self._drug_then_reaction()
        cleared = self._cleared()
        facts = [f for f in facts if f.no_known or _fact_key(f) not in cleared]
        return _dedupe(facts)

    def _cleared(self) -> set[str]:
        """Substances the note says are not allergies (tolerated, challenge negative,
        delabelled, removed from the list): no allergy is recorded for them anywhere."""
        text = self.note.text
        out: set[str] = set()
        for m in _CLEARED_FWD.finditer(text):
            _, s_end = self.note.sentence(m.start())
            subs = self._substances(m.end(), min(s_end, m.end() + _CLEARED_REACH))
            # the drug must follow the cue closely: "tolerated cefazolin", not "tolerating PO, PCN"
            if subs and _CLOSE_AFTER.fullmatch(text, m.end(), subs[0].start):
                out.add(_sub_key(subs[0]))
        for m in _CLEARED_BWD.finditer(text):
            s_start, _ = self.note.sentence(m.start())
            subs = self._substances(max(s_start, m.start() - _CLEARED_REACH), m.start())
            if subs:
                out.add(_sub_key(subs[-1]))
        return out

    def _relative_subject(self, start: int) -> bool:
        c_start, _ = self.note.clause(start)
        return bool(_RELATIVE_SUBJECT.search(self.note.text, c_start, start))

    def _in_allergy_region(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.spans)

    def _no_known(self) -> list[AllergyFact]:
        out = []
        text = self.note.text
        for m in _NO_KNOWN.finditer(text):
            key = m.lastgroup or "nka"
            out.append(_no_known_fact(key, m.start(), m.end(), text, self.note.section_title(m.start())))
        for start, end in self.note.regions(ALLERGY_SECTIONS):
            if _NONE_BODY.match(text[start:end]):
                out.append(_no_known_fact("nka", start, end, text, "allergies"))
        return out

    def _inline(self, cue: re.Match[str]) -> list[AllergyFact]:
        note = self.note
        start, end = note.sentence(cue.start())
        word = cue.group().lower()
        if word in {"allergy", "intolerance"}:
            # "PCN allergy (hives)": the substance precedes the word
            region_start = note.clause(cue.start())[0]
            hits = self._substances(region_start, cue.start())
            if not hits or note.text[hits[-1].end:cue.start()].strip(" -"):
                return []
            last = hits[-1]
            ctx = self.context.assess(last.start, cue.end())
            if ctx.negated or ctx.family or ctx.hypothetical or self._relative_subject(last.start):
                return []
            self.spans.append((last.start, cue.end()))
            return [self._fact(last, cue.end(), end, start, end, intolerance=word == "intolerance")]
        ctx = self.context.assess(cue.start(), cue.end())
        if ctx.negated or ctx.family or self._relative_subject(cue.start()):
            return []
        stop = end if word.endswith(":") else note.clause(cue.end())[1]
        facts = self._from_region(cue.end(), max(stop, cue.end()), whole=word.endswith(":"),
                                  intolerance=word.startswith("intoleran"))
        if facts:
            self.spans.append((cue.start(), stop))
        return facts

    def _drug_then_reaction(self) -> list[AllergyFact]:
        """A drug followed at once by a reaction outside any allergy list ("remote PCN rash",
        "metformin -> GI upset") is an allergy or intolerance statement, not a medication."""
        out = []
        text = self.note.text
        reactions = self.matches(Domain.REACTION)
        for sub in self._substances(0, len(text)):
            if self._in_allergy_region(sub.start):
                continue
            nxt = next((r for r in reactions if r.start >= sub.end), None)
            if nxt is None or not _JOIN_REACTION.fullmatch(text[sub.end:nxt.start]):
                continue
            if self.note.line(sub.start) != self.note.line(nxt.start):
                continue
            ctx = self.context.assess(sub.start, sub.end)
            if ctx.negated or ctx.family or ctx.hypothetical or self._relative_subject(sub.start):
                continue
            s_start, s_end = self.note.sentence(sub.start)
            if (self.note.section_title(sub.start) in _MEDICATION_SECTIONS or _COUNSELLING.search(text, s_start, s_end)
                    or _ORDER_BEFORE.search(text, max(s_start, sub.start - 30), sub.start)):
                continue  # a medication list, an order, or counselling about side effects
            self.spans.append((sub.start, nxt.end))
            out.append(self._fact(sub, sub.end, nxt.end, s_start, s_end))
        return out

    def _substances(self, start: int, end: int) -> list[_Substance]:
        found: list[_Substance] = []
        taken: list[tuple[int, int]] = []
        for domain in (Domain.ALLERGEN, Domain.MEDICATION):
            for m in self.matches.within(domain, start, end):
                if m.entry.kind == "no-known" or any(a < m.end and m.start < b for a, b in taken):
                    continue
                if ambiguous(m) and not self._in_allergy_region(m.start):
                    continue  # "tape", "cats" name an allergen only in an allergy list
                taken.append((m.start, m.end))
                category = m.entry.category if domain is Domain.ALLERGEN else "medication"
                name = " ".join(self.note.text[m.start:m.end].split())
                found.append(_Substance(m.start, m.end, name, m.entry, category or "medication"
                                        if domain is Domain.MEDICATION else category))
        return sorted(found, key=lambda s: s.start)

    def _reactions(self, start: int, end: int) -> list[Match[Concept]]:
        """Reaction-table hits; "allergy" and "congestion" are reactions only in context, and
        an allergy list's own words never are."""
        return [r for r in self.matches.within(Domain.REACTION, start, end) if not ambiguous(r)]

    def _from_region(self, start: int, end: int, *, whole: bool, intolerance: bool = False) -> list[AllergyFact]:
        """Items are lines or ";"-separated parts; within an item every substance owns the
        words up to the next substance, so "Shellfish (shrimp) - hives, oral itching" is one
        allergy with two reactions and "PCN, sulfa (rash)" two allergies."""
        text = self.note.text
        facts = []
        pos = start
        items = []
        for m in _ITEM_SPLIT.finditer(text, start, end):
            items.append((pos, m.start()))
            pos = m.end()
        items.append((pos, end))
        for a, b in items:
            if not text[a:b].strip() or _NO_KNOWN.search(text, a, b) or _NONE_BODY.match(text[a:b]):
                continue
            subs = self._substances(a, b)
            # "Sulfa (Sulfonamide Antibiotics)": a parenthetical synonym is the same substance
            subs = [x for i, x in enumerate(subs)
                    if i == 0 or not _OPEN_PAREN.fullmatch(text[subs[i - 1].end:x.start])]
            if not subs and whole:
                guess = _text_substance(text[a:b])
                if guess:
                    s = a + text[a:b].find(guess)
                    subs = [_Substance(s, s + len(guess), guess, None, _guess_category(guess))]
            for i, sub in enumerate(subs):
                ctx = self.context.assess(sub.start, sub.end)
                if ctx.negated or ctx.family or _TOLERATED.search(text, a, sub.start):
                    continue
                stop = subs[i + 1].start if i + 1 < len(subs) else b
                facts.append(self._fact(sub, sub.end, stop, a, b, intolerance=intolerance))
        return facts

    def _fact(self, sub: _Substance, r_start: int, r_end: int, item_start: int, item_end: int,
              *, intolerance: bool = False) -> AllergyFact:
        text = self.note.text
        reactions = self._reactions(r_start, r_end)
        names = [r.entry.display for r in reactions]
        reaction_codings = [c for r in reactions for c in r.entry.codings[:1]]
        tail = text[r_start:r_end]
        lead = _REACTION_LEAD.match(tail)
        if lead:
            # reactions the table does not know, as written
            for piece in _REACTION_SPLIT.split(tail[lead.end():]):
                piece = piece.strip(" )(.;,-\"'").lower()
                written = [normalise(text[r.start:r.end]) for r in reactions] + [normalise(n) for n in names]
                if (not piece or len(piece.split()) > 4 or _DIGIT.search(piece) or _NOT_REACTION.search(piece)
                        or any(w and w in normalise(piece) for w in written)):
                    continue
                names.append(piece)
        item_text = text[sub.start:max(sub.end, min(r_end, item_end))]
        if intolerance or _INTOLERANCE_WORDS.search(item_text):
            kind = "intolerance"
        elif names and all(normalise(n) in _SIDE_EFFECTS for n in names):
            kind = "intolerance"
        else:
            kind = "allergy"
        criticality = "high" if _ANAPHYLAXIS.search(item_text) else None
        end = max(sub.end, min(r_end, item_end))
        evidence_text = text[sub.start:end].rstrip(" .;,\n")
        return AllergyFact(
            substance=sub.name,
            codings=codings(sub.concept),
            evidence=Evidence(sub.start, sub.start + len(evidence_text), evidence_text,
                              self.note.section_title(sub.start)),
            reactions=names,
            reaction_codings=reaction_codings,
            category=sub.category,
            type=kind,
            criticality=criticality,
        )


def _text_substance(item: str) -> str | None:
    """The leading words of an allergy item with no lexicon hit ("Latex - rash" -> "Latex")."""
    head = _SUBSTANCE_END.split(item.strip(), maxsplit=1)[0]
    head = head.strip(" .-*\u2022")
    if (not head or _NOT_SUBSTANCE.match(head) or _RECORD_WORDS.search(head) or len(head.split()) > 4
            or not _THREE_LETTERS.search(head)):
        return None
    return head


def _guess_category(name: str) -> str | None:
    if _FOOD.search(name):
        return "food"
    if _ENVIRONMENT.search(name):
        return "environment"
    return None


def _sub_key(sub: _Substance) -> str:
    return sub.concept.codings[0].code if sub.concept and sub.concept.codings else normalise(sub.name)


def _fact_key(fact: AllergyFact) -> str:
    return fact.codings[0].code if fact.codings else normalise(fact.substance)


def _dedupe(facts: list[AllergyFact]) -> list[AllergyFact]:
    """One fact per substance; the richer statement (with reactions) wins."""
    out: dict[str, AllergyFact] = {}
    for fact in facts:
        key = fact.codings[0].code if fact.codings else normalise(fact.substance)
        kept = out.get(key)
        if kept is None:
            out[key] = fact
        elif not kept.no_known and len(fact.reactions) > len(kept.reactions):
            out[key] = fact
    return list(out.values())
