"""Procedures the patient has undergone, with the date when the note gives one.

A procedure-lexicon hit is a performed procedure when the note says it happened:

* it is listed in a surgical-history or "Procedure:" section (an operative note's
  procedure is dated by its "Date of Procedure"/"Date of exam" label, else by the note date);
* it is written as history: "s/p TAH 2015", "h/o CABG", "prior colonoscopy";
* a date is attached to it: "Echo 05/01/2025:", "Holter monitor on 04/28/2025",
  "lap chole 11/2023", "CABG x3 in 2018", "R IJ CVC (1/12)";
* a verb says it was done: "underwent", "performed", "placed", "obtained", "showed",
  "revealed", "today", "at this visit";
* it opens a line and its result follows ("CT head: no hemorrhage", "Echo - EF 55%"): the
  study was done; it stays undated unless a date is written, because a result line in a
  discharge summary may be from any day of the stay;
* it is a device in place on a "Lines:"/"Access:"/"Tubes:"/"Drains:" line.

Surgical-history items the table does not know are kept as text when they name an
operation ("-ectomy", "repair", "procedure" ...). Ambiguous abbreviations ("CT", "LP",
"ETT") count only in capitals, and "ETT" on a lines list is a tube, not a stress test.

Planned procedures ("plan for colonoscopy", "will get CT", "LHC tomorrow", "refer for",
"repeat ... in 8 weeks", "colonoscopy scheduled 6/12", "EGD 5/20 planned") are skipped: a Procedure resource records what was done, and the
gold lists performed procedures; a plan is a ServiceRequest/CarePlan concern. Negated,
hypothetical and comparison-study mentions are skipped too. One fact per procedure and date.
"""
from __future__ import annotations

import re

from tools.facts.context import ContextFinder
from tools.facts.dates import DateIndex
from tools.facts.lexicons import NoteMatches, ambiguous
from tools.facts.text import Match, NoteText, normalise
from tools.facts.types import Evidence, ProcedureFact
from tools.terminology import Concept, Domain

PROCEDURE_SECTIONS = frozenset({"past surgical history", "procedures"})
_SKIP_SECTIONS = frozenset({"family history", "review of systems", "allergies", "discharge instructions",
                            "follow-up", "immunizations", "comparison"})
_AFTER = re.compile(
    r"[\s,:(]*(?:(?:x\s*\d+|#\d+|performed|done|completed|placed|obtained|was\s+(?:performed|done|placed|obtained)|"
    r"(?:on|in|dated|from)|at\s+(?:her|his|the)\s+visit\s+on)\s*)*[\s(]*",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    r"[\s,]*(?:(?:s?he|the\s+patient|pt|patient)\s+)?(?:underwent|had|was\s+s/p|s/p|status\s+post|received)?\s*"
    r"(?:an?\s+|the\s+)?",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"(?<![\w/])(?:s/p|status\s+post|h/o|hx\s+of|history\s+of|prior|previous|previously|remote|underwent|"
    r"had\s+(?:an?|the|her|his)?)(?![\w/])",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"(?<![\w/])(?:underwent|undergone|performed|done|placed|obtained|showed|shows|revealed|reveals|demonstrated|"
    r"demonstrates|completed|received|removed|inserted|today|at\s+this\s+visit|this\s+visit|was\s+(?:performed|done|"
    r"placed|obtained|completed))(?![\w/])",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"(?<![\w/])(?:plan(?:ned|s)?(?:\s+for)?|will|would|schedul\w*|recommend\w*|consider\w*|refer\w*|order\w*|"
    r"pending|to\s+be|needs?|await\w*|request\w*|candidate\s+for|eval(?:uation)?\s+for|discuss\w*|"
    r"tomorrow|next|repeat|due|f/u|follow[- ]?up|prior\s+to|pre-?|before|prep\w*|if|until|possible|"
    r"options?|prefers?|education|consent\w*|risks?)(?![\w/])",
    re.IGNORECASE,
)
#: "Tdap given", "surfactant administered": done, said of a vaccine or a drug-like procedure
_GIVEN_AFTER = re.compile(r"\s*(?:was\s+|were\s+)?(?:given|administered)\b", re.IGNORECASE)
#: "colonoscopy scheduled 06/12", "EGD planned for ...", "surgery tentatively 4/14": booked, not done
_PLANNED_AFTER = re.compile(
    r"[\s,:(-]*(?:(?:on\s+|for\s+)?\d[\d/.-]*\s+)?(?:is\s+|was\s+|has\s+been\s+)?(?:tentative(?:ly)?\s+)?(?:scheduled|planned|booked|ordered|pending|"
    r"requested|recommended|to\s+be\s+(?:scheduled|done|performed|arranged)|being\s+arranged|will\s+be)\b",
    re.IGNORECASE,
)
#: a study reported with its result: "CT head: no hemorrhage", "Echo - EF 55%"
_RESULT_LINE = re.compile(r"[^:\n]{0,40}?(?::|[ \t][-\u2013][ \t])|\s+(?:showed|shows|revealed|demonstrated)\b", re.IGNORECASE)
_LINE_OPENING = re.compile(r"[ \t]*(?:[-*\u2022]\s*|\d{1,2}[.)]\s*)?(?:[A-Za-z ]{1,20}:\s*)?")
#: words that make a surgical-history item an operation
_OPERATION_WORD = re.compile(
    r"\w+(?:ectomy|otomy|ostomy|plasty|scopy|pexy|rrhaphy|desis)\b|\b(?:repair|replacement|bypass|graft|"
    r"resection|biopsy|transplant|fusion|ablation|catheteri[sz]ation|implant|stent|placement|removal|excision|"
    r"reduction|fixation|orif|surgery|procedure|arthroscopy|section|ligation|drainage|debridement|amputation)\b",
    re.IGNORECASE,
)
_ITEM_END = re.compile(r"[,;\n]|$")
_NAME_END = re.compile(r"\s*(?:\(|\d|\bin\b|\bon\b|\bat\b)")
_NONE = re.compile(r"(?:none|no|denies|n/a)\b", re.IGNORECASE)
_TODAY = re.compile(r"(?<![\w/])(?:today|at\s+this\s+visit|this\s+visit)(?![\w/])", re.IGNORECASE)
_DEVICE_LINE = re.compile(r"^\s*(?:lines?|access|tubes?|drains?|devices?|lines/tubes)\s*:", re.IGNORECASE | re.MULTILINE)
_PROCEDURE_DATE_LABEL = re.compile(
    r"\b(?:date\s+of\s+(?:procedure|surgery|operation|service|exam|study)|(?:procedure|surgery|operation|"
    r"operative|exam|study)\s+date)\b",
    re.IGNORECASE,
)


class ProcedureExtractor:
    """Procedure facts of one note."""

    def __init__(self, note: NoteText, matches: NoteMatches, context: ContextFinder, dates: DateIndex) -> None:
        self.note = note
        self.matches = matches
        self.context = context
        self.dates = dates

    def extract(self) -> list[ProcedureFact]:
        """One fact per procedure and date: "CT A/P" today and the comparison CT of last year
        are two procedures; an undated mention joins a dated one of the same procedure."""
        found: list[tuple[str, ProcedureFact]] = []
        hits = self.matches(Domain.PROCEDURE)
        for hit in hits:
            if ambiguous(hit) and not self._ambiguous_ok(hit):
                continue
            fact = self._fact(hit)
            if fact is not None:
                found.append((_key(hit.entry), fact))
        found += self._surgical_history_items(hits)
        facts: dict[tuple[str, str | None], ProcedureFact] = {}
        for key, fact in found:
            if (key, fact.performed) in facts:
                continue
            if fact.performed is None and any(k == key for k, _ in facts):
                continue
            if fact.performed is not None and (key, None) in facts:
                del facts[(key, None)]
            facts[(key, fact.performed)] = fact
        return list(facts.values())

    def _ambiguous_ok(self, hit: Match[Concept]) -> bool:
        """"CT", "LP", "TEE", "HD" count written in capitals; "ETT" on a "Lines:" line is a
        tube, not a stress test."""
        text = self.note.text
        surface = text[hit.start:hit.end]
        line_start = self.note.line(hit.start)[0]
        return surface.isupper() and not _DEVICE_LINE.match(text, line_start)

    def _surgical_history_items(self, hits: list[Match[Concept]]) -> list[tuple[str, ProcedureFact]]:
        """Surgical-history items the table does not know ("Hartmann procedure 2019"): kept as
        text when they read like an operation."""
        out = []
        text = self.note.text
        for start, end in self.note.regions(frozenset({"past surgical history"})):
            pos = start
            for m in _ITEM_END.finditer(text[start:end]):
                a, b = pos, start + m.start()
                pos = start + m.end()
                item = text[a:b].strip(" .-*\t\u2022")
                if not item or any(a <= h.start < b for h in hits) or not _OPERATION_WORD.search(item):
                    continue
                name = _NAME_END.split(item)[0].strip()
                if not name or len(name.split()) > 6 or _NONE.match(name):
                    continue
                s = a + text[a:b].find(name)
                date = self.dates.after(s + len(name), _AFTER, 40)
                out.append((normalise(name), ProcedureFact(name, [], Evidence(s, s + len(name), name,
                                                                              "past surgical history"),
                                                           performed=date)))
        return out

    def _opens_line(self, start: int) -> bool:
        """Whether a mention opens its line ("CT head: ...", "- EGD 11/2025: ...")."""
        line_start = self.note.line(start)[0]
        return bool(_LINE_OPENING.fullmatch(self.note.text, line_start, start))

    def _fact(self, hit: Match[Concept]) -> ProcedureFact | None:
        note = self.note
        title = note.section_title(hit.start)
        if title in _SKIP_SECTIONS:
            return None
        ctx = self.context.assess(hit.start, hit.end)
        if ctx.negated or ctx.family or ctx.hypothetical:
            return None
        c_start, c_end = note.clause(hit.start)
        s_start, s_end = note.sentence(hit.start)
        before = note.text[c_start:hit.start]
        after = note.text[hit.end:c_end]
        date = self.dates.after(hit.end, _AFTER, 40) or self.dates.before(hit.start, _BEFORE, 30)
        in_section = title in PROCEDURE_SECTIONS
        line_start, _ = note.line(hit.start)
        on_device_line = bool(_DEVICE_LINE.match(note.text, line_start)) and note.line(hit.start)[0] == line_start
        history = bool(_HISTORY.search(before))
        reported = bool(_RESULT_LINE.match(note.text, hit.end)) and self._opens_line(hit.start)
        if not (in_section or history or date or on_device_line or reported):
            if _PLANNED.search(before) or _PLANNED.search(note.text[hit.end:s_end][:40]):
                return None
            if not _DONE.search(before) and not _DONE.search(after) and not _GIVEN_AFTER.match(after) \
                    and not _GIVEN_AFTER.search(note.text, hit.start, hit.end):
                return None
        elif not (in_section or history) and (_PLANNED.search(before) or _PLANNED_AFTER.match(after)):
            return None
        if date is None and title == "procedures":
            date = self.dates.labelled(_PROCEDURE_DATE_LABEL) or self.dates.document_date.isoformat()
        if date is None and _TODAY.search(after + before):
            date = self.dates.document_date.isoformat()
        ev_end = hit.end
        return ProcedureFact(
            name=hit.entry.display,
            codings=list(hit.entry.codings),
            evidence=Evidence(hit.start, ev_end, note.text[hit.start:ev_end], title),
            performed=date,
            status="completed",
        )


def _key(concept: Concept) -> str:
    return concept.codings[0].code if concept.codings else normalise(concept.display)
