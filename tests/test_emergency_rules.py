"""The emergency rules one by one, both ways, and the judgement of tense,
person, negation and risk questions (rasa_addons/nlu/emergency_rules.py).
No model: these run in a second."""

from __future__ import annotations

import pytest

from rasa_addons.nlu.emergency_rule_list import RULES
from rasa_addons.nlu.emergency_rules import Level, assess

RULE_CASES = [(rule.name, text, True) for rule in RULES for text in rule.catches] + [
    (rule.name, text, False) for rule in RULES for text in rule.leaves]


def test_every_rule_has_examples_both_ways():
    for rule in RULES:
        assert len(rule.catches) >= 2 and len(rule.leaves) >= 2, rule.name


@pytest.mark.parametrize("name,text,must_match", RULE_CASES,
                         ids=[f"{n}-{'catches' if m else 'leaves'}-{t[:40]}"
                              for n, t, m in RULE_CASES])
def test_rule_pattern(name, text, must_match):
    (rule,) = [r for r in RULES if r.name == name]
    assert bool(rule.pattern.search(text)) == must_match


# The messages, and the ones like them: history, someone else's, a
# risk asked about, everyday words. None may get the emergency reply.
NOT_PRESENT = [
    "I took an overdose a few years back and I'm in a much better place now. Does that need to "
    "go on the medical form?",
    "what if i start bleeding and it wont stop? im on rivaroxaban",
    "what if the bruise gets worse after needling",
    "not sure if this is an emergency but can i get an appointment today for my back",
    "i fainted once at the dentist, will i faint with needles",
    "my dad had a heart attack, does that matter",
    "i cant attend my appointment tomorrow",
    "can i send my details by email instead",
    "i want to spend my health insurance on this",
    "i need to amend my booking",
    "can i have dry needling after a stroke",
    "i had a stroke 3 years ago, is it safe for me",
    "i had a tia in march, is dry needling ok",
    "my mum had a stroke last year and wants to try it",
    "i had a seizure as a child",
    "i have epilepsy, is it safe",
    "i had a collapsed lung 5 years ago",
    "can needling cause a collapsed lung?",
    "is there a risk of pneumothorax",
    "i'm scared i'm going to faint when i see the needles",
    "no chest pain, just a stiff neck",
    "i'm not bleeding, just bruised",
    "i get breathless when i run, can physio help",
    "i used to self harm, will the needles trigger me",
    "my back pain is killing me",
    "i've got a dead leg from football",
    "i'm dying to know if it works",
    "my arches have collapsed",
    "i'm an ambulance driver, can i book after a night shift",
    "chest muscle tightness from the gym",
    "i had heavy bleeding after surgery last year, am i ok for needling",
    "what happens if someone has a seizure during treatment",
    "I am epileptic and currently 8 months seizure free. can acupuncture cause seizures?",
    "is there a contraindication to acupuncture after having a stroke?",
    "neck is constantly stiff from chokes at jiu jitsu",
    "work is so busy i can't breathe lol, do you do late appointments",
    "i took an overdose years ago, can acupuncture help depression",
    "i was knocked unconscious playing rugby as a teenager",
    "always out of breath on the stairs, is that a physio thing",
    "the leaflet says call 999 if anything serious happens, is that standard?",
    "lying face down always makes me feel like i can't breathe, can i lie on my side",
    "I've fainted giving blood before (twice). Does that mean dry needling is out for me?",
    "frozen shoulder, the pain at night is unbearable and I can't lift my arm to do my hair",
    "i tried to kill myself last year, is it ok to have needling",
    "he took an overdose two years ago and was checked over, can he have acupuncture",
    "i get chest pain sometimes when i run but it is fine now",
    "i usually get breathless on hills but today im fine",
    "he always has fits when hes ill but he is fine now",
    "i'm lying on the sofa all day, my physio isn't answering my emails",
    "i had a seizure last year, i was fine before that",
    # a joke, and a symptom that is the lasting effect of a stroke years ago
    "my wallet is still bleeding from xmas lol, do you do any cheaper needling packages",
    "my partner was left paralysed down one side after a stroke 4 years ago and now has a "
    "really tight shoulder. do you treat people like him?",
    "i once used an epipen as a child, can i have needling",
    "i had low blood pressure and fainted twice when pregnant, baby is 1 now. would needling "
    "make me keel over",
    # said not to be now; a figure of speech; an age and a year as the past
    "i get panic attacks where i feel like i can't breathe (not right now!). will the physio be "
    "ok with me taking a break if i need one?",
    "running on an overdose of coffee and school runs and now my lower back's joined in",
    "Stroke at 38 (hole in the heart, now closed). My left side is still a little weak. Does "
    "your clinic do neuro physio?",
    "long covid since 2022, i get breathless on stairs still but my gp says my lungs are clear",
    "i get asthma attacks in winter, is needling ok",
    "what if my inhaler isnt working during the session",
    # years, months and weeks as typed
    "heart attack was 8 yrs ago, all clear from cardiology since, only on a statin now. so "
    "needling ok?",
    "fainted 3 wks ago at the gym, ok to book?",
    # a course, a scare that is over, a habit since childhood, a risk asked about, history
    # and "fine now" (batch 10's dev part)
    "Hubby did a course on first aid for choking babies since our little one started solids, "
    "so hes on baby duty sat. can i grab a sat morning slot?",
    "my 5 yr old had a choking scare at nursery, staff sorted it, hes fine, but im running late",
    "Severe needle phobia here - I've fainted at every injection since I was ten. Is dry "
    "needling even realistic for me?",
    "stable angina, use my GTN spray now and then. would needling make my heart race or bring "
    "on chest pain?",
    "self-harm history, doing well now. would the physio need to know?",
    "i took an overdose years ago (paracetamol), liver's fine now but i avoid painkillers",
    # near misses written for training: a joke in brackets, recovery, a lasting effect, the
    # clinic's procedure
    "emergency!!! (not really) neck went while lifting the kids. any chance of today",
    "I took an overdose in 2019, in recovery now and on sertraline. is needling still OK?",
    "My elder brother is paralysed one side from stroke. He is suitable for needling?",
    "whats ur emergency procedure, do you ring 999 straight away or what",
    "short of breath walking uphill for about 3 years, not getting worse",
    "since my mini stroke my right hand still tingles some days",
]
PRESENT = [
    "my throat is swelling",
    "i can't breathe",
    "i cant breath",
    "he's collapsed",
    "i've taken all my tablets",
    "chest pain",
    "i have crushing chest pain",
    "what to wear? chest pain now",
    "i think im having a stroke",
    "What if I'm actually having a heart attack?",
    "i fainted an hour ago and still feel awful",
    "my dad fainted in the car after his needling appointment",
    "i had a heart attack 2 years ago and now i have chest pain again",
    "i want to end my life",
    "does it hurt? my face is drooping on one side",
    "the needle spot is still bleeding and wont stop",
    # "had" is about the needling, not the fainting
    "i had needling this morning, later i passed out at home and now i feel sick",
    # "can't ... without" says it happens
    "now i cant walk to the shop without gasping",
    # an attempt on one's life yesterday or last night still needs help now
    "he swallowed some pills yesterday 'to sleep forever'. he seems ok now",
    "i took an overdose last night",
    "baby's temp is really high and she's gone stiff and jerky, never happened before",
    "he's collapsed and isn't responding, never seen this before!",
    # a habit contrasted with now
    "sorry to cancel, daughter's having a fit, usually 1 min but this one's been 4 and still going",
    "Mum (had her hip done last week) suddenly breathless and panicky, chest pain",
    "she's not breathing, she was fine before",
    "i fainted on the way home from my appointment",
    "he's collapsed, he was fine before!",
    "I have taken 30 amitriptyline tonight. Can you cancel my appointments",
    "please cancel all my appointments. I've got the pills out and I'm going to do it tonight",
    # inside a request; signs without a name; since yesterday
    "whats ur cancellation policy, i need to cancel today as my mum took a load of her tablets "
    "this morning and now shes really drowsy",
    "can i change the name on a gift voucher. also mum fell last night and cant get up, her leg "
    "is at a funny angle and shes been on the floor since",
    "after dry needling my neck yesterday i cant really move my arms or legs properly",
    "i mixed vodka and my antidepressants on purpose about an hour ago. now i dont want to die",
    "used the epi pen still bad",
    "pls help choking",
    "having an asthma attack and my inhaler isnt working",
    "asthma attack rn",
    "i cant breathe right now",
    # years past, but a now cue first: new, not a lasting effect
    "pain in my chest spreading up into my neck, started 10 mins ago, i had a stent put in "
    "last year",
    # hours as typed
    "my husband collapsed at the gym 2 hrs ago",
    # "with every breath" is a sign, not a habit like "at every injection"
    "sharp pain in my chest with every breath",
    "gasping with every breath",
    "she was fine this morning but shes not ok now, her face is drooping",
    "since she was stung her throat is swelling",
    # "she's not right now" is unwell, not "(not right now!)"
    "can someone call me back about my mums booking - actually shes not right now, since todays "
    "session she says crushing chest pain",
    # unsure is not a denial
    "not sure if this is an emergency but my left arm went numb and heavy about 15 min ago and "
    "my smile looks lopsided in the mirror",
    "one of the guys at our gym just collapsed on the treadmill, we cant feel a pulse",
    # "won't stop" said of now, not asked about
    "im on warfarin and my nose is bleeding and it wont stop",
]


@pytest.mark.parametrize("text", NOT_PRESENT)
def test_history_risk_and_everyday_words_are_not_present_emergencies(text):
    assert assess(text).level is not Level.PRESENT


@pytest.mark.parametrize("text", PRESENT)
def test_what_happens_now_is_a_present_emergency(text):
    assert assess(text).present


@pytest.mark.parametrize("text,level", [
    ("my dad had a heart attack, does that matter", Level.MENTION),
    ("i fainted once at the dentist, will i faint with needles", Level.MENTION),
    ("no chest pain, just a stiff neck", Level.NEGATED),
    ("i cant attend my appointment tomorrow", Level.NONE),
    # someone saying they are not suicidal still gets the line with the numbers
    ("i'm not suicidal but i feel really low", Level.MENTION),
    # a joke: the answer, without the line
    ("my wallet is still bleeding from xmas lol, do you do any cheaper needling packages",
     Level.NEGATED),
    # a lasting effect years past: the classifiers decide, and the line comes with an answer
    ("my partner was left paralysed down one side after a stroke 4 years ago and now has a "
     "really tight shoulder", Level.NAMED),
    # said not to be now: a mention, with the line
    ("i get panic attacks where i feel like i can't breathe (not right now!)", Level.MENTION),
    # unsure: the classifiers decide, and an answer comes with the line
    ("not sure if this is an emergency", Level.NAMED),
    ("dont know whether this is an emergency, can i book today", Level.NAMED),
    # years back: the past, as years ago
    ("had a seizure 2 yrs back, can i have needling", Level.MENTION),
])
def test_levels(text, level):
    assert assess(text).level is level


def test_whole_words_only():
    # "end my" inside attend, send, spend, amend; "tia" inside a word or a name
    for word in ("attend", "send", "spend", "amend"):
        assert assess(f"i want to {word} my life insurance details").level is Level.NONE
    assert assess("my name is tia").level is Level.NONE


def test_a_clause_is_judged_on_its_own():
    # the past cue belongs to the first sentence, the symptom to the second
    assert assess("i had a stroke in 2019. now my face is drooping").present
    assert assess("my face drooped after my stroke in 2019. can needling help").level \
        is Level.MENTION


def test_empty_and_odd_input():
    for text in ("", "   ", "🙂🙂", "<script>alert('chest pain')</script>"[:8], "?" * 50):
        assert assess(text).level is Level.NONE


def test_a_hedge_and_a_hypothetical_course_both_ways():
    from rasa_addons.nlu.emergency_cues import HEDGE, HYPOTHETICAL_COURSE

    for text in ("not sure if", "dont know whether", "i'm not certain", "don't know if"):
        assert HEDGE.search(text), text
    for text in ("not sick", "i know", "sure thing", "not surely"):
        assert not HEDGE.search(text), text
    for text in ("what if i start bleeding and it wont stop", "what if the rash gets worse",
                 "what if it spreads"):
        assert HYPOTHETICAL_COURSE.search(text), text
    for text in ("it wont stop bleeding, what if", "what if i faint", "the rash is getting worse",
                 "what if i faint. it wont stop"):
        assert not HYPOTHETICAL_COURSE.search(text), text
    # only the course words are set aside: a now cue beside them still counts
    assert assess("what if i start bleeding and it wont stop").level is Level.MENTION
    assert assess("what if this is a heart attack right now and it won't stop").level \
        is not Level.MENTION
    assert assess("what if i'm having a stroke now and it gets worse").level is Level.PRESENT
