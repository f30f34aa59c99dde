"""Assertion context: negation scope, family history, hypotheticals, certainty, history."""
from __future__ import annotations

import pytest

from tools.facts.context import Context, ContextFinder
from tools.facts.text import NoteText


def assess(text: str, mention: str) -> Context:
    start = text.index(mention)
    return ContextFinder(NoteText(text, [])).assess(start, start + len(mention))


@pytest.mark.parametrize("mention", ["CP", "SOB"])
def test_denial_covers_a_comma_list(mention: str) -> None:
    assert assess("Denies CP, SOB.", mention).negated


@pytest.mark.parametrize("mention", ["fevers", "chills"])
def test_no_covers_an_or_list(mention: str) -> None:
    assert assess("No fevers or chills.", mention).negated


def test_but_ends_the_negation() -> None:
    text = "Denies CP but reports SOB."
    assert assess(text, "CP").negated
    assert not assess(text, "SOB").negated


def test_another_cue_ends_the_negation() -> None:
    text = "No fevers, h/o asthma."
    assert assess(text, "fevers").negated
    ctx = assess(text, "asthma")
    assert not ctx.negated and ctx.historical


def test_sentence_end_ends_the_negation() -> None:
    assert not assess("No sick contacts. Has HTN.", "HTN").negated


@pytest.mark.parametrize(
    ("text", "mention"),
    [("MI was ruled out.", "MI"), ("No evidence of pneumothorax.", "pneumothorax"),
     ("Negative for chest pain.", "chest pain"), ("CP-free since arrival.", "CP")],
)
def test_other_negations(text: str, mention: str) -> None:
    assert assess(text, mention).negated


@pytest.mark.parametrize(
    ("text", "mention"),
    [("Mother with breast cancer.", "breast cancer"), ("CAD in father.", "CAD"),
     ("FHx: DM2 (mother).", "DM2"), ("Family history of colon cancer.", "colon cancer")],
)
def test_family_history(text: str, mention: str) -> None:
    assert assess(text, mention).family


def test_relative_in_another_sentence_is_not_family() -> None:
    assert not assess("Mother with breast cancer. Pt has HTN.", "HTN").family


@pytest.mark.parametrize(
    ("text", "mention"),
    [("r/o ACS", "ACS"), ("DVT ppx: enoxaparin", "DVT"), ("Return if chest pain worsens.", "chest pain"),
     ("Monitor for hypoglycemia.", "hypoglycemia"), ("Fall precautions.", "Fall")],
)
def test_hypothetical(text: str, mention: str) -> None:
    assert assess(text, mention).hypothetical


def test_certainty() -> None:
    text = "Likely CAP vs aspiration pneumonitis."
    assert assess(text, "CAP").certainty == "differential"
    assert assess(text, "aspiration pneumonitis").certainty == "differential"
    assert assess("Presumed viral gastroenteritis.", "viral gastroenteritis").certainty == "provisional"
    assert assess("Lesion suspicious for BCC.", "BCC").certainty == "differential"
    assert assess("Acute pyelonephritis.", "Acute pyelonephritis").certainty == "confirmed"


def test_resolved() -> None:
    assert assess("Pneumonia, resolved.", "Pneumonia").resolved
