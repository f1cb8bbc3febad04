"""The medical-history words (rasa_addons/nlu/history_terms.py), group by group:
what each must find and what it must leave alone; and HistoryHandoff, which sends
an unplaced turn naming one to the clinician.

Whole words cannot tell a swimming stroke or "a faint limp" from the medical
ones: such a message, if the model cannot place it, is sent to the clinician too
(docs/emergencies.md counts them on the everyday messages)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.history_handoff import HistoryHandoff
from rasa_addons.nlu.history_terms import GROUPS, named

FINDS = {
    "stroke and brain": ["Can I Use a Sauna After a Stroke?", "had a TIA in may",
                         "my epilepsy is well controlled", "cerebral hemorrhage last year",
                         "seizures as a child"],
    "heart and circulation": ["Can You Get a Massage with High Blood Pressure?",
                              "i have a pacemaker fitted", "three stents after a heart attack",
                              "Should You Get a Massage if You Have DVT?", "on meds for AF? a-fib",
                              "Should You Go for a Massage If You Have Varicose Veins?",
                              "When can physical therapy help with CHF?"],
    "blood thinners and bleeding": ["Are massage guns safe to use while taking warfarin?",
                                    "I'm on blood thinners", "on anticoagulants for life",
                                    "my son has haemophilia",
                                    "Can a deep tissue massage cause internal bleeding?"],
    "cancer": ["Is this advised during oral chemo?", "breast lumpectomy last year",
               "lymphoedema in my left arm", "in remission from lymphoma"],
    "lungs": ["Can Massage Therapy Help Asthma?", "stuck on an inhaler", "I have COPD",
              "advised to start pulmonary rehabilitation", "a chest tube drainage procedure"],
    "allergies": ["Are There Allergic Reaction to TENS Pads?", "latex free gloves please",
                  "allergies to plasters"],
    "bones and joints": ["Is it safe to have chiropractic if I have osteoporosis?",
                         "had a hip replacement in 2019"],
    "long-term conditions": ["type 1 diabetic", "i suffer from pcos", "metal implants in my ankle",
                             "a client with Ehlers-Danlos syndrome", "What can physio do for EDS?",
                             "rheumatoid arthritis in my hands", "i'm hypermobile",
                             "Can diabetics have cupping?", "unsuitable with medical conditions"],
    "pregnancy": ["Can I have it while pregnant?", "pregnancy back pain"],
    "medicines": ["should i take naproxen for this", "on gabapentin for nerve pain",
                  "can i have a massage after a steroid injection",
                  "I'm on medication, does that change things?"],
    "mental health": ["clients experiencing depression", "PTSD from the army",
                      "Can massage help with anxiety?", "Does massage release trauma?"],
    "fainting": ["I fainted last time I had blood taken", "went light-headed",
                 "I have a needle phobia"],
}
LEAVES = {
    "stroke and brain": ["I swim breaststroke", "she stroked the cat", "tiara"],
    "heart and circulation": ["my heart's not in it", "blood test results", "stencil",
                              "by passing the station", "can i bypass the waiting list"],
    "blood thinners and bleeding": ["my nose bled once", "thin needles"],
    "cancer": ["cancelled my appointment", "lymph drainage massage"],
    "lungs": ["out of breath after the gym", "inhale deeply", "chest press"],
    "allergies": ["no known issues", "lateral knee pain"],
    "bones and joints": ["my hip hurts", "knee pain when running"],
    "long-term conditions": ["implantation", "my dad has a hip problem", "needs a bed",
                             "conditions of booking",
                             "hyper about the match"],
    "pregnancy": ["pregnable fort", "pre-natal"],
    "medicines": ["stereo in the waiting room", "a painkilling massage", "meditation classes"],
    "mental health": ["mentally tired", "depressed the button", "a bit anxious about needles",
                      "traumatic brain"],
    "fainting": ["the scar has faintly faded", "lighthouse"],
}


def test_every_group_is_tested_both_ways():
    assert set(FINDS) == set(GROUPS) == set(LEAVES)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_finds_what_it_must(group):
    for text in FINDS[group]:
        assert group in named(text), text


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_group_leaves_alone_what_it_must(group):
    for text in LEAVES[group]:
        assert group not in named(text), text


def parse(text: str, intent: str, confidence: float = 0.2) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    return HistoryHandoff(HistoryHandoff.get_default_config()).process([message])[0]


def test_an_unplaced_question_naming_a_history_goes_to_the_clinician():
    for unplaced in ("nlu_fallback", "out_of_scope"):
        message = parse("Can You Get a Massage with High Blood Pressure?", unplaced)
        assert message.get("intent")["name"] == "medical_advice"
        assert message.get("history_handoff") == ["heart and circulation"]


def test_a_placed_answer_or_an_unplaced_turn_without_history_is_left_alone():
    assert parse("can i have dry needling after a stroke", "faq", 0.9).get(
        "intent")["name"] == "faq"
    assert parse("i had a stroke and my chest hurts now", "emergency", 1.0).get(
        "intent")["name"] == "emergency"
    message = parse("what's the weather doing tomorrow", "out_of_scope")
    assert message.get("intent")["name"] == "out_of_scope"
    assert message.get("history_handoff") is None
