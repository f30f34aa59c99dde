"""Medications: what the patient takes, was given, or is to start, with a parsed dosage.

Every drug-lexicon hit outside the allergy section is a *mention*; mentions of one drug
(one RxNorm concept) merge into one ``MedicationFact``.

Which mentions count (so that past treatment and drugs named for other reasons do not
become MedicationStatements):

* medication-list sections (home, current, discharge medications): every drug, status
  ``active``; discharge markers "STOP", "START"/"NEW", "CHANGE", "HOLD" (on the line or as
  a sub-heading) give ``stopped``/``intended``/``active``/``on-hold``;
* elsewhere the verb before the drug decides: "start/begin/initiate/add" -> ``intended``
  in a plan and ``active`` in a history ("started on azithromycin yesterday");
  "cont/continue/resume/restart", "on", "taking", "given", "received" -> ``active``;
  "stop/discontinue/d/c" -> ``stopped``; "hold"/"on hold" -> ``on-hold``;
  "increase/decrease/change ... to" -> ``active`` with the new dose;
* a narrative mention with no verb counts only with a dose ("ondansetron 4 mg IV");
* past treatment ("treated with", "tx'd w/", "tried", "failed", "completed", "stopped last
  year") never creates a statement on its own: it only updates the status of a drug the
  note also lists as taken;
* a drug that is denied, avoided, refused, hypothetical ("consider X", "if ... add X") or
  named in an allergy statement is not a medication. Drug classes ("beta blocker") are not
  in the drug lexicon, so they never become medications.

Drugs the table does not know: a medication-list line "Name 10 mg ..." keeps its name as
text, and so does a word with a drug-name stem ("-pril", "-mab", "-mer") written with a dose.
A combination ("norgestimate-ethinyl estradiol") is one product: coded when the table knows
the combination, text only otherwise, never coded as one of its ingredients. Ambiguous
abbreviations ("NS", "INH", "O2") count only with a dose or at the start of a list line.

Merging: the dosage is a new regimen's ("start", "increase ... to": "Increase atorvastatin to
80 mg QHS" wins over the home "atorvastatin 20 mg daily"), else the medication list's, else
the last dosed mention's; a loading dose gives way to the maintenance dose after "then".
The status is the last explicit one (list, verb or marker) in note order. One drug by two
routes with two doses (home PO furosemide, IV furosemide now) is two statements; an
extended-release product is another statement than the immediate-release one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tools.facts.context import ContextFinder
from tools.facts.lexicons import NoteMatches, ambiguous
from tools.facts.sig import parse_sig
from tools.facts.text import Match, NoteText, normalise
from tools.facts.types import Dosage, Evidence, MedicationFact
from tools.terminology import Concept, Domain, lookup

LIST_SECTIONS = frozenset({"medications", "discharge medications"})
#: sections whose drug names are not medications the patient takes
SKIP_SECTIONS = frozenset({"allergies", "family history", "immunizations", "review of systems"})
PLAN_SECTIONS = frozenset({
    "assessment and plan", "plan", "assessment", "follow-up", "discharge instructions",
    "medical decision making", "diagnoses", "discharge diagnosis", "admission diagnosis",
})

_V = r"(?<![\w/])(?:{})(?![\w/])"
_CUES = [
    ("avoid", _V.format(r"avoid(?:ing)?|not\s+on|not\s+taking|not\s+currently\s+taking|never\s+(?:took|taken|on)|"
                        r"declin(?:es|ed)|refus(?:es|ed)|allergic\s+to|intoleran\w*(?:\s+(?:of|to))?|"
                        r"contraindicat\w*|instead\s+of")),
    ("past", _V.format(r"treated\s+(?:with|w/)|tx'?d\s+(?:with|w/)|tried|failed|previously\s+(?:on|took|taking)|"
                       r"prior|h/o|hx\s+of|history\s+of|remote|"
                       r"was\s+on|were\s+on|used\s+to\s+(?:take|be\s+on)|completed|finished|self[- ]discontinued|"
                       r"quit|course\s+of")),
    ("stop", _V.format(r"stop(?:ped|ping)?|discontinu(?:e|ed|ing)|d/c(?:'?d)?|dc(?:'?d)?|cease|came\s+off|off")),
    ("hold", _V.format(r"hold(?:ing)?|held")),
    ("start", _V.format(r"start(?:ed|ing)?|begin|began|initiat(?:e|ed|ing)|add(?:ed)?|load(?:ed)?\s+with|"
                        r"plan(?:ned)?(?:\s+(?:for|to\s+start))?|will\s+start|to\s+start|"
                        r"trial\s+of|prescrib(?:e|ed)|new(?:ly)?|rx")),
    ("change", _V.format(r"increas(?:e|ed|ing)|decreas(?:e|ed|ing)|reduc(?:e|ed|ing)|titrat(?:e|ed|ing)|uptitrat\w*|"
                         r"adjust(?:ed)?|chang(?:e|ed)|switch(?:ed)?(?:\s+to)?|wean(?:ed|ing)?|taper(?:ed|ing)?|"
                         r"double[sd]?")),
    ("active", _V.format(r"cont(?:inue[sd]?|inuing|\.)?|resum(?:e|ed)|restart(?:ed)?|maintain(?:ed)?(?:\s+on)?|"
                         r"remain(?:s)?\s+on|on|taking|takes|take|using|uses|had\s+been\s+(?:taking|using|on)|"
                         r"receiv(?:ed|es|ing)|gave|given|got|administered|s/p|home")),
]
_CUE_RE = re.compile("|".join(f"(?P<{k}{i}>{p})" for i, (k, p) in enumerate(_CUES)), re.IGNORECASE)
_BACK_CUES = re.compile(
    r"(?<![\w/])(?:(?P<avoid>use|abuse|misuse|overdose|intoxication|withdrawal|dependence|contraindicated|"
    r"allergy|intolerance|not\s+tolerated|not\s+indicated)"
    r"|(?P<stop>(?:was\s+|were\s+|is\s+)?(?:stopped|discontinued|d/c'?d)|stopped|off)"
    r"|(?P<hold>(?:was\s+|were\s+|is\s+)?held|on\s+hold)"
    r"|(?P<change>(?:dose\s+)?(?:was\s+|is\s+|to\s+be\s+)?(?:increas|decreas|reduc|titrat|uptitrat|chang|adjust|lower|rais)"
    r"(?:e|ed|ing)?\s+(?:from|to|back\s+to|down\s+to|up\s+to)\b)"
    r"|(?P<active>(?:was\s+|were\s+)?(?:given|administered|restarted|resumed|continued)))(?![\w/])",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^\s*(?:[-*\u2022]|\d{1,2}[.)])?\s*(?P<m>STOP(?:PED)?|START|NEW|CHANGE[D]?|CONTINUE|HOLD|RESUME)\b"
    r"|^\s*(?P<h>stop|start|continue|change|hold|resume)\w*\s+(?:taking|these|how)",
    re.MULTILINE,
)
_MARKER_STATUS = {"stop": "stopped", "stopped": "stopped", "start": "intended", "new": "intended",
                  "change": "active", "changed": "active", "continue": "active", "hold": "on-hold",
                  "resume": "active"}
_SALT = re.compile(
    r"\s+(?:\(\s*[A-Z][A-Za-z-]+\s*\)\s*)?(?P<salt>tartrate|succinate|sodium|potassium|hydrochloride|hcl|carbonate|"
    r"sulfate|citrate|besylate|maleate|mesylate|bromide|acetate|phosphate|propionate|furoate|dipropionate|"
    r"fumarate|valerate|calcium|magnesium|xl|er|sr|cr|dr|la|xr|ir|"
    r"monohydrate/macrocrystals|monohydrate|macrocrystals)\b",
    re.IGNORECASE,
)
#: Where an inline dosage ends: ";", " + ", a sentence end, a comma that does not continue
#: the sig ("cont ASA 81 mg daily, goal LDL <70"), or "and" before a new instruction.
_DOSE_AFTER = re.compile(r"\s*\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|l|ml|units?|meq|%|mmol)\b", re.IGNORECASE)
_JOIN_AFTER = re.compile(r"[-/](?:[A-Za-z]{3,}(?:\s+(?:ethinyl|sodium|potassium|calcium|alafenamide|"
                         r"disoproxil|fumarate|propionate|furoate|hydrochloride|hcl))?)", re.IGNORECASE)
_JOIN_BEFORE = re.compile(r"(?<![\w/-])[A-Za-z]{3,}(?:[-/][A-Za-z]{3,})*[-/](?:[A-Za-z]{3,} )?$")
#: a word with a drug-name stem right before a dose: a drug the table does not know
_DRUG_LIKE = re.compile(
    r"(?<![\w/-])(?P<name>[A-Za-z]{2,}(?:pril|sartan|olol|dipine|statin|azole|cillin|mycin|cycline|floxacin|"
    r"tidine|prazole|parin|xaban|gatran|gliflozin|gliptin|glutide|afil|triptan|setron|azepam|zolam|oxetine|"
    r"triptyline|azine|apine|idone|codone|morphone|phine|profen|fenac|olone|asone|isone|lukast|terol|tropium|"
    r"caine|barbital|semide|thiazide|mab|nib|vir|conazole|platin|rubicin|taxel|mer|teplase|plase|kinase|"
    r"lamer|oxacin|penem|bactam|zosin|tadine|ipine|amine|arin|ulin|tide|lin|mide|sone|ide|iclone))"
    r"(?:\s+(?:er|xl|sr|ir|hcl|sodium|carbonate))?\s+$",
    re.IGNORECASE,
)
#: the doses _DRUG_LIKE looks behind (found first: one pass over the note instead of a stem
#: alternation tried at every word)
_DRUG_LIKE_DOSE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|ml|units?|meq)\b", re.IGNORECASE)
_MODIFIED_RELEASE = frozenset({"xl", "er", "sr", "cr", "la", "xr", "dr"})
_SIG_STOP = re.compile(
    r";|\s\+\s|\.\s|,(?!\s*(?:then|max|maximum|prn|as\s+needed|po|iv|sc|sq|im|inh|sl|q\s*\d|q[a-z]{1,3}\b|bid|tid|"
    r"qid|daily|nightly|x\s*\d|for\s+\d|not\s+to\s+exceed|up\s+to|with|before|after|at\s+bedtime|every|once|"
    r"twice|may\s+repeat|\d))|\s+and\s+(?=(?:cont|continue|start|stop|hold|increase|decrease|resume|d/c|add)\b)",
    re.IGNORECASE,
)
_PRE_QTY = re.compile(
    r"(?P<q>(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*(?:mg|mcg|g|gm|grams?|ml|mL|L|units?|meq|mEq))\s*(?:of\s+)?"
    r"(?:\d+(?:\.\d+)?\s*%\s*)?$",
    re.IGNORECASE,
)
#: "180 mg load, then 90 mg BID", "5 million units x1, then 2.5 million units q4h": the
#: maintenance dose after "then" is the regimen
_LOADING = re.compile(r"\b(?:load(?:ing)?(?:\s+dose)?|bolus|x\s*1|once|stat)\b[^.;]*?\bthen\b", re.IGNORECASE)
_SLIDING = re.compile(r"(?<![\w/])(?:sliding\s+scale|ssi|per\s+(?:scale|protocol|nomogram|pharmacy|sliding\s+scale))(?![\w/])",
                      re.IGNORECASE)
_TEXT_ONLY_LINE = re.compile(
    r"^\s*(?:[-*\u2022]|\d{1,2}[.)])?\s*(?P<name>[A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+){0,3}?)\s+"
    r"(?P<sig>\d.*)$"
)
_NOT_DRUG_WORDS = re.compile(
    r"^(?:take|takes|give|inject|apply|inhale|use|bp|hr|rr|labs?|wt|weight|see|none|stop|start|continue|"
    r"change|hold|resume|new|dose|refills?|qty|quantity|disp|sig|place|instill|chew|dissolve|insert|spray|"
    r"administer|infuse|swish|nebuli[sz]e|put|rub|sprinkle|mix|dilute|unwrap|remove|wear|directions|instructions)\b",
    re.IGNORECASE,
)


_BRAND_PAREN = re.compile(r"\s*(?:[A-Za-z]{1,4}\s*)?\(\s*")
#: Epic's brand list after the generic name: "albuterol (PROVENTIL HFA;VENTOLIN HFA)",
#: "ibuprofen (ADVIL,MOTRIN)"; drug names inside it restate the drug
_BRANDS_AFTER = re.compile(r"[ \t]*(?:[A-Za-z]{1,4}[ \t]*)?\([^()\n\d]{1,80}\)")
#: a list line that continues the drug line above it with its sig (Epic, Cerner, discharge
#: medication reconciliation): "    Sig: Take 1 tablet by mouth daily.", "Inhale 2 puffs ..."
_SIG_LINE = re.compile(
    r"[ \t]*(?:(?:sig|directions|instructions)\s*:\s*|\(?\s*patient\s+(?:is\s+)?taking\s+differently\b|"
    r"(?:take|takes|inhale|inject|apply|place|use|instill|give|chew|dissolve|insert|spray|administer|infuse|"
    r"swish|nebuli[sz]e|put|rub|sprinkle|mix|dilute|unwrap)\b)",
    re.IGNORECASE,
)
_SQUASH = re.compile(r"[^a-z0-9]+|\band\b")
_HYPOTHETICAL_BEFORE = re.compile(
    r"(?<![\w/])(?:consider(?:ing)?|if|may\s+(?:need|add|start)|could|would|possibly|defer(?:red)?|"
    r"no\s+indication\s+for|unless)(?![\w/])",
    re.IGNORECASE,
)


def _cue_kind(m: re.Match[str]) -> str:
    return (m.lastgroup or "").rstrip("0123456789")


@dataclass
class _Mention:
    key: str
    name: str
    concept: Concept | None
    start: int
    end: int
    section: str | None
    dosage: Dosage | None
    status: str | None  # explicit status, or None
    creates: bool
    sig_end: int = 0
    new_regimen: bool = False  # "start X ...", "increase X to ...": the dose from now on
    listed: bool = False  # a medication-list entry


def _by_route(group: list[_Mention]) -> list[list[_Mention]]:
    """One drug given by two routes with two doses ("furosemide 40 mg PO BID" at home,
    "furosemide 80 mg IV BID" now) is two statements; mentions without a dosed route join
    the listed regimen, else the last one."""
    routes: dict[str, list[_Mention]] = {}
    for m in group:
        if _has_dose(m.dosage) and m.dosage is not None and m.dosage.route is not None:
            routes.setdefault(m.dosage.route.code, []).append(m)
    if len(routes) < 2:
        return [group]
    parts = list(routes.values())
    home = next((p for p in parts if any(m.listed for m in p)), parts[-1])
    for m in group:
        if not any(m in p for p in parts):
            home.append(m)
    for p in parts:
        p.sort(key=lambda m: m.start)
    return parts


def _best_dosage_mention(group: list[_Mention]) -> _Mention:
    """The mention whose dosage stands for the drug: a new regimen ("start", "increase ...
    to") over the medication list over any other mention, the latest of each kind; a
    restatement without a frequency ("continue amlodipine 10 mg") borrows the mention with
    the same dose that has one."""
    dosed = [m for m in group if _has_dose(m.dosage)]
    for pick in ([m for m in dosed if m.new_regimen], [m for m in dosed if m.listed], dosed):
        if pick:
            best = pick[-1]
            if best.dosage is not None and best.dosage.timing is None:
                same = [m for m in dosed if m.dosage is not None and m.dosage.timing is not None
                        and (m.dosage.dose_value, m.dosage.dose_unit) == (best.dosage.dose_value, best.dosage.dose_unit)]
                if same:
                    return same[-1]
            return best
    timed = [m for m in group if m.dosage is not None]
    return (timed or [m for m in group if m.creates] or group)[-1]


def _has_dose(dosage: Dosage | None) -> bool:
    return dosage is not None and (dosage.dose_value is not None or dosage.dose_text is not None)


class MedicationExtractor:
    """Medication facts of one note."""

    def __init__(self, note: NoteText, matches: NoteMatches, context: ContextFinder,
                 excluded: list[tuple[int, int]]) -> None:
        self.note = note
        self.matches = matches
        self.context = context
        self.excluded = excluded

    def extract(self) -> list[MedicationFact]:
        hits = [m for m in self.matches(Domain.MEDICATION)
                if not any(a <= m.start < b for a, b in self.excluded)
                and (not ambiguous(m) or self._ambiguous_ok(m))]
        text = self.note.text
        # "budesonide-formoterol (SYMBICORT)": the brand in parentheses restates the drug
        hits = [h for i, h in enumerate(hits)
                if i == 0 or not _BRAND_PAREN.fullmatch(text[hits[i - 1].end:h.start])]
        kept: list[Match[Concept]] = []
        brands_end = -1
        for h in hits:
            if h.start < brands_end:
                continue
            kept.append(h)
            salt = _SALT.match(text, h.end)  # "fluticasone propionate (FLONASE)"
            brands = _BRANDS_AFTER.match(text, salt.end() if salt else h.end)
            brands_end = brands.end() if brands else -1
        hits = kept
        hits = self._combinations(hits) + self._drug_like(hits)
        hits.sort(key=lambda m: m.start)
        mentions = []
        for i, hit in enumerate(hits):
            nxt = hits[i + 1].start if i + 1 < len(hits) else len(self.note.text)
            mention = self._mention(hit, nxt)
            if mention is not None:
                mentions.append(mention)
        mentions += self._text_only_lines(hits)
        mentions.sort(key=lambda m: m.start)
        return self._merge(mentions)

    def _ambiguous_ok(self, hit: Match[Concept]) -> bool:
        """"NS", "INH", "PEG", "O2" are drugs only when a dose follows at once or they open a
        medication-list line; inside a sig ("2 puffs inh") they are not."""
        text = self.note.text
        if _DOSE_AFTER.match(text, hit.end):
            return True
        line_start = self.note.line(hit.start)[0]
        return (self.note.section_title(hit.start) in LIST_SECTIONS
                and not text[line_start:hit.start].strip(" \t-*\u2022.0123456789)"))

    def _combinations(self, hits: list[Match[Concept]]) -> list[Match[Concept | None]]:
        """Join ingredients written as one product ("norgestimate-ethinyl estradiol",
        "fluticasone furoate/umeclidinium/vilanterol"). A combination the table knows keeps
        its code; one it does not is text only, never coded as one of its ingredients."""
        text = self.note.text
        out: list[Match[Concept | None]] = []
        i = 0
        while i < len(hits):
            start, end, j = hits[i].start, hits[i].end, i
            joined_any = False
            while True:
                salt = _SALT.match(text, end)
                joined = _JOIN_AFTER.match(text, salt.end() if salt else end)
                if not joined:
                    break
                joined_any = True
                if j + 1 < len(hits) and end <= hits[j + 1].start <= joined.end() + 1:
                    j += 1
                    end = hits[j].end
                else:
                    end = joined.end()
            before = _JOIN_BEFORE.search(text, max(0, start - 40), start)
            if before and (i == 0 or hits[i - 1].end <= before.start()):
                start = before.start()
                joined_any = True
            if joined_any:
                surface = " ".join(text[start:end].split())
                out.append(Match(start, end, surface, lookup(Domain.MEDICATION, surface)))
            else:
                out.append(hits[i])
            i = j + 1
        return out

    def _drug_like(self, hits: list[Match[Concept]]) -> list[Match[Concept | None]]:
        """Drugs the table does not know, written with a dose: a word with a drug-name stem
        ("-pril", "-statin", "-mab", "-mer", "-ase" ...) right before "8.4 g", "21 mg"."""
        out: list[Match[Concept | None]] = []
        text = self.note.text
        for dose in _DRUG_LIKE_DOSE.finditer(text):
            m = _DRUG_LIKE.search(text, max(0, dose.start() - 80), dose.start())
            if m is None:
                continue
            if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
                continue
            if any(a <= m.start() < b for a, b in self.excluded):
                continue
            name = m.group("name")
            out.append(Match(m.start("name"), m.start("name") + len(name), name, None))
        return out

    # -- one mention ---------------------------------------------------------------------
    def _mention(self, hit: Match[Concept | None], next_start: int) -> _Mention | None:
        note = self.note
        title = note.section_title(hit.start)
        if title in SKIP_SECTIONS:
            return None
        concept = hit.entry
        surface = " ".join(note.text[hit.start:hit.end].split())
        name = _name(surface, concept) if concept else surface
        end = hit.end
        salt = _SALT.match(note.text, end)
        if salt and note.line(salt.end())[0] == note.line(end)[0]:
            if normalise(salt.group("salt")) not in normalise(name):
                name = f"{name} {salt.group('salt').lower()}"
            end = salt.end()
        key = _key(concept) if concept else normalise(surface)
        if salt and salt.group("salt").lower() in _MODIFIED_RELEASE:
            key += "+mr"  # extended-release oxycodone is another product than the immediate-release
        in_list = title in LIST_SECTIONS
        dosage, sig_end = self._dosage(hit.start, end, next_start, in_list)
        if in_list:
            status = self._list_status(hit.start)
            return _Mention(key, name, concept, hit.start, end, title, dosage, status, True, sig_end,
                            listed=True)
        kind = self._cue(hit.start, end)
        if kind == "avoid":
            return None
        ctx = self.context.assess(hit.start, hit.end)
        if (ctx.negated and kind is None) or ctx.family:
            return None
        if kind is None and self._hypothetical_before(hit.start):
            return None
        plan = title in PLAN_SECTIONS
        status = {"stop": "stopped", "hold": "on-hold", "change": "active", "active": "active",
                  "start": "intended" if plan else "active", "past": "completed"}.get(kind or "", None)
        if kind == "past" or (kind == "stop" and not plan):
            creates = False
        elif kind is None:
            creates = dosage is not None
        else:
            creates = True
        return _Mention(key, name, concept, hit.start, end, title, dosage, status, creates, sig_end,
                        new_regimen=kind in {"start", "change"})

    def _cue(self, start: int, end: int) -> str | None:
        """The verb that governs a drug mention: the nearest one before it in its clause, else
        a trailing one ("was stopped", "on hold")."""
        note = self.note
        c_start, c_end = note.clause(start)
        s_start, s_end = note.sentence(start)
        kind = None
        for m in _CUE_RE.finditer(note.text, c_start, start):
            kind = _cue_kind(m)
        if kind is not None:
            return kind
        back = _BACK_CUES.search(note.text, end, min(c_end, end + 60))
        if back:
            return back.lastgroup
        # a verb that opens the sentence governs a list of drugs ("Continue losartan and HCTZ")
        for m in _CUE_RE.finditer(note.text, s_start, min(start, s_start + 25)):
            kind = _cue_kind(m)
        return kind

    def _hypothetical_before(self, start: int) -> bool:
        c_start, _ = self.note.clause(start)
        return bool(_HYPOTHETICAL_BEFORE.search(self.note.text, c_start, start))

    def _list_status(self, start: int) -> str:
        note = self.note
        section = note.section(start)
        region_start = section.body_start if section else 0
        line_start, _ = note.line(start)
        status = "active"
        for m in _MARKER.finditer(note.text, region_start, note.line(start)[1]):
            if m.start() > line_start + 40:
                break
            word = (m.group("m") or m.group("h") or "").lower()
            status = _MARKER_STATUS.get(word, status)
        return status

    def _dosage(self, start: int, end: int, next_start: int, in_list: bool) -> tuple[Dosage | None, int]:
        """The dosage written after a drug (or just before it: "20 mL of 0.25% bupivacaine"),
        and where its words end."""
        note = self.note
        line_start, line_end = note.line(end)
        if in_list:
            line_end = self._sig_lines(line_end, next_start)
        stop = min(next_start, line_end)
        if not in_list:
            stop = min(stop, max(note.sentence(end)[1], end))
            cut = _SIG_STOP.search(note.text, end, stop)
            if cut:
                stop = cut.start()
        sig = note.text[end:stop]
        loading = _LOADING.search(sig)
        if loading:
            sig = sig[loading.end():]
        sliding = _SLIDING.search(sig)
        dosage = parse_sig(sig[:sliding.start()] + sig[sliding.end():] if sliding else sig)
        if sliding:
            if dosage is None:
                dosage = Dosage(text=" ".join(sig.split()).strip(" ,;:-."))
            dosage.dose_value = dosage.dose_unit = dosage.dose_unit_display = None
            dosage.dose_text = sliding.group()
            dosage.text = " ".join(sig.split()).strip(" ,;:-.")
        sig_end = end + len(note.text[end:stop].rstrip())
        if not _has_dose(dosage):
            pre = _PRE_QTY.search(note.text, max(line_start, start - 30), start)
            if pre:
                combined = parse_sig(pre.group("q") + " " + sig)
                if combined is not None:
                    return combined, sig_end
        return dosage, sig_end

    def _sig_lines(self, line_end: int, next_start: int) -> int:
        """Where a list entry's sig ends: up to two following lines that are its sig
        ("Sig: Take 1 tablet ...", "Inhale 2 puffs ...", "(Patient taking differently: ...)")
        and name no other drug before their end."""
        text = self.note.text
        for _ in range(2):
            nxt = line_end + 1
            if nxt >= len(text) or nxt >= next_start or not _SIG_LINE.match(text, nxt):
                break
            end = text.find("\n", nxt)
            line_end = len(text) if end < 0 else end
        return line_end

    def _text_only_lines(self, hits: list[Match[Concept]]) -> list[_Mention]:
        """Drug lines in a medication list that the lexicon does not know: the words before
        the first number are the name when the rest parses as a dose."""
        out = []
        note = self.note
        for start, end in note.regions(LIST_SECTIONS):
            pos = start
            for line in note.text[start:end].split("\n"):
                a, b = pos, pos + len(line)
                pos = b + 1
                if any(a <= h.start < b for h in hits):
                    continue
                m = _TEXT_ONLY_LINE.match(line)
                if not m or _NOT_DRUG_WORDS.match(m.group("name")):
                    continue
                dosage = parse_sig(m.group("sig"))
                if not _has_dose(dosage):
                    continue
                name = m.group("name").strip()
                name_start = a + m.start("name")
                out.append(_Mention(normalise(name), name, None, name_start, name_start + len(name),
                                    note.section_title(a), dosage, self._list_status(name_start), True, b,
                                    listed=True))
        return out

    # -- merging -------------------------------------------------------------------------
    def _merge(self, mentions: list[_Mention]) -> list[MedicationFact]:
        groups: dict[str, list[_Mention]] = {}
        for m in mentions:
            groups.setdefault(m.key, []).append(m)
        facts = []
        for group in (part for g in groups.values() for part in _by_route(g)):
            if not any(m.creates for m in group):
                continue
            best = _best_dosage_mention(group)
            status = "active"
            for m in group:
                if m.status:
                    status = m.status
            name = max((m.name for m in group), key=len) if best.concept else best.name
            end = max(best.end, best.sig_end) if best.dosage is not None else best.end
            ev_text = self.note.text[best.start:end]
            facts.append(MedicationFact(
                name=name,
                codings=list(best.concept.codings) if best.concept else [],
                evidence=Evidence(best.start, best.start + len(ev_text), ev_text, best.section),
                dosage=best.dosage,
                status=status,
            ))
        return facts


def _name(surface: str, concept: Concept) -> str:
    """The drug as written when that is only a spelling of the preferred name
    ("Budesonide-formoterol" for "budesonide / formoterol"); the preferred name when the note
    abbreviates ("ASA", "pip-tazo", "HCTZ")."""
    def squash(text: str) -> str:
        return _SQUASH.sub("", text.lower())
    surface = " ".join(surface.split())
    return surface if squash(surface) == squash(concept.display) else concept.display


def _key(concept: Concept) -> str:
    return concept.codings[0].code if concept.codings else normalise(concept.display)
