"""Conditions: the patient's problems and this encounter's diagnoses.

Where a condition may come from depends on the section's role (``sections.Role``):

* **problem list / past medical history**: every condition-lexicon hit, and each list item
  or comma item the lexicon does not know whose wording looks like a diagnosis (see
  ``_looks_like_diagnosis``); category ``problem-list-item``.
* **assessment / impression / plan / diagnoses**: every lexicon hit, and the head phrase
  of each numbered or bulleted item ("1. CAP, RLL - ..." -> CAP; "# Lesion left nasal
  ala, suspicious for ..." -> "Lesion left nasal ala") when the lexicon has nothing in it;
  category ``encounter-diagnosis``. An item that opens with "s/p <procedure>" ("Five
  weeks status post right TKA") is the status condition "status post right TKA". A prose
  assessment without numbered problems contributes the opening phrase of each sentence that
  names a diagnosis ("-itis", "-emia", "fracture", "weakness" ...).
* **history of present illness and other narrative**: symptoms are not problems, so only
  conditions the sentence introduces as the patient's history or diagnosis: "58 yo F w/
  asthma", "PMH of", "h/o", "known", "diagnosed with", "found to have", "DM2 dx 2016", and
  the indication of a procedure or a drug ("arthroplasty ... for osteoarthritis", "on
  warfarin for AF"); in a procedure's indications every non-symptom condition.
* review of systems, exam, results, family and social history: nothing, except a substance
  use disorder or current smoking in the social history ("alcohol use disorder", "current
  smoker"; a former smoker there is history, not a problem) and a wound diagnosis where the
  wound is examined ("WOUND #1: Sacrum - Stage 3 pressure injury" -> "Stage 3 pressure injury
  of sacrum"), which also needs no history cue in narrative.
* anywhere a problem may be: the infant's own prematurity ("ex-28 wk preemie", "30 wk
  preterm female infant"); an item head in a near form of a table name ("Anxieties") takes
  that concept; "side effect of <drug>" as an item head is "Adverse effect of <drug>"; a
  severity score or a routine visit ("Child-Pugh B", "Well child") is no problem.

Assertion (``context``): negated, family and hypothetical mentions are dropped, and so are
differential ones ("possible", "vs", "concern for", "suspicious for"): a problem list holds
what the clinician asserts, and a differential diagnosis is not a problem of the patient.
Probable ones ("likely", "presumed") are kept as ``provisional``.

Status: ``resolved`` when the note says so ("resolved", "in remission", "s/p treatment"),
or when an episodic condition (infection, infarction, fracture, thrombosis, bleed ...) is
written as history ("h/o DVT", "prior MI"); chronic conditions written as history ("h/o
HTN") stay ``active``. Onset is a date written right after the mention ("DM2 (dx 2009)",
"h/o MI 2015"); "dx in childhood" gives none.

Narrative symptoms (ICD-10-CM chapter R: fever, cough, chest pain) are not problems even
after "71 yo F with"; a symptom after "with" in a diagnosis ("DM2 w/ hyperglycemia") only
qualifies it. Ambiguous abbreviations ("RA", "PE", "AS", "ED") count only in capitals where
problems are listed (a problem list, an assessment item's head, a history sentence), never
after "on"/"%"/"the"/"via" ("91% on RA", "to the ED"). A condition word naming something
else is skipped ("renal diet", "zoster vaccine", "HCV screening", "ACS nomogram").

Longest name: a hit followed by "syndrome"/"disease"/"disorder" that its synonym lacks names
another condition ("respiratory distress syndrome" is not "respiratory distress"): the whole
phrase is the name, coded only when the table knows it. An ambiguous abbreviation right after
"with" in an assessment sentence is a diagnosis ("preterm infant ... with RDS on CPAP").

One fact per concept (or per normalised name for text-only conditions): the assessment
mention wins as evidence and makes the category ``encounter-diagnosis``; the most specific
wording in the note names it ("mild intermittent asthma" over "asthma"). Two rows with one
ICD-10-CM code ("HTN", "essential HTN") and a generic row whose specific form is also present
("CKD", "CKD stage 3b") fold into one problem; so do a generic row sharing its line with a
specific one, and a bleed with its cause ("UGIB secondary to gastric ulcer": one problem, coded
as the bleed, named by the whole phrase; a cause the note also states on its own stays a
problem). Not the patient's problems: a condition word inside a
procedure name ("cataract extraction") or before "therapy"/"scale"/"goal" ("aphasia therapy"),
and a newborn's birth history ("born via C/S for PPROM to a ... mother"), except chapter-P
conditions of the newborn itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tools.facts.context import Context, ContextFinder
from tools.facts.dates import DateIndex
from tools.facts.lexicons import NoteMatches, ambiguous
from tools.facts.sections import Role, role
from tools.facts.text import Match, NoteText, normalise
from tools.facts.types import ConditionFact, Evidence
from tools.terminology import Concept, Domain, lexicon, lookup

_LIST_MARKER = re.compile(r"^[ \t]*(?:#+\s*|\d{1,2}\s*[.)]\s*|[-*\u2022]\s+|\(?[a-z]\)\s*)", re.MULTILINE)
#: markers of a problem (as opposed to a "-" action bullet under it)
_PROBLEM_MARKER = re.compile(r"[ \t]*(?:#+\s*|\d{1,2}\s*[.)]\s*|problem\s*#?\s*\d+)", re.IGNORECASE)
_SYSTEM_LABEL = re.compile(
    r"(?:neuro(?:logic)?|cv|cardiac|cardiovascular|cards|resp(?:iratory)?|pulm(?:onary)?|id|infectious\s+disease|"
    r"renal|gu|gi|endo(?:crine)?|heme(?:/onc)?|onc|fen(?:/gi)?|msk|skin|derm|psych|social|pain|access|"
    r"ob|gyn|eyes|ent)\s*:\s*",
    re.IGNORECASE,
)
_HEAD_END = re.compile(
    r"\s+[-\u2013\u2014]+\s|\s*--|:|,|;|\s#\s|\.(?:\s|$)|\s+(?:w/|with|2/2|secondary\s+to|due\s+to|c/b|"
    r"complicated\s+by|s/p|in|likely|vs\.?|versus|from|after|now|currently|improving|resolving|stable|"
    r"controlled|uncontrolled|well|poorly|per|at|given|-\s*>|->)\s|(?<!\bacute)\s+on\s",
    re.IGNORECASE,
)
#: A/P item heads that are plan headings, not diagnoses.
_NOT_DIAGNOSIS = re.compile(
    r".*\b(?:ppx|prophylaxis|screening|risk|r/o|rule\s+out)$|^(?:dvt|vte|gi|stress\s+ulcer)?\s*(?:ppx|prophylaxis)\b|^(?:dispo(?:sition)?|fen(?:/gi)?|f/e/n|code(?:\s+status)?|"
    r"full\s+code|dnr|dni|diet|nutrition|activity|access|lines?|tubes?|drains?|foley|communication|contact|hcp|"
    r"goals\s+of\s+care|goc|emergency\s+contact|f/u|follow[- ]?up|pt/ot|pt|ot|labs?|imaging|meds?|medications?|"
    r"med\s+rec|health\s*care\s+maintenance|health\s+maintenance|hcm|preventive(?:\s+care)?|vaccines?|"
    r"immunizations?|screening|education|counseling|other|misc|general|summary|plan|assessment|impression|"
    r"bowel\s+regimen|pain\s+control|pain\s+management|iv\s+fluids|fluids|electrolytes|lytes|ppx|"
    r"rtc|return|discharge|disposition|consults?|referrals?|safety(?:\s+plan)?|precautions|monitoring|"
    r"neuro|cv|resp|id|renal|gi|endo|heme|msk|skin|psych|social|none|n/a|prn|glycemic\s+control|"
    r"anticoagulation|antibiotics?|abx|sedation|analgesia|hydration|ambulation|wound\s+care|"
    r"patient|pt|the\s+patient|he|she|we|will|ok|okay|stable|improving|continue|cont|start|stop|hold|check|"
    r"monitor|consider|obtain|order|give|discuss|encourage|recommend|increase|decrease|repeat|refer|"
    r"schedule|advise|counsel|reviewed?|see|call|f/u|as\s+above|see\s+above|per\s+hpi|noncontributory|"
    r"unremarkable|negative|non-?contributory|also|no|not|denies|without|never)\b",
    re.IGNORECASE,
)
_PLAN_VERB_START = re.compile(
    r"^(?:cont(?:inue)?|start|stop|hold|check|monitor|consider|obtain|order|give|discuss|encourage|recommend|"
    r"increase|decrease|repeat|refer|schedule|advise|counsel|will|plan|d/c|f/u|follow|return|rtc|trend|"
    r"titrate|wean|add|resume|restart|switch|change|maintain|avoid|keep|goal|target|npo|iv|po)\b",
    re.IGNORECASE,
)
_NARRATIVE_INTRO = re.compile(
    r"(?<![\w/])(?:\d+\s*(?:yo|y/o|y\.o\.?|yr?s?[- ]old|years?[- ]old|-year-old|year\s+old|(?-i:[MF]))\b"
    r"[^.;]*?(?:with|w/)|"
    r"pmhx?|past\s+medical\s+history|medical\s+history|h/o|hx|history|known|significant\s+for|notable\s+for|"
    r"diagnosed\s+with|dx(?:'d)?\s+(?:with|of)|found\s+to\s+have|admitted\s+(?:with|for)|being\s+treated\s+for|"
    r"complicated\s+by|c/b|underlying|chronic)(?![\w/])",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(
    r"(?:(?:end-stage|primary|secondary|acute|chronic|severe|moderate|mild|recurrent|left|right|bilateral|"
    r"intermittent|persistent|paroxysmal|metastatic|advanced|unstable|stable)\s+)+$",
    re.IGNORECASE,
)
_SITE_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:left|right|bilateral|both)\s+)?[a-z]+(?:\s+(?:joint|joints|knees?|hips?|lobe))?(?=[\s,.;)]|$)",
    re.IGNORECASE,
)
_INTRO_REACH = 100
_INTRO_BREAK = re.compile(r"[:.](?:\s|$)")
_CUE_COLON = re.compile(r"\s*:?")
#: "DM2, uncontrolled w/ hyperglycemia": a symptom after "with" qualifies the diagnosis before it
_WITH_BEFORE = re.compile(r"(?:w/|with)(?:\s+[A-Za-z][\w-]*){0,3}\s*$", re.IGNORECASE)
_HISTORY_WORD = re.compile(r"(?<![\w/])(?:pmhx?|past\s+medical\s+history|medical\s+history|h/o|hx|history|"
                           r"known|chronic|diagnosed|dx)(?![\w/])", re.IGNORECASE)
_POST_INTRO = re.compile(r"^\s*\(?\s*(?:dx(?:'d)?|diagnosed)\b", re.IGNORECASE)
_INDICATION = re.compile(r"(?<![\w/])for(?![\w/])", re.IGNORECASE)
_ONSET = re.compile(r"[\s,(]*(?:(?:dx(?:'d)?|diagnosed|since|onset|first\s+diagnosed)\s*(?:in|on)?\s*|in\s+)?",
                    re.IGNORECASE)
_EPISODIC = re.compile(
    r"infarct|\bmi\b|stroke|\bcva\b|\btia\b|transient\s+ischemic|pneumonia|fracture|embolism|thrombosis|\bdvt\b|"
    r"\bpe\b|infection|\buti\b|sepsis|septic|cellulitis|abscess|appendicitis|cholecystitis|pancreatitis|bleed|"
    r"hemorrhage|injury|concussion|covid|exacerbation|ulcer|diverticulitis|colitis|gastroenteritis|bronchitis|"
    r"sinusitis|otitis|pharyngitis|pyelonephritis|cystitis|overdose|syncope|delirium|dka|ketoacidosis|"
    r"obstruction|ileus|torsion|rupture|dissection|anaphylaxis|burn|laceration|sprain|dehydration",
    re.IGNORECASE,
)
_STATUS_POST = re.compile(
    r"(?:(?:\w+|\d+)\s+(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\s+|pod\s*#?\s*\d+\s+|hd\s*#?\s*\d+\s+)?"
    r"(?P<sp>s/p|status\s+post)\s+(?P<proc>[^,;:.()]+)",
    re.IGNORECASE,
)
#: a condition word that names something else: "renal diet", "zoster vaccine", "HCV screening"
_NOT_A_PROBLEM_AFTER = re.compile(
    r"(?:/[A-Za-z]+)?(?:\s+(?:and|or|&)\s+[A-Za-z]+)?[\s-]*(?:diet|vaccines?|vaccination|immuni[sz]ation|shots?|titers?|serology|screening|"
    r"education|teaching|precautions|protocol|order\s*set|clinic|team|service|consult|naat|pcr|tests?|testing|"
    r"swabs?|cultures?|cx|antibod(?:y|ies)|antigen|panel|levels?|assay|nomogram|pathway|status\s+unknown)\b",
    re.IGNORECASE,
)
#: the reason of an as-needed dose is not a problem of the patient
_PRN_BEFORE = re.compile(r"(?:\bprn|as\s+needed(?:\s+for)?|p\.r\.n\.?)\s*(?:for\s+)?(?:\w+\s+)?$", re.IGNORECASE)
#: a condition word that names a therapy, a score or a goal: "aphasia therapy", "stroke scale"
_THERAPY_AFTER = re.compile(
    r"[ \t]+(?:therapy|rehab(?:ilitation)?|exercises?|training|scale|score|questionnaire|goals?|support\s+group|"
    r"action\s+plan|care\s+plan|bundle)\b",
    re.IGNORECASE,
)
#: a newborn's birth history describes the mother's pregnancy and delivery ("born via C/S for
#: PPROM and breech to a 27 yo G1 mother"): those are not the infant's problems
_BIRTH_HISTORY = re.compile(
    r"^[ \t]*(?:birth|perinatal|neonatal\s+birth|delivery)\s+(?:hx|history)\s*:|"
    r"\b(?:born|delivered)\b[^.\n]*\bto\s+(?:an?\s+|the\s+|his\s+|her\s+)?[^.\n]*\bmother\b|"
    r"\bmaternal\s+(?:hx|history|course)\b",
    re.IGNORECASE | re.MULTILINE,
)
#: "Upper GI bleed secondary to gastric ulcer": the bleed and its cause are one problem
_BLEED = re.compile(r"bleed|hemorrhag|haemorrhag|hematochezia|melena|hematemesis", re.IGNORECASE)
_CAUSE_LINK = re.compile(
    r"\s*,?\s*(?:from|due\s+to|secondary\s+to|2/2|d/t|caused\s+by|attributed\s+to|related\s+to)\s+"
    r"(?:(?:an?|the|his|her|known|likely|probable)\s+)?(?:[A-Za-z][\w-]*\s+){0,3}$",
    re.IGNORECASE,
)
_WITH_JUST_BEFORE = re.compile(r"(?<![\w/])(?:with|w/)\s+$", re.IGNORECASE)
_WOUND_SECTIONS = frozenset({"physical exam", "objective", "findings"})
_RANK = {Role.DIAGNOSES: 4, Role.PLAN: 3, Role.PROBLEMS: 2, Role.NARRATIVE: 1}
_ENCOUNTER_ROLES = (Role.DIAGNOSES, Role.PLAN)
_PARAGRAPH_ASSESSMENTS = frozenset({"assessment", "impression", "assessment and plan"})
_AGE = re.compile(r"\b\d+\s*(?:-\s*)?(?:yo|y\s*/?\s*o|y\.o\.?|years?|yrs?|months?|mos?|weeks?|wks?|days?)\b|\bold\b",
                  re.IGNORECASE)
_ACTION_WORD = re.compile(
    r"(?<![\w/])(?:to|if|may|will|should|please|per|sent|placed|reviewed|taken|given|done|completed|discussed|"
    r"ordered|obtained|scheduled|confirmed|started|continued|stopped|held|called|uploaded|performed|await(?:ing)?|"
    r"bring|admit|enroll|optimize|pending|needed|provided|refilled|updated|reassess|recheck|noted|d/c'?d|"
    r"receives|attends|x\s*\d+)(?![\w/])",
    re.IGNORECASE,
)
#: heads that name a procedure or an immunization, not a problem ("Staple removal", "Tdap")
_PROCEDURE_OR_VACCINE = re.compile(
    r"(?:removal|placement|insertion|repair|injection|biopsy|\w+ectomy|\w+otomy|\w+ostomy|\w+plasty|\w+scopy|"
    r"\w+graphy|ultrasound|x-?ray|imaging|mri|ct|consult|referral)$|^(?:tdap|td|dtap|flu|influenza|pneumovax|"
    r"prevnar|shingrix|covid|hep\s*[ab]|hpv|mmr|vaccin\w*|immuniz\w*)\b",
    re.IGNORECASE,
)
#: words that make a phrase a diagnosis, for prose assessments without numbered problems
_DIAGNOSTIC_NOUN = re.compile(
    r"\w+(?:itis|osis|emia|aemia|pathy|oma|algia|plegia|paresis|trophy|ectasis|uria)\b|"
    r"\b(?:weakness|disease|disorder|syndrome|failure|injury|fracture|lesion|mass|nodule|cyst|stenosis|"
    r"infection|ulcer|deficiency|insufficiency|dysfunction|obstruction|effusion|hemorrhage|bleed(?:ing)?|"
    r"dysplasia|tumou?r|cancer|carcinoma|neoplasm|abscess|deformity|contracture|instability|tear|sprain|"
    r"strain|laceration|wound|burn|lag|palsy|delay|hernia|prolapse|reflux|apnea|edema|dependence|abuse)\b",
    re.IGNORECASE,
)
_GENERIC_HEAD = re.compile(
    r"^(?:pain|growth|development|lactation|breast\s*feeding|contraception|post-?op(?:erative)?(?:\s+care)?|"
    r"wound\s+care|skin|sleep|mood|weight|vitals?|exam|symptoms?|concerns?|issues?|problems?|history|"
    r"medical|surgical|social|family)$",
    re.IGNORECASE,
)
#: words that only qualify a diagnosis: "CKD" and "CKD stage 3b" are one problem
_QUALIFIERS = frozenset(
    "acute chronic subacute stage type grade class severe moderate mild recurrent uncontrolled controlled "
    "paroxysmal persistent permanent primary secondary left right bilateral of the with without in on and "
    "early late new old active suppurative uncomplicated complicated exacerbation perforation perforated "
    "essential intermittent persistent a b i ii iii iv v age related senile presenile juvenile congenital acquired "
    "idiopathic nuclear sclerotic sclerosis cortical subcapsular posterior anterior combined mixed focal diffuse "
    "generalized localized simple benign".split()
)


_NOT_A_PROBLEM_BEFORE = re.compile(r"%\s*(?:on\s*)?$|\bon\s*$|\b(?:the|to|in|at|from|via|nearest|an?)\s*$|[\d-]\s*$")
_ARTICLE = re.compile(r"\bthe\s+", re.IGNORECASE)
_HASH_ITEM = re.compile(r"(?:^|\s)#\s*(?=\S)")
_PROCEDURE_END = re.compile(r"\s+(?:and|with|w/|for|on|in|now|doing|progressing)\s")
_NON_LETTER = re.compile(r"[^A-Za-z]")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)?")
_SLASH = re.compile(r"\s*/\s*")
_HISTORY_HEAD = re.compile(r"(?:h/o|hx|history\s+of|prior|remote|previous)\b", re.IGNORECASE)
_TRAILING_DATE = re.compile(r"\s+(?:in\s+|since\s+)?(?:\d{1,2}/)?(?:\d{1,2}/)?\d{2,4}\s*$")
_WORD = re.compile(r"[A-Za-z]+")
_D_O = re.compile(r"(?<![\w/])d\s*/\s*o(?![\w/])", re.IGNORECASE)  # "etoh use d/o": the table's name reads better
_MEASUREMENT = re.compile(r"[<>=%]|\d\s*(?:mg|mcg|ml|units?)\b", re.IGNORECASE)


_NOT_A_QUALIFIER = re.compile(r"\d|\b(?:h/o|hx|history|s/p|prior|known|possible|likely|probable|presumed|suspected|"
                              r"of|with|w/|and|or|on|no|not|denies|denied|but|has|have|had|without|w/o|"
                              r"never|negative|rule|r/o)\b", re.IGNORECASE)


#: substance use a clinician lists as a problem even from the social history ("tobacco use
#: disorder", "alcohol abuse", "current smoker"); a former smoker there is only history (the
#: convention of the gold notes: "SHx: former smoker, quit 2015" is not a problem)
_SUBSTANCE_DISORDER = re.compile(r"use\s+disorder|dependence|abuse|addiction", re.IGNORECASE)
_CURRENT_SMOKER = re.compile(r"\b(?:current|active|every\s+day|some\s+day|daily)\b", re.IGNORECASE)
_SOCIAL_SECTIONS = frozenset({"social history"})
#: wound diagnoses are named where the wound is examined ("Sacrum - Stage 3 pressure injury")
_WOUND_DIAGNOSIS = re.compile(r"pressure\s+(?:injury|ulcer)|decubitus|deep\s+tissue\s+(?:pressure\s+)?injury",
                              re.IGNORECASE)
#: "WOUND #1: Sacrum/coccyx - Stage 3 pressure injury", "Sacrum with stage 2 pressure injury"
_SITE_BEFORE = re.compile(
    r"(?:^|[:;]\s*|\.\s+)(?P<site>[A-Za-z]+(?:[ /](?:left|right|[a-z]+)){0,2})\s*(?:-+|:|with)\s*$")
#: "3. Mild behavioral side effect of levetiracetam": a drug's adverse effect is a diagnosis
_ADVERSE_EFFECT = re.compile(
    r"^(?:[A-Za-z-]+\s+){0,3}?(?:side\s+effects?|adverse\s+(?:drug\s+)?(?:effects?|reactions?))\s+"
    r"(?:of|from|to|due\s+to)\s+(?P<drug>[A-Za-z][\w-]*)", re.IGNORECASE)
#: a word that makes the phrase before it a different, longer condition: "respiratory distress
#: syndrome" is not "respiratory distress"
_LONGER_NAME = re.compile(r"[ \t]+(?:syndrome|disease|disorder)\b", re.IGNORECASE)
#: "Ex-28 3/7 wk preterm male infant", "30 wk preterm female infant", "ex-28 wk preemie"
_PRETERM = re.compile(
    r"\b(?P<ex>ex[- ]?)?(?:\d{2}(?:\s+\d/7)?\s*(?:wk|wks|weeks?|week)\s+)?"
    r"(?:(?:preterm|premature)\s+(?:(?:male|female|twin|baby)\s+)?(?:infant|neonate|newborn|baby|boy|girl)|preemie)\b",
    re.IGNORECASE)
_PRETERM_WORD = re.compile(r"preterm|premature|preemie", re.IGNORECASE)
#: a severity score or a routine visit is not a problem: "Child-Pugh B", "GMFCS II", "Well child"
_SCORE_OR_VISIT = re.compile(
    r"^(?:child[- ]?pugh|meld(?:-na)?|nyha|gold|gmfcs|ecog|kps|karnofsky|asa|cha2ds2|has[- ]?bled|wells|curb|"
    r"apgar|ef|lvef|bmi|gcs|nihss|phq|gad-?7|mmse|moca|ps)\b|^well\s+(?:child|baby|woman|man|adult|visit|exam)\b",
    re.IGNORECASE)


#: "C. diff negative", "Flu A/B PCR neg", "COVID swab (-)": the condition word names a test result
_TESTED_NEGATIVE_AFTER = re.compile(
    r"[ \t]*(?:(?:toxin|pcr|naat|antigen|ag|screen|test(?:ing)?|swab|cx|culture|studies|stool\s+studies)[ \t]+)?"
    r"(?:(?:was|were|is|are|came\s+back|returned|tested|testing)[ \t]+)?(?:negative|neg\b|\(-\)|not\s+detected)",
    re.IGNORECASE)
#: "#Hyperbilirubinemia - resolved off phototherapy", "AUD: in sustained remission": an item's
#: status written after its head (the " - " ends the assertion clause, so the context misses it)
_TRAILING_STATUS = re.compile(
    r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?(?:-+|:|,|\u2013|\u2014)[ \t]*(?:(?:now|has|had|is|was|since|clinically)[ \t]+)*"
    r"(?:(?P<resolved>resolved)|(?P<remission>in[ \t]+(?:early[ \t]+|sustained[ \t]+|partial[ \t]+|full[ \t]+|complete[ \t]+)?remission))\b",
    re.IGNORECASE)


def _with_trailing_status(ctx: Context, text: str, end: int) -> Context:
    m = _TRAILING_STATUS.match(text, end)
    if m is None:
        return ctx
    return replace(ctx, resolved=True) if m.group("resolved") else replace(ctx, remission=True)


@dataclass
class _Mention:
    key: str
    name: str
    concept: Concept | None
    start: int
    end: int
    role: Role
    section: str | None
    context: Context
    onset: str | None
    folded: bool = False  # a generic or causal mention folded into a more specific problem


class ConditionExtractor:
    """Condition facts of one note."""

    def __init__(self, note: NoteText, matches: NoteMatches, context: ContextFinder, dates: DateIndex,
                 excluded: list[tuple[int, int]]) -> None:
        self.note = note
        self.matches = matches
        self.context = context
        self.dates = dates
        self.excluded = excluded
        self._heads = self._item_heads()

    def extract(self) -> list[ConditionFact]:
        mentions: list[_Mention] = []
        hits = [h for h in self.matches(Domain.CONDITION)
                if not any(a <= h.start < b for a, b in self.excluded)]
        for hit in hits:
            mention = self._from_hit(hit)
            if mention is not None:
                mentions.append(mention)
        mentions += self._from_items(hits)
        mentions += self._preterm()
        mentions.sort(key=lambda m: m.start)  # facts in the order the note gives them
        return self._merge(mentions)

    def _preterm(self) -> list[_Mention]:
        """"Ex-28 wk preemie", "30 wk preterm female infant": the infant's own prematurity."""
        text = self.note.text
        if not _PRETERM_WORD.search(text):
            return []
        out = []
        for m in _PRETERM.finditer(text):
            title = self.note.section_title(m.start())
            r = role(title)
            if r in (Role.SKIP, Role.PROCEDURES, Role.PLAN):
                continue
            ctx = self.context.assess(m.start(), m.end())
            if ctx.excluded or ctx.certainty == "differential":
                continue
            concept = lookup(Domain.CONDITION, "preterm infant")
            name = "Former preterm infant" if m.group("ex") else "Preterm infant"
            key = _key(concept) if concept else normalise(name)
            out.append(_Mention(key, name, concept, m.start(), m.end(), r, title, ctx, None))
        return out

    # -- lexicon hits ---------------------------------------------------------------------
    def _from_hit(self, hit: Match[Concept]) -> _Mention | None:
        note = self.note
        title = note.section_title(hit.start)
        r = role(title)
        wound = bool(_WOUND_DIAGNOSIS.search(hit.entry.display))
        if r is Role.SKIP and title in _SOCIAL_SECTIONS and self._social_problem(hit):
            r = Role.PROBLEMS  # "SHx: current smoker; alcohol use disorder"
        elif r is Role.SKIP and wound and title in _WOUND_SECTIONS:
            r = Role.PROBLEMS  # "Exam: Sacrum - stage 3 pressure injury"
        if r in (Role.SKIP, Role.PROCEDURES):
            return None
        if r is Role.PLAN and not _LIST_MARKER.match(note.text, note.line(hit.start)[0]) \
                and hit.start > note.sentence(hit.start)[0] + 40:
            # a plan sentence names conditions as reasons ("... given CKD"), not as problems
            return None
        if _NOT_A_PROBLEM_AFTER.match(note.text, hit.end) or _PRN_BEFORE.search(note.text[max(0, hit.start - 25):hit.start]):
            return None
        if _THERAPY_AFTER.match(note.text, hit.end) or self._inside_procedure(hit):
            return None  # "aphasia therapy", "cataract extraction", "hernia repair"
        if self._birth_history(hit.start) and not _is_perinatal(hit.entry):
            return None
        if ambiguous(hit) and not self._ambiguous_ok(hit, r):
            return None
        if _TESTED_NEGATIVE_AFTER.match(note.text, hit.end):
            return None  # "C. diff negative", "COVID PCR neg": a test result, not a problem
        ctx = _with_trailing_status(self.context.assess(hit.start, hit.end), note.text, hit.end)
        if ctx.excluded or ctx.certainty == "differential":
            return None
        longer = _LONGER_NAME.match(note.text, hit.end)
        if longer and normalise(longer.group()) in normalise(hit.synonym):
            longer = None
        if r is Role.NARRATIVE and not wound and not self._introduced(hit.start, hit.end):
            return None
        if longer is None and r is Role.NARRATIVE and _is_symptom(hit.entry) and not self._history_word(hit.start):
            # "71 yo F with LLQ pain and fever": presenting symptoms, not problems
            return None
        if longer is None and _is_symptom(hit.entry) and self._qualifies_previous(hit):
            return None
        onset = self.dates.after(hit.end, _ONSET, 40)
        if longer is not None:
            # "respiratory distress syndrome": the table's shorter "respiratory distress" is
            # another condition; name the longer phrase, coded only when the table knows it
            phrase = " ".join(note.text[hit.start:longer.end()].split())
            concept = lookup(Domain.CONDITION, phrase)
            name = _surface_name(phrase, concept) if concept else phrase[0].upper() + phrase[1:]
            key = _key(concept) if concept else normalise(phrase)
            return _Mention(key, name, concept, hit.start, longer.end(), r, title, ctx, onset)
        name = self._name_from_head(hit) or self._qualified_name(hit)
        if wound:
            name = self._wound_name(hit, name)
        return _Mention(_key(hit.entry), name, hit.entry, hit.start, hit.end, r, title, ctx, onset)

    def _social_problem(self, hit: Match[Concept]) -> bool:
        """A substance use disorder named in the social history ("alcohol use disorder",
        "tobacco abuse") or current smoking ("current smoker"); not a former smoker."""
        surface = self.note.text[hit.start:hit.end]
        concept = hit.entry
        if _SUBSTANCE_DISORDER.search(concept.display) or _SUBSTANCE_DISORDER.search(surface):
            return True
        if concept.code("icd10cm") == "Z72.0":  # tobacco use
            return bool(_CURRENT_SMOKER.search(surface))
        return False

    def _wound_name(self, hit: Match[Concept], name: str) -> str:
        """A wound diagnosis with the site the line gives it: "Sacrum/coccyx - Stage 3 pressure
        injury" -> "Stage 3 pressure injury of sacrum/coccyx"."""
        if " of " in name.lower():
            return name
        text = self.note.text
        line_start = self.note.line(hit.start)[0]
        before = _SITE_BEFORE.search(text, max(line_start, hit.start - 40), hit.start)
        if before is None:
            return name
        site = before.group("site").lower()
        if site in {"with", "and", "has", "had", "pt", "patient", "wound", "noted"} or lookup(Domain.CONDITION, site):
            return name
        return f"{name} of {site}"

    def _inside_procedure(self, hit: Match[Concept]) -> bool:
        """A condition word that is part of a procedure's name names the operation."""
        return any(p.start <= hit.start and hit.end <= p.end and p.end - p.start > hit.end - hit.start
                   for p in self.matches.within(Domain.PROCEDURE, max(0, hit.start - 60), hit.end + 60))

    def _birth_history(self, start: int) -> bool:
        s_start, s_end = self.note.sentence(start)
        l_start, _ = self.note.line(start)
        return bool(_BIRTH_HISTORY.search(self.note.text, min(s_start, l_start), s_end))

    def _ambiguous_ok(self, hit: Match[Concept], r: Role) -> bool:
        """"RA", "PE", "AS", "ED" count only written in capitals where problems are listed: a
        problem list, the head of an assessment item, or a history sentence; never next to
        an oxygen saturation ("91% on RA") or as a place ("to the ED")."""
        text = self.note.text
        surface = text[hit.start:hit.end]
        if not (surface.isupper() or (surface.endswith("s") and surface[:-1].isupper())):
            return False
        before = text[max(0, hit.start - 14):hit.start].lower()
        if _NOT_A_PROBLEM_BEFORE.search(before):
            return False
        if r is Role.PROBLEMS or r is Role.NARRATIVE:
            return True
        if r is Role.DIAGNOSES and _WITH_JUST_BEFORE.search(text, max(0, hit.start - 6), hit.start):
            return True  # "preterm infant, DOL 9, with RDS on CPAP"
        return any(a <= hit.start and hit.end <= b for a, b, _, _ in self._heads)

    def _qualified_name(self, hit: Match[Concept]) -> str:
        """The name as written with its site and grade: "primary osteoarthritis of the right
        knee" -> "primary osteoarthritis of right knee"."""
        text = self.note.text
        name = _surface_name(text[hit.start:hit.end], hit.entry)
        if name == hit.entry.display and text[hit.start:hit.end].isupper():
            return name
        before = _QUALIFIER_BEFORE.search(text, max(0, hit.start - 40), hit.start)
        after = _SITE_AFTER.match(text, hit.end)
        if not before and not after:
            return name
        words = []
        if before:
            words.append(before.group().strip())
        words.append(text[hit.start:hit.end])
        if after:
            words.append(_ARTICLE.sub("", after.group().strip()))
        qualified = " ".join(" ".join(words).split())
        return qualified[0].upper() + qualified[1:]

    def _qualifies_previous(self, hit: Match[Concept]) -> bool:
        text = self.note.text
        if not _WITH_BEFORE.search(text, max(0, hit.start - 40), hit.start):
            return False
        line_start = self.note.line(hit.start)[0]
        return any(line_start <= h.end <= hit.start and hit.start - h.end < 40 and h is not hit
                   for h in self.matches(Domain.CONDITION))

    def _history_word(self, start: int) -> bool:
        c_start, _ = self.note.clause(start)
        return bool(_HISTORY_WORD.search(self.note.text, c_start, start))

    def _introduced(self, start: int, end: int) -> bool:
        """Whether a narrative sentence presents the condition as the patient's history or
        diagnosis, not as a presenting symptom. The cue must be close ("w/ HTN, OSA, and
        CKD3a"), with no colon or sentence end between it and the condition."""
        note = self.note
        c_start, _ = note.clause(start)
        window = max(c_start, start - _INTRO_REACH)
        for m in _NARRATIVE_INTRO.finditer(note.text, window, start):
            after_cue = _CUE_COLON.match(note.text, m.end()).end()  # "Relevant hx: T2DM"
            if not _INTRO_BREAK.search(note.text, after_cue, start):
                return True
        if _POST_INTRO.match(note.text[end:end + 20]):
            return True
        s_start, _ = note.sentence(start)
        # the indication of a procedure or a drug: "arthroplasty ... for osteoarthritis",
        # "on warfarin for AF"
        for domain in (Domain.PROCEDURE, Domain.MEDICATION):
            found = self.matches.within(domain, s_start, start)
            if found and _INDICATION.search(note.text, found[-1].end, start) and start - found[-1].end < 60:
                return True
        return note.section_title(start) == "procedure indications" and not _is_symptom_text(note.text[start:end])

    def _name_from_head(self, hit: Match[Concept]) -> str | None:
        """The item's own wording when it qualifies the concept ("Paroxysmal atrial
        fibrillation" for the atrial fibrillation concept)."""
        head = next(((a, b) for a, b, _, _ in self._heads if a <= hit.start and hit.end <= b), None)
        if head is None:
            return None
        h_start, h_end = head
        text = self.note.text
        if _D_O.search(text, h_start, h_end):
            return None  # "etoh use d/o": the table's name reads better than the abbreviation
        words = _clean_head(text[h_start:h_end]).split()
        extra = len(words) - len(text[hit.start:hit.end].split())
        if extra <= 0 or extra > 4:
            return None
        if any(h is not hit for h in self.matches.within(Domain.CONDITION, h_start, h_end)):
            return None  # "hyperlipidemia / GERD": two problems, each named by its own words
        outside = (text[h_start:hit.start] + " " + text[hit.end:h_end]).lower()
        if _NOT_A_QUALIFIER.search(outside):
            return None
        return " ".join(words)

    # -- list items ------------------------------------------------------------------------
    def _item_heads(self) -> list[tuple[int, int, Role, str]]:
        """The head phrase of every problem item: numbered or "#" items of an assessment (a
        "-" bullet under them is an action), bulleted or plain lines of a problem list, each
        comma item of a past-medical-history line."""
        note = self.note
        text = note.text
        heads = []
        for section in note.sections:
            r = role(section.title)
            if r not in (Role.DIAGNOSES, Role.PROBLEMS, Role.PLAN):
                continue
            lines = []
            pos = section.body_start
            for line in text[section.body_start:section.end].split("\n"):
                if line.strip():
                    lines.append((pos, pos + len(line)))
                pos += len(line) + 1
            problem_marked = [ln for ln in lines if _PROBLEM_MARKER.match(text, ln[0])]
            if problem_marked:
                chosen = problem_marked
            elif any(_LIST_MARKER.match(text, a) for a, _ in lines):
                chosen = [ln for ln in lines if _LIST_MARKER.match(text, ln[0])]
            elif (r is Role.PROBLEMS) or all(len(text[a:b].split()) <= 10 for a, b in lines):
                chosen = lines
            elif section.title in _PARAGRAPH_ASSESSMENTS:
                # a prose assessment: a sentence may open with its diagnosis
                chosen = [(a, b) for a, b in note.sentences(section.body_start, section.end)
                          if _DIAGNOSTIC_NOUN.search(text, a, min(b, a + 60))
                          or _STATUS_POST.match(text, a + len(text[a:b]) - len(text[a:b].lstrip()))]
            elif len(lines) == 1:
                chosen = lines
            else:
                continue
            for a, b in chosen:
                for item_start, item_end in self._items(a, b, r):
                    end_m = _HEAD_END.search(text, item_start, item_end)
                    end = end_m.start() if end_m else item_end
                    while item_start < end and text[item_start] in " \t":
                        item_start += 1
                    if end > item_start:
                        heads.append((item_start, end, r, section.title))
        return heads

    def _items(self, a: int, b: int, r: Role) -> list[tuple[int, int]]:
        """A line may hold several "#" problems; a problem-list line several comma-separated
        problems (commas inside parentheses do not count)."""
        text = self.note.text
        parts = []
        pos = a
        for m in _HASH_ITEM.finditer(text[a:b]):
            if m.start() > 0:
                parts.append((pos, a + m.start()))
                pos = a + m.start()
        parts.append((pos, b))
        items = []
        for start, end in parts:
            marker = _LIST_MARKER.match(text, start)
            if marker and marker.end() <= end:
                start = marker.end()
            while start < end and text[start] in " \t":
                start += 1
            system = _SYSTEM_LABEL.match(text, start)
            if system:
                start = system.end()
            if r is not Role.PROBLEMS:
                items.append((start, end))
                continue
            depth = 0
            pos = start
            for i in range(start, end):
                ch = text[i]
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth = max(0, depth - 1)
                elif depth == 0 and (ch in ",;" or (ch == "." and text[i + 1:i + 3][:1] == " "
                                                    and text[i + 2:i + 3].isupper())):
                    items.append((pos, i))
                    pos = i + 1
            items.append((pos, end))
        return items

    def _from_items(self, hits: list[Match[Concept]]) -> list[_Mention]:
        out = []
        for h_start, h_end, r, title in self._heads:
            if r is Role.PLAN:
                continue
            mention = self._head_mention(h_start, h_end, r, title, hits)
            if mention is not None:
                out.append(mention)
        return out

    def _head_mention(self, a: int, b: int, r: Role, title: str, hits: list[Match[Concept]]) -> _Mention | None:
        text = self.note.text
        line_end = self.note.line(a)[1]
        sp = _STATUS_POST.match(text, a, line_end)
        if sp and r is Role.DIAGNOSES:
            proc = sp.group("proc").strip()
            proc = _PROCEDURE_END.split(proc)[0].strip()
            if proc and len(proc.split()) <= 6:
                name = f"status post {proc}"
                ctx = self.context.assess(sp.start("sp"), sp.end())
                return _Mention(normalise(name), name, None, sp.start("sp"), sp.start("proc") + len(proc), r, title,
                                ctx, None)
        head = text[a:b].strip(" .-*\t")
        if not head:
            return None
        h_start = a + text[a:b].find(head)
        h_end = h_start + len(head)
        adverse = _ADVERSE_EFFECT.match(head)
        if adverse and r in (Role.DIAGNOSES, Role.PROBLEMS):
            # "Mild behavioral side effect of levetiracetam": counselling cues ("side effects
            # of") make it hypothetical in prose, but as a problem's head it is a diagnosis
            ctx = self.context.assess(h_start, h_end)
            if ctx.negated or ctx.family:
                return None
            name = f"Adverse effect of {adverse.group('drug').lower()}"
            concept = lookup(Domain.CONDITION, "adverse drug reaction")
            return _Mention(normalise(name), name, concept, h_start, h_start + adverse.end(), r, title,
                            replace(ctx, hypothetical=False, certainty="confirmed"), None)
        if any(h.start < h_end and h_start < h.end for h in hits):
            return None
        name = _clean_head(head)
        concept = _near_form(name)
        if concept is not None:
            # "Anxieties", "Pneumonias": a plural or spelling the matcher missed
            ctx = _with_trailing_status(self.context.assess(h_start, h_end), text, h_end)
            if ctx.excluded or ctx.certainty == "differential":
                return None
            return _Mention(_key(concept), concept.display, concept, h_start, h_end, r, title, ctx,
                            self.dates.after(h_end, _ONSET, 40))
        if not _looks_like_diagnosis(name):
            return None
        line_start = self.note.line(h_start)[0]
        own_line = not text[line_start:h_start].strip(" \t-*#.)0123456789\u2022")
        if len(name.split()) == 1 and name.islower() and not own_line:
            return None  # a lone lower-case word inside a sentence is prose, not a problem
        for domain in (Domain.MEDICATION, Domain.PROCEDURE, Domain.OBSERVATION):
            if self.matches.within(domain, h_start, h_end):
                return None
        if _TESTED_NEGATIVE_AFTER.match(text, h_end):
            return None
        ctx = _with_trailing_status(self.context.assess(h_start, h_end), text, h_end)
        if ctx.excluded or ctx.certainty == "differential":
            return None
        if _HISTORY_HEAD.match(name):
            ctx = replace(ctx, historical=True)  # "Hx nonfatal opioid overdose"
        return _Mention(normalise(name), name, None, h_start, h_end, r, title, ctx,
                        self.dates.after(h_end, _ONSET, 40))

    # -- merging ---------------------------------------------------------------------------
    def _fold_causes(self, mentions: list[_Mention], groups: dict[str, list[_Mention]]) -> None:
        """"Upper GI bleeding from a duodenal ulcer": one problem, named by the whole phrase and
        coded as the bleed, with the cause folded in."""
        text = self.note.text
        for bleed in mentions:
            label = bleed.concept.display if bleed.concept else bleed.name
            if not _BLEED.search(label) or bleed.key not in groups:
                continue
            line_end = self.note.line(bleed.start)[1]
            for cause in mentions:
                if cause is bleed or cause.key == bleed.key or not bleed.end < cause.start <= line_end:
                    continue
                if cause.start - bleed.end > 60 or not _CAUSE_LINK.fullmatch(text, bleed.end, cause.start):
                    continue
                if cause.key in groups:
                    phrase = " ".join(text[bleed.start:cause.end].split())
                    bleed.name = phrase[0].upper() + phrase[1:]
                    # a cause the note also states on its own ("Known history of uterine
                    # fibroids") stays a problem of its own
                    elsewhere = [m for m in groups[cause.key]
                                 if not (bleed.start <= m.start <= line_end) and m.role is not Role.PLAN]
                    if not elsewhere:
                        groups[bleed.key].extend(_folded(groups.pop(cause.key)))
                break

    def _merge(self, mentions: list[_Mention]) -> list[ConditionFact]:
        groups: dict[str, list[_Mention]] = {}
        for m in mentions:
            groups.setdefault(m.key, []).append(m)
        self._fold_causes(mentions, groups)
        _fold_generic(groups)
        _fold_same_line(self.note, groups)
        facts = []
        for group in groups.values():
            own = [m for m in group if not m.folded] or group
            best = max(own, key=lambda m: (_RANK.get(m.role, 0), len(m.name), -m.start))
            # the most specific wording anywhere in the note names the problem ("mild
            # intermittent asthma" in the history, "asthma" in the plan)
            name = max((m.name for m in own if m.concept is best.concept or best.concept is None),
                       key=lambda n: (len(n.split()), len(n)))
            category = "encounter-diagnosis" if any(m.role in _ENCOUNTER_ROLES for m in group) else "problem-list-item"
            verification = "confirmed" if any(m.context.certainty == "confirmed" for m in group) else "provisional"
            status = "active"
            if all(_resolved(m) for m in group):
                status = "resolved"
            elif any(m.context.remission for m in group) and not any(_active_now(m) for m in group):
                status = "remission"  # "alcohol use disorder, in early remission"
            onset = next((m.onset for m in group if m.onset), None)
            ev_text = self.note.text[best.start:best.end]
            coded = best if best.concept else next((m for m in own if m.concept), None)
            facts.append(ConditionFact(
                name=name,
                codings=list(coded.concept.codings) if coded and coded.concept else [],
                evidence=Evidence(best.start, best.end, ev_text, best.section),
                clinical_status=status,
                verification_status=verification,
                category=category,
                onset=onset,
            ))
        return facts


def _folded(group: list[_Mention]) -> list[_Mention]:
    for m in group:
        m.folded = True
    return group


def _is_perinatal(concept: Concept) -> bool:
    """ICD-10-CM chapter P: conditions of the newborn itself (prematurity, RDS of newborn)."""
    code = concept.code("icd10cm")
    return bool(code and code.startswith("P"))


def _fold_same_line(note: NoteText, groups: dict[str, list[_Mention]]) -> None:
    """A generic condition whose every mention shares its line with a more specific one of the
    same words ("Combined nuclear sclerotic and posterior subcapsular cataract ... cataract")
    is that problem again."""
    keys = list(groups)
    for key in keys:
        if key not in groups:
            continue
        words = _words(groups[key][0])
        for other in keys:
            if other == key or other not in groups:
                continue
            if not words < _words(groups[other][0]):
                continue
            lines = {note.line(m.start) for m in groups[other]}
            if all(note.line(m.start) in lines for m in groups[key]):
                groups[other].extend(_folded(groups.pop(key)))
                break


def _is_symptom(concept: Concept) -> bool:
    """ICD-10-CM chapter R holds symptoms and signs ("fever" R50.9, "chest pain" R07.9)."""
    code = concept.code("icd10cm")
    return bool(code and code.startswith("R"))


def _is_symptom_text(surface: str) -> bool:
    concept = lookup(Domain.CONDITION, surface)
    return concept is None or _is_symptom(concept)


def _surface_name(surface: str, concept: Concept) -> str:
    """The condition as written when that is a name ("Stroke", "former smoker"), the
    preferred name when the note abbreviates ("HTN", "CAP", "T2DM")."""
    surface = " ".join(surface.split())
    letters = _NON_LETTER.sub("", surface)
    if surface.isupper() or len(letters) < 6 or any(c.isdigit() for c in surface) or _D_O.search(surface):
        return concept.display
    written, named = surface.lower().split(), concept.display.lower().split()
    if len(written) == len(named) and written != named and all(n.startswith(w) for w, n in zip(written, named)):
        return concept.display  # "scalp lac": a clipped word, the table's name spells it out
    return surface[0].upper() + surface[1:]


def _words(m: _Mention) -> set[str]:
    label = m.concept.display if m.concept else m.name
    return set(normalise(label).split())


def _fold_generic(groups: dict[str, list[_Mention]]) -> None:
    """Fold a generic condition into a more specific one of the same note when the specific
    one only adds qualifiers ("CKD" into "CKD stage 3b", "appendicitis" into "acute
    suppurative appendicitis"), so one problem is not listed twice; "hypertension" and
    "pulmonary hypertension" stay apart."""
    keys = list(groups)
    by_icd: dict[str, str] = {}
    for key in keys:
        concept = groups[key][0].concept
        icd = concept.code("icd10cm") if concept else None
        if icd is None:
            continue
        if icd in by_icd:
            # two table rows with one ICD-10-CM code ("HTN", "essential HTN") are one problem
            groups[by_icd[icd]].extend(groups.pop(key))
        else:
            by_icd[icd] = key
    # the "unspecified" code of a subcategory and a specified sibling ("diastolic CHF" I50.30
    # and "chronic diastolic heart failure" I50.32) are one problem, named by the specific one
    for icd, key in list(by_icd.items()):
        if key not in groups or not _unspecified_icd(groups[key][0].concept):
            continue
        sibling = next((k for code, k in by_icd.items() if k != key and k in groups and len(code) == len(icd)
                        and code[:-1] == icd[:-1] and not _unspecified_icd(groups[k][0].concept)), None)
        if sibling is not None:
            groups[sibling].extend(_folded(groups.pop(key)))
    keys = list(groups)
    for key in keys:
        if key not in groups:
            continue
        words = _words(groups[key][0])
        for other in keys:
            if other == key or other not in groups:
                continue
            other_words = _words(groups[other][0])
            extra = other_words - words
            if words < other_words and extra <= _QUALIFIERS | {w for w in extra if w.isdigit() or len(w) <= 2}:
                groups[other].extend(_folded(groups.pop(key)))
                break


def _active_now(m: _Mention) -> bool:
    """A mention that says nothing of an end: neither resolved, remitted nor history."""
    return not (m.context.resolved or m.context.remission or m.context.historical)


def _unspecified_icd(concept: Concept | None) -> bool:
    """An ICD-10-CM subcategory's unspecified leaf ("I50.30 Unspecified diastolic heart failure",
    "J96.90"): at least two characters after the dot, ending in 0 or 9, titled "unspecified"."""
    if concept is None:
        return False
    code = concept.code("icd10cm")
    if not code or "." not in code or len(code.split(".")[1]) < 2 or code[-1] not in "09":
        return False
    title = next((c.display for c in concept.codings if c.code == code), "") or ""
    return "unspecified" in title.lower()


def _resolved(m: _Mention) -> bool:
    if m.context.resolved:
        return True
    if m.context.historical:
        label = m.concept.display if m.concept else m.name
        return bool(_EPISODIC.search(label))
    return False


def _clean_head(head: str) -> str:
    """A head without its parentheticals, slashes spaced: "LV systolic dysfunction (EF 40-45%)"
    -> "LV systolic dysfunction", "Volume overload/edema" -> "Volume overload / edema"."""
    head = _PARENTHETICAL.sub(" ", head)
    head = _TRAILING_DATE.sub("", head)  # "Hx nonfatal opioid overdose 2024": the year is its onset
    head = _SLASH.sub(" / ", head)
    return " ".join(head.split()).strip(" .-")


def _near_form(name: str) -> Concept | None:
    """The table concept of an item head written in a near form: a plural ("Anxieties",
    "Pulmonary nodules") or the table's own normalisation of the whole head."""
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[-1].isalpha():
        return None
    last = words[-1]
    forms = [name]
    lower = last.lower()
    if lower.endswith("ies") and len(lower) > 4:
        forms.append(" ".join(words[:-1] + [last[:-3] + "y"]))
    elif lower.endswith("es") and len(lower) > 4:
        forms += [" ".join(words[:-1] + [last[:-2]]), " ".join(words[:-1] + [last[:-1]])]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        forms.append(" ".join(words[:-1] + [last[:-1]]))
    for form in forms:
        concept = lookup(Domain.CONDITION, form)
        if concept is not None and not concept.ambiguous:
            return concept
    return None


#: Word shapes that name a disorder: disease suffixes and the head nouns of diagnoses.
_DIAGNOSIS_SHAPED = re.compile(
    r"(?:itis|osis|oses|emia|aemia|oma|omas|pathy|algia|ia|ism|iasis|cele|plegia|paresis|trophy|ectasis|"
    r"penia|cytosis|rrhea|rrhoea|rrhage|uria|opia|ectomy)\b|"
    r"\b(?:disease|disorder|d/o|syndrome|failure|infection|injury|fracture|deficiency|insufficiency|stenosis|"
    r"lesion|mass|nodules?|ulcers?|tear|strain|sprain|pain|bleed|obstruction|abscess|dysfunction|cancer|"
    r"tumou?r|palsy|block|murmur|effusion|hernia|retention|overload|dependence|abuse|use|delay|anomaly|"
    r"regurgitation|prolapse|reflux|shock|sepsis|arrest|embolism|thrombosis|clot|stones?|cyst|polyps?|"
    r"wound|burn|bite|laceration|contusion|dislocation|rupture|aneurysm|fistula|malformation|atresia|"
    r"positive|status|pregnancy|gestation|delivery|labou?r|infant|newborn|prematurity|obesity|"
    r"hypertension|hypotension|diabetes|asthma|copd|cirrhosis|dementia|delirium|depression|anxiety|"
    r"psychosis|insomnia|seizures?|epilepsy|migraine|stroke|fever|cough|rash|edema|oedema|"
    r"weakness|fatigue|nausea|vomiting|constipation|incontinence|fall|falls|syncope|vertigo|"
    r"hypo\w+|hyper\w+|dys\w+)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _condition_words() -> frozenset[str]:
    """Content words of the condition vocabulary ("cellulitis", "gastroparesis"): an item
    head using one names a problem even when the whole phrase is not in the tables."""
    words: set[str] = set()
    for synonym, _ in lexicon(Domain.CONDITION):
        words.update(w for w in re.findall(r"[a-z]{6,}", synonym))
    return frozenset(words - _GENERAL_WORDS)


#: Long words the condition vocabulary shares with plans and everyday language.
_GENERAL_WORDS = frozenset({
    "history", "status", "chronic", "acute", "disease", "disorder", "related", "associated", "without",
    "unspecified", "bilateral", "patient", "condition", "following", "multiple", "secondary", "primary",
    "persistent", "recurrent", "episode", "complicated", "controlled", "management", "screening",
})


def _names_a_problem(head: str) -> bool:
    if _DIAGNOSIS_SHAPED.search(head):
        return True
    return any(w in _condition_words() for w in re.findall(r"[a-z]{6,}", head.lower()))


def _looks_like_diagnosis(head: str) -> bool:
    """A conservative test for an item head the lexicon does not know: 1-6 words of letters,
    not a plan heading ("DVT ppx", "Dispo", "FEN/GI", "Code status"), not a plan sentence
    ("Continue ..."), not a measurement, and shaped like the name of a problem. The last test
    is a whitelist on purpose: plan lines ("push fluids", "next visit due") come in more
    wordings than any list of plan verbs, and a false problem in a patient's record is worse
    than a missed text-only one."""
    words = head.split()
    if not 1 <= len(words) <= 6:
        return False
    if _NOT_DIAGNOSIS.match(head) or _PLAN_VERB_START.match(head) or _GENERIC_HEAD.match(head):
        return False
    if _SCORE_OR_VISIT.match(head):
        return False
    if _AGE.search(head) or _ACTION_WORD.search(head) or _PROCEDURE_OR_VACCINE.search(head):
        return False
    alpha = _WORD.findall(head)
    if alpha and all(w.isupper() and len(w) <= 5 for w in alpha):
        return False  # an abbreviation the lexicon does not know is no name for a problem
    if len(words) == 1 and head.lower().endswith("ed"):
        return False
    letters = _NON_LETTER.sub("", head)
    if len(letters) < 2 or sum(c.isdigit() for c in head) > 2:
        return False
    if _MEASUREMENT.search(head):
        return False
    return _names_a_problem(head)


def _key(concept: Concept) -> str:
    return concept.codings[0].code if concept.codings else normalise(concept.display)
