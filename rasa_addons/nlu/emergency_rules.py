"""Which messages describe an emergency happening now.

Patients ask most anxiously about their medical history ("can I have dry
needling after a stroke?"), so naming a condition is not an emergency; a
symptom or an act happening now is. `assess(text)` gives one of:

- PRESENT: something happening now ("i can't breathe", "he's collapsed",
  "i've taken all my tablets"). The 999 / NHS 111 reply replaces any answer.
- MENTION: an emergency condition or symptom is named, but as the past,
  someone's history, a habit or a question about a risk ("i fainted once at
  the dentist", "can needling cause a collapsed lung?"). The question gets its
  answer, followed by one short line: "If you have these symptoms now, call 999".
- NAMED: a condition is named with nothing to say when ("heart attack", or
  "i fainted at the clinic", or "fainted last week, still dizzy", with cues both ways): the
  classifier's choice stands, and if it is not the emergency reply the line
  is added.
- NEGATED: a symptom is named only to say it is absent ("no chest pain, just
  a stiff neck"): nothing is added.
- NONE: nothing of the kind.

How a match is judged, inside its clause (the text between . ! ? ; or "but"):
1. a negation within three words before it ("no", "not", "never", "without",
   "haven't"...) -> NEGATED;
2. a cue that it is happening now ("now", "still", "today", "an hour ago",
   "since the needling", "won't stop"...) -> PRESENT, unless a past cue is
   also there for a CONDITION (then MENTION: we cannot be sure);
3. by the rule's kind:
   - ACT: worded as happening now by its grammar ("is having a seizure",
     "can't breathe", "want to kill myself"). PRESENT unless the clause
     makes it a supposition ("what if someone", "if i can't breathe"...) or
     dates it in the past ("years ago", "as a teenager").
   - SYMPTOM: a symptom's name ("chest pain", "slurred speech", "choking").
     PRESENT unless a past, habit or risk-question cue says otherwise. A
     symptom people also name in ordinary talk ("out of breath", "choking",
     "feel faint") needs the message to say someone has it ("i'm", "she is",
     "my breathing is"); without that it is NAMED.
   - CONDITION: an event's or a condition's name ("a stroke", "fainted",
     "collapsed lung", "overdose"). A now cue alone -> PRESENT; a past cue
     ("had", "years ago", "after my stroke") or a risk question alone ->
     MENTION; both or neither -> NAMED.
Every pattern matches whole words only. Each rule carries the messages it
must catch and ordinary ones it must leave alone; tests/test_emergency_rules.py
runs them one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import List, Tuple

ACT, SYMPTOM, CONDITION = "act", "symptom", "condition"


class Level(str, Enum):
    PRESENT = "present"
    NAMED = "named"
    MENTION = "mention"
    NEGATED = "negated"
    NONE = "none"


def _words(pattern: str) -> re.Pattern:
    """A case-insensitive pattern that matches whole words only: "end my"
    never inside "attend my" or "send my"."""
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern
    catches: Tuple[str, ...] = field(default=())  # the pattern must match these
    leaves: Tuple[str, ...] = field(default=())  # and must not match these
    # "i'm not suicidal, but..." still gets the line with the numbers to call
    negation_cancels: bool = True
    # a symptom people also name in ordinary talk ("out of breath", "choking"):
    # present only when the message says someone has it ("i'm", "she is",
    # "my breathing is"); else the classifier decides (NAMED)
    needs_statement: bool = False
    # an attempt on one's life yesterday or last night still needs help now (an
    # overdose can harm hours later); only an older past makes it a mention
    recent_is_now: bool = False


PERSON = r"(?:he|she|they|someone|somebody|my (?:\w+ )?(?:husband|wife|partner|son|daughter|" \
         r"dad|mum|mom|mother|father|friend|child|baby|brother|sister|nan|grandad|grandma))"
# down and not up: a now cue (NOW) and, with how long, a rule (fallen_cant_get_up)
ON_THE_FLOOR = r"(?:been|lying|lain|laying) on the floor"
CANT = r"(?:can'?t|cant|cannot|can not|unable to|struggling to|struggle to|hard to|" \
       r"(?:having )?(?:trouble|difficulty)(?: to)?|finding it (?:really )?hard to)"

RULES: List[Rule] = [
    # ---- acts: happening now by their grammar -------------------------------------------
    Rule("breathing", ACT, _words(
        rf"{CANT} (?:breathe?|breath|catch (?:my|his|her|their) breath|get (?:my|his|her) breath)"
        r"(?! (?:through|out of|with) (?:my|your|his|her|the|a) (?:nose|nostril|mask))"
        r"|(?:can'?t|cant|cannot) (?:take|get) a (?:deep|full|proper) breath"
        r"|(?:can|could) (?:barely|hardly) (?:breathe?|breath|catch (?:my|his|her) breath)"
        r"|(?:not|stopped|isn'?t|is not) breathing|gasping(?: for (?:air|breath))?"
        r"|(?:can'?t|cant|cannot) get (?:any |enough )?air "
        r"(?:in(?!to)|into (?:my |his |her |their )?(?:lungs|chest))"
        r"|gurgl\w*\b.{0,20}\bbreath\w*"),
        catches=("I CAN'T BREATHE", "my mum is struggling to breathe", "i can not breathe properly",
                 "cant catch my breath since the needles", "he's not breathing",
                 "i'm gasping for air", "i can't take a deep breath",
                 "feel like i cant get air in on one side",
                 "dad is making a gurgling noise when he breathes",
                 "since the upper back needling i can barely breathe"),
        leaves=("breathe in as the needle goes in", "breathing exercises for anxiety",
                "i cant breathe through my nose with hay fever",
                "i was out of breath after my run", "breathtaking views near the clinic",
                "can't get air into the tyres", "my stomach gurgles after breakfast",
                "i can barely bend my back")),
    Rule("having_now", ACT, _words(
        r"(?:is|are|am|'s|'m|im|i'm|be|been|currently|actually|now) having an? "
        r"(?:heart attack|stroke|seizure|fit|anaphylactic \w+|allergic reaction)"
        r"|(?<!after )(?<!since )(?<!before )(?<!of )(?<!about )having an? "
        r"(?:heart attack|stroke|seizure)|\w+'s having an? fit(?! of)"),
        catches=("I think I might be having a heart attack.", "my son is having a fit",
                 "What if I'm actually having a heart attack?", "i think im having a stroke",
                 "my partner is having a seizure that wont stop",
                 "My brother's having a fit, it's been going 6 minutes"),
        leaves=("i had a fit of coughing after the session", "i had a stroke in 2019",
                "i'm having a fitting for new insoles", "she's having a fitness class",
                "is acupuncture ok after having a stroke",
                "my hamstring twitched like it was having a fit 😂")),
    Rule("collapsed_now", ACT, _words(
        rf"(?:{PERSON}|i|who)(?:'s|s| is| has| have|'ve|ve)(?: just)? "
        r"(?:collapsed|passed out|blacked out|fainted)"
        r"|collapsed (?:on|in|at|off) (?:the|our|your|a) "
        r"(?:floor|ground|chair|waiting room|car park)"
        # "one of the guys at our gym just collapsed"
        r"|just (?:collapsed|passed out|blacked out)"
        # a heart stopped: no pulse, CPR under way (not "can your staff do cpr")
        r"|(?:can'?t|cant|cannot|couldn'?t) (?:feel|find|get) (?:a |his |her |their |any )?pulse"
        r"|no pulse|(?:doing|giving|started|starting|start|doing chest) (?:cpr|compressions)"
        r"(?! (?:training|course|class|lesson|practice|on a dummy))"
        r"|(?:can'?t|cant|cannot|won'?t|wont) wake (?:him|her|them|up)"
        r"|(?:not|isn'?t|is not|still not|won'?t|wont|stopped) (?:responding|waking up|moving)"
        # "shes still not waking", not "still not waking at night with the pain"
        r"|still (?:not|isn'?t) waking(?! (?:at|in the|with|early|up (?:at|in|with|early)))"
        # "she's come round but...", not "can you come round", "my mate came round for tea"
        r"|not responding properly|unresponsive|out cold"
        r"|(?:\w+'s|shes|hes|he|she|they|has|have|\w+'ve|ive|just|finally|eventually|slowly) "
        r"(?:come|came) round(?! (?:to|for|with|at|on|tomorrow|later|again|every))"
        r"|came round (?:but|after|and (?:is|was|seems|she|he))"
        r"|(?:not|isn'?t|hasn'?t|still not|won'?t|wont) (?:coming|come) round"
        r"|(?:can|could) (?:barely|hardly|not|n'?t) (?:rouse|wake) (?:him|her|them)"
        r"|(?:can'?t|cant|cannot) get a word out of (?:him|her|them)"
        r"|(?:won'?t|wont|doesn'?t|does not|not|isn'?t) respond(?:ing)? "
        r"to (?:us|me|anyone|anything)"
        r"|(?:is|'s|are|'re|lying|lay|found|still|knocked|been|left) unconscious"
        r"|unconscious (?:on|in|at) (?:the|our|your|a)"
        r"|(?:lying|lay|laid|on the (?:floor|ground|street|pavement)|eyes (?:are )?closed)\b"
        r".{0,40}\b(?:not|isn'?t|won'?t|doesn'?t|does not|no|can'?t) "
        r"(?:(?:answer|respond|reply)\w* (?:me|us|anyone|to (?:me|us|anyone|anything))|wak\w*)"),
        catches=("he has collapsed", "he's collapsed", "my dad has collapsed on the floor",
                 "we cant wake him up", "she still isn't responding", "he is unconscious",
                 "she's come round but her speech is slurred",
                 "Friend collapsed at the gym, out cold, won't respond to us shaking her",
                 "an old man on the street, he is lying down and not answer me, eyes closed",
                 "weve laid her flat with her legs up but shes still not waking",
                 "my brother went down in the waiting room and hes not coming round",
                 "had one seizure, then before he came round properly it started again",
                 "shes taken her diazepam with a bottle of wine and i can barely rouse her",
                 "a man in your car park just collapsed",
                 "we cant feel a pulse, someones doing cpr"),
        leaves=("my fallen arches have collapsed over the years", "the collapsed lung risk",
                "i fainted once at the dentist", "my plans collapsed so i need to rebook",
                "do i get put unconscious like an operation",
                "the baby's still not waking at night, so any evening slots?",
                "can you come round to do a home visit",
                "i can't get a word out of my teenager lol",
                "my mate came round for tea last night", "my friends come round on sundays",
                "are your staff trained in cpr", "i did a cpr course at work",
                "hurt my wrist doing cpr training",
                "the pulse in my neck feels strong after the gym",
                "my mum's come round to help with the kids",
                "does anyone ever go unconscious during needling",
                "my insurer won't respond to my emails", "my knee doesn't respond to rest",
                "i'm lying on the sofa all day, my physio isn't answering my emails")),
    Rule("harm_self", ACT, _words(
        r"suicidal|kill(?:ing)? myself|(?:thinking|thoughts?) (?:about|of) (?:self[- ]?harm\w*|"
        r"suicide)|(?:end|ending|take|taking) my (?:own )?life"
        r"|end(?:ing)? it all|(?:thinking|thought|thoughts) (?:about|of) ending it"
        r"|(?:hurt|hurting|harm|harming) myself|keep myself safe"
        r"|(?:don'?t|dont|do not) want to (?:live|be alive|be here|be on this earth|exist|go on)"
        r"|better off dead|want to die(?! (?:my|your|his|her|the|it|them)\b)"
        r"|(?:sleep|go to sleep) and (?:never|not) wake up"
        r"|(?:don'?t|dont|do not) want to wake up(?: tomorrow| again| any ?more| ever)?(?! \w)"
        r"|threaten\w* to (?:jump|kill (?:himself|herself|themselves|myself)|end it|take)"
        r"|(?:going|gonna|about) to jump (?:off|from|in front)"
        r"|written (?:a |the |my )?(?:goodbye |suicide )?(?:notes?|letters?) (?:to|for) (?:my|the) "
        r"(?:kids|children|family|wife|husband|partner|son|daughter|mum|dad|parents)"
        r"|(?:garage|car)\b.{0,40}\bengine running"
        r"|no (?:point|reason) (?:in )?(?:living|being alive|going on|to live)|not worth living"
        r"|(?:going|gonna|wants?|trying|tried|try) to (?:kill|hang|hurt|harm) "
        r"(?:himself|herself|themselves|myself)"
        r"|(?:cut|cutting|slit|slitting) (?:my|his|her|their) wrists?|better off without me"
        r"|voices telling (?:me|him|her|them) to"
        r"|(?:keeps|keep|is|'s) telling (?:me|him|her) to (?:drive|jump|kill|hurt|harm|crash|end)"
        r"|(?<!could )(?<!would )(?<!i'd )(?:sleep|go to sleep) (?:forever|for good)'?"
        r"|(?:text|message|note|letter) saying (?:goodbye|bye forever|sorry for everything)"
        r"|(?:gave|given|giving) (?:away )?(?:his|her|my|their) (?:dog|cat|pets?|things|belongings)"
        r"\b.{0,60}\b(?:sorted|goodbye|affairs|tonight|letters?)"
        r"|people are (?:coming|going|out) to (?:kill|get|hurt)"
        r"|(?:trying|tried|keeps trying) to "
        r"(?:jump (?:off|from|out)|run into (?:the )?(?:road|traffic))"
        r"|(?:going|gonna|decided) to end it(?! with)|end it (?:tonight|today)"
        r"|(?:can'?t|cant|cannot) (?:go on|do this|cope with life|carry on)\b.{0,12}\b"
        r"(?:any ?more|any longer)"
        r"|(?<!skipping )(?<!jump )(?<!climbing )rope is (?:ready|up|tied)|noose"
        r"|(?:pills|tablets|rope|knife|blade)\b.{0,40}\b(?:going|gonna) to do it"
        r"|(?:got|have|'ve got|ve got) the (?:pills|tablets|rope) (?:out|ready|lined up)"
        r"|(?:won'?t|wont|will not|shall not) be (?:around|here|alive) (?:after|past|by) "
        r"(?:tonight|today)"
        r"|(?:pills|tablets|knife|blade|rope)\b.{0,20}\b(?:next to|beside|in front of) me"
        r"|(?:letters?|notes?) (?:are|is|have been) written and everything'?s? (?:is )?"
        r"(?:ready|sorted|arranged|done)"
        r"|(?:thinking about|thought of|want to|going to|gonna) (?:jump|jumping|throw(?:ing)? "
        r"myself) (?:off|from|in front of|under)"
        r"|cut (?:deep(?:ly)? )?into my (?:wrists?|arms?)|cut (?:my )?wrists? (?:deep|open)"
        r"|(?:sat|sitting) in (?:my|the|his|her) car with (?:a |the )?hose ?pipe"
        r"|hose ?pipe (?:to|into|on|in) the exhaust"
        r"|(?:messaged|texted|rang|called) (?:me|us) (?:to say )?goodbye\b.{0,40}\b(?:not|isn'?t|"
        r"won'?t|wont) (?:answering|picking up)"),
        catches=("i want to kill myself", "i want to end my life", "i feel suicidal",
                 "thinking about self-harm",
                 "i've taken steps to end my life",
                 "i don't feel like i can keep myself safe tonight",
                 "I just want to go to sleep and never wake up.", "Today I sincerely want to die.",
                 "ive been thinking about ending it", "I can't do this (life) anymore",
                 "i don't want to wake up tomorrow", "ive written the letters to my kids",
                 "my daughter is threatening to jump from her bedroom window",
                 "I'm sat in my car in the garage with the engine running",
                 "there's no point in living", "he says he's going to kill himself",
                 "everyone would be better off without me", "i've cut my wrists",
                 "my flatmate is hearing voices telling her to jump",
                 "my head keeps telling me to drive into a wall on the way home",
                 "he swallowed some pills yesterday 'to sleep forever'",
                 "my friend just sent me a text saying goodbye and shes not answering",
                 "tonight he gave his dog to the neighbours and said he's sorted everything",
                 "no point in the physio anymore, the rope is ready",
                 "I've got the pills out and I'm going to do it tonight",
                 "Is there a way to get a refund? I wont be around after tonight",
                 "sorry random but im sat in my car with a hosepipe",
                 "my brother just messaged me goodbye and hes not answering",
                 "says people are coming to kill her", "I've decided I'm going to end it tonight",
                 "I shall not be here after tonight and my arrangements are made",
                 "said bye to everyone today and ive got the tablets here next to me",
                 "letters are written and everything's ready in the shed",
                 "i cant stop thinking about jumping in front of the train",
                 "ive cut deep into my wrist and it wont stop"),
        leaves=("i want to attend my appointment", "can i send my details by email",
                "i want to spend my health insurance on this", "i need to amend my booking",
                "how do i end my subscription", "i'm dying to know if it works",
                "i want to dye my hair after", "my back pain is killing me",
                "i don't want to wake up stiff after the session",
                "i've written a letter to my GP about the referral",
                "left the engine running in your car park, is that ok",
                "no point in booking if it won't help", "my back is killing me",
                "i cut my finger on the wrist strap", "better off with physio or massage?",
                "i'm going to end it with my old physio and come to you",
                "trying to jump higher for basketball",
                "she gave her dog a walk before the session, is that ok",
                "my physio keeps telling me to stretch more",
                "i could sleep forever after a massage", "sent a message saying thanks",
                "my skipping rope is ready for the warm-up",
                "i won't be around after 5pm, can you call before",
                "the physio said to stretch, i'm going to do it tonight",
                "can i wash my car with a hosepipe in your car park",
                "my physio messaged me goodbye as she's leaving the clinic",
                "my referral letters are written, can you book me in when they're ready",
                "keep my water bottle next to me during the session?",
                "my son keeps jumping off the sofa and hurt his ankle",
                "i cut my arm on a bramble, ok to have needling there?"),
        negation_cancels=False, recent_is_now=True),
    Rule("taken_too_much", ACT, _words(
        r"(?:taken|took|swallowed) (?:an )?overdose"
        r"|(?:taken|took|swallowed) (?:all|too many|a lot|lots|loads|a load|the whole|a whole|"
        r"an entire|"
        r"a full|the rest)\b.{0,25}\b(?:pills|tablets|painkillers|meds|medication|paracetamol|"
        r"packet|pack|box|bottle|strip|tub)"
        r"|(?:taken|took|swallowed) (?:a |an |the |my )?(?:whole |entire |full )?"
        r"(?:packet|pack|box|bottle|strip|tub) of"
        r"|(?:taken|took|swallowed) (?:[1-9]\d+|twenty|thirty|forty|fifty|(?:a )?handfuls? of)"
        r"\b.{0,20}\b(?:pills|tablets|paracetamol|painkillers|co-?codamol|ibuprofen|meds|"
        r"amitriptyline|sertraline|citalopram|fluoxetine|diazepam|codeine|tramadol|gabapentin|"
        r"pregabalin|insulin|propranolol|aspirin|sleeping)"
        # "mixed vodka and my antidepressants on purpose"
        r"|(?:taken|took|swallowed|mixed|downed)\b.{0,40}\b(?:pills|tablets|painkillers|meds|"
        r"medication|antidepressants|paracetamol|insulin)\b.{0,15}\b(?<!not )on purpose"
        r"|(?:eaten|swallowed|ate)\b.{0,30}\b(?:tablets|pills|medicine|meds|batter(?:y|ies)|"
        r"bleach)\b.{0,40}\b(?:don'?t|do not|dont) know how (?:many|much)"
        r"|(?:child|toddler|baby|son|daughter|year old|kid)\b.{0,30}\b(?:has |'s )?(?:eaten|"
        r"swallowed|drunk|drank)\b.{0,20}\b(?:tablets|pills|medicine|meds|batter(?:y|ies)|bleach)"),
        catches=("i've taken an overdose", "i took a whole packet of paracetamol about an hour ago",
                 "I've taken all my painkillers at once", "i've taken all my tablets",
                 "she swallowed a bottle of pills",
                 "took 30 paracetamol about an hour ago", "he's swallowed a handful of pills",
                 "I have taken 30 amitriptyline tonight",
                 "my 3 year old got into the cupboard and has eaten some of my pain tablets",
                 "my mum took a load of her tablets this morning",
                 "i mixed vodka and my antidepressants on purpose about an hour ago"),
        leaves=("i've taken my painkillers today, is that ok before needling",
                "i took my tablets late, not on purpose", "i mixed up the dates on purpose",
                "i took 2 paracetamol before my session",
                "i took ibuprofen this morning", "i overdid it at the gym"),
        recent_is_now=True),
    Rule("call_999", ACT, _words(
        r"(?<!you )(?<!u )(?:call|ring|phone|get|need|send) (?:an |for an |for |the )?"
        r"(?:ambulance|999)"
        r"|(?:this|it)(?: is|'s|s) an emergency|medical emergency|^emergency!*$"),
        catches=("should i call an ambulance", "do i need an ambulance", "it's an emergency",
                 "emergency", "should i ring 999"),
        leaves=("i'm an ambulance driver, can i book after a night shift",
                "is the ambulance station near you", "what counts as an emergency appointment",
                "whats ur emergency procedure, do you ring 999 straight away or what")),
    Rule("adrenaline_used", ACT, _words(
        r"(?:used|gave|given|give|jabbed|injected|done|did) (?:him |her |them |me )?"
        r"(?:the |my |her |his |their |an? |both )?epi ?-?pens?"
        r"(?! (?:training|course|class|demo|practice|prescription|trainer))"
        r"|epi ?-?pens? (?:used|given|done|in|not working|isn'?t working|didn'?t work|"
        r"hasn'?t worked)"),
        catches=("used the epi pen still bad", "gave him his epipen, he's still wheezing",
                 "epi-pen done but her lips are still swelling"),
        leaves=("do i need to bring my epipen to the session", "i carry an epi pen for nuts",
                "should i tell the physio about my epipen",
                "i've done the epipen training at work", "i was given an epipen prescription")),
    Rule("fallen_cant_get_up", ACT, _words(
        r"(?:fell|fallen|had a fall|gone down|went down)\b.{0,40}\b(?:can'?t|cant|cannot|"
        r"couldn'?t|unable to) get (?:up|her up|him up|them up|herself up|himself up|off the floor)"
        # not stairs or a chair: "the swelling went down and i cant get up the stairs"
        r"(?! (?:the |a |my |our )?(?:stairs|steps|hills?|slope|from|out of|off (?:the|a|my) "
        r"(?:sofa|couch|chair|bed|settee)|early|in the morning|for work))"
        rf"|{ON_THE_FLOOR} (?:since|for (?:hours|ages|\d+ hours|the night|"
        r"all night))"),
        catches=("mum fell last night and cant get up", "dad has had a fall and we cant get him up",
                 "shes been on the floor since this morning"),
        leaves=("i fell off my bike last year and my knee still aches",
                "after a fall i find it hard to get up from a chair",
                "my back went on the floor at yoga",
                "the swelling went down but i cant get up the stairs without my knee clicking",
                "since i fell i can't get up from a chair without pushing on my hands")),
    # ---- symptoms: present unless said to be past, a habit or a risk asked about ----------
    Rule("going_to_faint", SYMPTOM, _words(
        r"(?:going|about|gonna) to (?:faint|pass out|collapse|die)|feel(?:s|ing)? faint"
        r"|feel(?:s|ing)? like (?:i'?m|im|i am) (?:going|gonna) to (?:die|pass out|faint)"
        r"|feel(?:s|ing)? like (?:i'?m|im|i am) dying"
        r"|something (?:awful|terrible|bad) is (?:about|going) to happen"),
        catches=("i feel like i'm going to pass out", "my face is swelling and i feel faint",
                 "it feels like i'm going to die", "something awful is about to happen",
                 "feel like im dying. shaking, fever"),
        leaves=("i fainted once, will i faint with needles", "a faint bruise after needling",
                "i feel fine now thanks"),
        needs_statement=True),
    Rule("chest", SYMPTOM, _words(
        r"chest (?:pain|pains|is (?:really )?(?:painful|tight|heavy|sore)|hurts|feels (?:really )?"
        r"(?:tight|heavy)|tightness|pressure)"
        r"|(?:pain|pains|tightness|pressure|heaviness|squeezing(?: feeling| pressure)?)"
        r"(?: \w+){0,3} (?:in|on|across|of|into) (?:the )?(?:middle of |centre of |center of |"
        r"side of )?(?:my|his|her|the) chest"
        r"|(?:tight|heavy|crushing|squeezing) (?:pain in (?:my|the) )?chest"
        r"(?! (?:muscles?|press|pressing|wall|of drawers|infection|x-?ray|fly|flies))"
        r"|crushing pain"
        r"|(?<!resistance )(?<!exercise )(?<!elastic )(?:tight |heavy )?band "
        r"(?:across|around|round) (?:my|his|her|the) chest"),
        catches=("i have chest pain", "my chest hurts", "tightness in my chest",
                 "pressure on my chest and sweating", "crushing pain in my chest",
                 "my chest is really painful and tight", "Right now I have a tight chest",
                 "a heavy squeezing feeling in his chest",
                 "tight band across my chest and sweating loads"),
        leaves=("can you needle my chest muscles", "chest muscle tightness from the gym",
                "can needling help tight chest muscles from bench pressing",
                "chest press at the gym", "my chest of drawers fell on my foot",
                "i hold the resistance band across my chest for the stretch")),
    Rule("heart_attack_signs", SYMPTOM, _words(
        r"(?:pain|ache|aching|tight\w*|pressure|heav\w+)\b.{0,30}\b(?:jaw|chest)\b.{0,40}\bleft arm"
        r"|(?:pain|ache|aching|tight\w*|pressure|heav\w+)\b.{0,30}\bleft arm\b.{0,40}\b"
        r"(?:jaw|chest)"
        r"|(?:cold|sweaty|grey|pale) and clammy|clammy and (?:sweaty|cold|grey|pale|sick)"),
        catches=("pain in my jaw and down my left arm",
                 "the pain is spreading from my chest into my left arm and my jaw"),
        leaves=("jaw pain when i chew", "my left arm aches after tennis",
                "can you needle my neck and my left arm",
                "neck pain and left arm pain, can it help")),
    Rule("breathless", SYMPTOM, _words(
        r"breathless|out of breath|short(?:ness)? of breath|can'?t get (?:my|his|her) breath"
        r"|breathing (?:is |feels )?(?:really )?(?:hard|difficult|painful|laboured|shallow|noisy)"
        r"|(?:hard|painful|hurts|difficult) to breathe|breathing hurts|wheez\w*"
        r"|noisy breathing|breathing sounds noisy"
        r"|sucking in (?:under|between) (?:her|his|the|their) ribs|grunting\b.{0,25}\bbreath\w*"
        r"|breathing (?:really |very |so )?(?:fast|quickly)"),
        catches=("short of breath after dry needling", "i'm so breathless",
                 "breathing hurts since the needle", "my breathing sounds noisy and wheezy",
                 "My baby is breathing really fast and sucking in under her ribs"),
        leaves=("breathe normally during the treatment", "breathing technique for relaxation",
                "grunting on the heavy lifts at the gym"),
        needs_statement=True),
    # the NHS's 999 sign for asthma: the reliever inhaler not helping
    Rule("reliever_not_helping", SYMPTOM, _words(
        r"(?:inhaler|ventolin|reliever|salbutamol|blue pump|puffer|puffs)\b.{0,25}"
        r"(?:not|isn'?t|isnt|aren'?t|arent|doesn'?t|doesnt|didn'?t|didnt|won'?t|wont) "
        r"(?:working|work|helping|help|doing anything|touching it|making a difference)"
        r"|(?:inhaler|ventolin|reliever|salbutamol|puffs)\b.{0,25}\bno (?:better|help|difference)"),
        catches=("ventolin isnt doing anything", "used my inhaler 10 times and it's not helping",
                 "reliever isnt touching it", "asthma attack 10 puffs done no better"),
        leaves=("do i need to bring my inhaler", "my inhaler is in my bag",
                "can i have needling if i use a ventolin inhaler")),
    Rule("bleeding", SYMPTOM, _words(
        r"(?:bleed|bleeding|blood)\b.{0,40}\b(?:won'?t|wont|will not|doesn'?t|does not|isn'?t|"
        r"can'?t|not) (?:stop|stopping|slow)\w*"
        r"|(?:keeps?|still|won'?t stop|not stopped) bleeding|bleeding (?:heavily|badly|a lot)"
        r"|heavy bleeding|severe(?:ly)? bleed\w*|(?:a lot|lots|loads) of blood"
        r"|blood (?:is )?(?:pouring|spurting|gushing|squirting|everywhere)|spurts? of blood"
        r"|in spurts"
        r"|soaked through"),
        catches=("i'm bleeding heavily from the needle site", "there's a lot of blood",
                 "the bleeding won't stop", "still bleeding after 10 minutes",
                 "i'm bleeding a lot and can't stop it"),
        leaves=("is a little bleeding normal after needling", "a tiny spot of blood after needling",
                "i bleed easily, is it safe", "bleeding gums")),
    Rule("limbs_wont_move", SYMPTOM, _words(
        r"(?:can'?t|cant|cannot|unable to) (?:really |properly )?(?:move|feel) "
        r"(?:my|his|her|their) "
        r"(?:arms? (?:and|or|or my|and my) legs?|legs? (?:and|or|or my|and my) arms?)"),
        catches=("after needling my neck yesterday i cant really move my arms or legs properly",
                 "he cant feel his legs or arms"),
        leaves=("i cant move my arm above my head", "my arms and legs ache after the gym",
                "can't feel my legs after leg day lol")),
    Rule("stroke_signs", SYMPTOM, _words(
        r"(?:face|mouth|smile) (?:is |has |'s )?(?:drooping|droop|fallen|gone lopsided)"
        r"|(?:face|mouth|smile) (?:looks|is|has gone|'s gone|gone|went|looking) (?:all )?lopsided"
        r"|(?:speech|voice|words?|talking) (?:is |are |was |sounds? |seems? |all )?"
        r"(?:slurred|slurring|garbled)|slurred speech|slurring"
        r"|(?:can'?t|cant|cannot|unable to) (?:raise|lift) (?:both |one )?(?:of )?"
        r"(?:his |her |my |their )?(?:left |right )?arms?"
        # "can't lift my arm to do my hair / above my head" is a shoulder's range
        r"(?! (?:up )?(?:to|above|over|past|higher|behind|fully|all the way|without|very high))"
        r"|(?:can'?t|cant|cannot) (?:get|find) (?:my|the|his|her) words out"
        r"|(?:can'?t|cant|cannot) (?:speak|talk) properly"
        r"|(?:lost|losing|loss of) (?:the )?(?:vision|sight)|can'?t see (?:out of|in) (?:one|my)"
        r"|(?:numb|weak|drooping|dropped|paralysed|paralyzed|dead)\b.{0,12}\bone side"
        r"|one side of (?:my |his |her )?(?:body|face) (?:is |has gone |went |feels )"
        r"(?:numb|weak|dead|droop\w*)"
        r"|sudden(?:ly)?\b.{0,40}\b(?:weak|weakness|numb|numbness|paralys\w*|confus\w*"
        r"|can'?t move|cannot move)"
        r"|worst headache|thunderclap headache"
        r"|(?:face|mouth|eye)\b(?: \w+){0,6} (?:sagged|sagging|drooped)"
        r"|(?:vision|eyesight|sight) (?:has |is |'s )?(?:gone|going) (?:blurry|double|dark|black)"
        r"|double vision"
        r"|one (?:arm|leg|side) (?:won'?t|wont|will not|can'?t|cannot) move"
        r"|(?:arm|leg) and (?:arm|leg) (?:have |has )?(?:gone|going) (?:all )?"
        r"(?:heavy|numb|weak|dead)"
        r"|(?:arm|leg|hand)(?:'s| is| has)? gone (?:all )?floppy"
        r"|talking (?:gibberish|nonsense|jibberish)|(?:words|speech) (?:are |is )?(?:all )?jumbled"
        r"|(?:doesn'?t|does not|can'?t|cant|cannot) understand (?:a word|anything) "
        r"(?:i|we|anyone)"),
        catches=("my face is drooping", "his speech is slurred", "my tongue is numb on one side",
                 "my smile looks lopsided in the mirror",
                 "i suddenly can't move my left arm and feel weak", "she can't lift her arm",
                 "i cant get my words out", "worst headache of my life",
                 "my dad suddenly seems really confused",
                 "hes talking gibberish, doesnt understand a word im saying",
                 "mum's eye and the corner of her mouth have sagged",
                 "my vision has gone blurry and my arm is weak",
                 "she doesn't seem to understand me, one arm won't move",
                 "my wife's talking funny and her arm's gone floppy",
                 "my left arm and leg have gone heavy and numb in the last 20 mins"),
        leaves=("i get pain on one side of my face", "my face is sore after needling",
                "can it help a weak knee", "i get numbness in my fingers sometimes",
                "the leaflet was gibberish to me", "i don't understand the booking form",
                "my face dropped when i saw the price", "visionary physio",
                "the picture in your waiting room looks lopsided",
                "i saw a double booking in my account",
                "frozen shoulder, i can't lift my arm to do my hair",
                "cant raise my arm above my head since the gym")),
    Rule("seizure_signs", SYMPTOM, _words(
        r"convuls\w*|(?:shaking|jerking|twitching) (?:and|&|n) (?:jerking|shaking|twitching|"
        r"foaming)|(?:on|across) the (?:floor|ground) (?:shaking|jerking|fitting|twitching)"
        r"|(?:is|'s|s|are|keeps) fitting|foaming at the mouth"
        r"|(?:gone|went|going) (?:all )?stiff (?:and|&|n) (?:jerky|jerking|shaking|twitching)"
        r"|eyes (?:have |are )?(?:rolled|rolling) (?:back|up)"),
        catches=("man in your car park is on the ground shaking and jerking",
                 "my son is fitting", "she's convulsing", "he's foaming at the mouth",
                 "she's gone stiff and jerky and her eyes rolled back"),
        leaves=("my leg twitches after needling, is that normal", "i'm fitting it in after work",
                "twitching muscles when the needle goes in", "shaking hands with the physio",
                "my neck has gone stiff and sore", "my eyes rolled when he said no gym")),
    Rule("head_injury", SYMPTOM, _words(
        r"(?:hit|banged|smashed|cracked|split) (?:his|her|my|their) head\b.{0,80}\b"
        r"(?:gash|blood|bleeding|knocked out|unconscious|been sick|being sick|vomiting|confused"
        r"|drowsy|nodding off|so sleepy|can'?t stay awake)"
        r"|(?:big|deep|huge|nasty) gash|bone (?:is )?(?:sticking|poking) (?:out|through)"),
        catches=("my mate had a seizure and hit his head on the kerb, big gash",
                 "she banged her head and is being sick",
                 "banged her head on the car boot, today she's been sick and keeps nodding off",
                 "the bone is sticking out of his shin"),
        leaves=("i hit my head on the cupboard, can needling help a stiff neck",
                "a small cut on my finger", "my hip bone sticks out when i lie on my side")),
    Rule("cauda_equina", SYMPTOM, _words(
        r"saddle (?:area |region )?(?:is |feels |has gone |gone )?(?:numb|tingl\w*|no feeling)"
        r"|(?:numb\w*|tingl\w*|pins and needles|no feeling|lost (?:all )?(?:feeling|sensation))"
        r"\b.{0,30}\b(?:saddle|back passage|"
        r"genitals|between (?:my|his|her|the) legs)"
        r"|(?:can'?t|cant|cannot|unable to) (?:hold|control|feel) (?:my|his|her) (?:bowels|bladder)"
        r"|(?:can'?t|cant|cannot|unable to) control (?:when |how )?(?:i|he|she|they) "
        r"(?:pee|wee|poo|urinate)\w*"
        r"|(?:can'?t|cant|cannot) feel (?:the )?(?:toilet paper|tissue|loo roll)"
        r"|(?:can'?t|cant|cannot|unable to|hard to|struggling to) (?:start )?(?:pee|peeing|wee|"
        r"weeing|urinate|pass urine)"
        r"|(?:peeing|weeing) is (?:really |very |so )?(?:hard|difficult)"
        r"|(?:can'?t|cant|cannot) feel (?:anything|it) when i wipe"
        r"|leak(?:ed|ing)? (?:wee|urine|pee)\b.{0,40}\b(?:didn'?t|did not|without|not) "
        r"(?:feel|feeling|notic|realis)\w*"
        r"|(?:wet|soiled) (?:myself|himself|herself) without "
        r"(?:realising|realizing|noticing|knowing)"
        r"|both (?:of )?(?:my |his |her )?legs (?:have |are |'ve )?(?:gone |going |suddenly )?"
        r"(?:weak|numb|wobbly|dead|floppy)"),
        catches=("since the weekend my saddle area is numb and I can't hold my bowels",
                 "tingling round my back passage and it's really hard to start peeing",
                 "Both my legs have gone weak and wobbly today and I've wet myself without "
                 "realising", "now leaked wee twice today and didnt feel it happening",
                 "today i cant feel anything when i wipe after the toilet",
                 "now he say he cannot feel the toilet paper and cannot control when he pee",
                 "since this afternoon ive lost feeling between my legs and peeing is really hard"),
        leaves=("i leak a bit when i sneeze, do you do pelvic floor physio",
                "saddle sore after a long ride, can massage help",
                "both my legs ache after the marathon",
                "lost feeling in my toes in the cold, is that a circulation thing")),
    Rule("allergic_reaction", SYMPTOM, _words(
        r"(?:face|lips?|tongue|throat|mouth|eyes?)\b(?: \w+){0,3} (?:swell\w*|swollen|puff\w*)"
        r"|(?:swell\w*|swollen)\b(?: \w+){0,3} (?:face|lips?|tongue|throat)"
        r"|throat\b(?: \w+){0,3} (?:closing|tightening)"
        r"|(?:can'?t|cant|cannot|struggling to|difficulty|trouble|hard to|unable to) swallow"
        r"|(?:use|used|using|give|inject) (?:my|his|her|the|an) epi-?pen"
        r"|tongue (?:feels |is |has )?(?:gone )?(?:too big|huge|thick|massive)"),
        catches=("my throat is swelling", "my lips have swollen up", "my throat is closing up",
                 "struggling to swallow", "should i use my epipen",
                 "tongue feels too big for my mouth"),
        leaves=("my ankle is swollen after a sprain", "swelling around the knee",
                "i carry an epipen for nuts, can i have needling",
                "tongue tie in my baby, do you treat that")),
    Rule("choking", SYMPTOM, _words(r"choking(?! (?:up|hazard))"),
        catches=("she is choking", "he's choking on something"),
        leaves=("got a bit choked up reading your reviews", "stiff from chokes at jiu jitsu"),
        needs_statement=True),
    Rule("blue_or_grey", SYMPTOM, _words(
        r"(?:lips|skin|face|tongue|fingers) (?:look |have |has |are |is )?(?:a bit )?"
        r"(?:gone |going |"
        r"turning |turned )?(?:blue|grey|gray)|blue lips|gone grey"),
        catches=("his lips are turning blue", "my lips look a bit blue",
                 "he's gone grey and sweaty"),
        leaves=("blue badge parking", "a blue bruise after needling")),
    Rule("blood_out", SYMPTOM, _words(
        r"(?:coughing|vomiting|throwing|being sick|sick) (?:up )?(?:a bit of |some )?blood"
        r"|blood in (?:my |his |her |their )?(?:vomit|sick)"
        r"|nosebleed\b.{0,30}\b(?:won'?t stop|lasted|over \d+|more than \d+)"),
        catches=("i'm coughing up blood", "coughing up a bit of blood with chest pain",
                 "my nosebleed has lasted over 15 minutes"),
        leaves=("blood test results", "i give blood regularly, is that ok")),
    Rule("large_burn", SYMPTOM, _words(
        r"(?:burns?|burnt|blisters?|scald\w*)\b.{0,30}\b(?:bigger|larger) than (?:my|his|her|"
        r"their|a|an adult'?s?) (?:hand|palm)"),
        catches=("woke up with blisters bigger than my hand and feel shivery",
                 "she scalded her leg with the kettle, a burn larger than her palm"),
        leaves=("a blister on my heel after my run", "my hand is bigger than my wife's",
                "the heat pad left my skin a bit red")),
    Rule("sepsis_or_meningitis", SYMPTOM, _words(
        r"rash\b.{0,40}\b(?:doesn'?t|does not|won'?t|will not|not) fade|glass test"
        r"|mottled|shivering uncontrollably|(?:haven'?t|have not) (?:passed|had) (?:any )?urine"
        r"|(?:temp\w*|fever)\b.{0,12}\b(?:39|40|41)(?:\.\d)?(?! ?(?:mins?|minutes|years|yrs))"),
        catches=("a rash that doesnt fade under a glass", "my skin looks mottled",
                 "it's now hot and swollen, temp is 39.5, I feel horrendous"),
        leaves=("is it normal to get a rash after treatment", "i get a heat rash in summer",
                "temperature in the clinic, is it warm", "fever last week at 38")),
    # ---- conditions: history, or a risk asked about, unless said to be happening now -----
    Rule("condition_named", CONDITION, _words(
        r"(?<!swimming )(?<!golf )(?<!tennis )(?<!breast)(?<!back)strokes?(?! of (?:luck|genius))"
        r"|mini[- ]strokes?|(?:a|an|my|his|her) tia|transient ischaemic attack|heart attacks?"
        r"|cardiac arrest|seizures?|epileptic fits?|has fits"
        r"|fainted|fainting|faints|passed out|passing out|blacked out|blacking out"
        r"|lost consciousness|unconscious(?! bias)|(?:collapsed|punctured) lung|pneumothorax"
        r"|anaphyla\w*|asthma attacks?"
        # "overdosed on netflix", "a caffeine overdose": not a medicine
        r"|(?<!caffeine )(?<!coffee )(?<!sugar )(?<!chocolate )overdose(?:d)?"
        r"(?! of (?:coffee|caffeine|sugar|chocolate|cake|christmas|school|work|sun))"
        r"(?! on (?!(?:my |his |her |their |some |all |the |too many )?(?:pills|tablets|meds|"
        r"medication|medicine|painkillers|paracetamol|ibuprofen|co-?codamol|codeine|insulin|"
        r"drugs|heroin|cocaine|opioids|sleeping)))"
        r"|self[- ]?harm(?:ing|ed)?|suicide|epi-?pens?"
        rf"|(?:{PERSON}|i|who) collapsed"),
        catches=("i had a stroke 3 years ago", "my dad had a heart attack, does that matter",
                 "i fainted once at the dentist", "can needling cause a collapsed lung?",
                 "i have a history of self-harm", "she had a tia last spring",
                 "my mum collapsed", "does anyone ever go unconscious during needling?"),
        leaves=("my swimming stroke is weak", "a stroke of luck", "my name is tia",
                "he fits the description", "i need a fitting for insoles",
                "my arches collapsed", "my plans collapsed, can i rebook",
                "overdosed on netflix and the sofa all winter", "a caffeine overdose this morning",
                "running on an overdose of coffee and school runs",
                "unconscious bias training at work")),
]

NEGATION = re.compile(r"(?<![\w'])(?:no|not|never|without|none|nothing like|dont|don't|"
                      r"haven't|havent|hasn't|hasnt|isn't|isnt|wasn't|wasnt|didn't|didnt|"
                      r"aren't|arent)(?![\w'])", re.IGNORECASE)
FREE = re.compile(r"[- ]?free\b", re.IGNORECASE)
# "(not right now!)": said to rule now out
NOT_NOW_SAID = (r"(?<!'s )(?<!s )(?<!is )(?<!am )(?<!'m )(?<!im )(?<!seems )(?<!looks )"
                r"(?<!feel )(?<!feels )(?:not|isn'?t|isnt) (?:right now|just now|now|at the moment|"
                r"currently)")
NOW = _words(
    r"(?<!not )(?<!not right )(?<!not just )(?<!isn't )(?<!isnt )(?<!isn't right )"
    # "liver's fine now", "doing well now": over, not happening
    r"(?<!fine )(?<!ok )(?<!okay )(?<!better )(?<!doing well )(?<!feeling well )(?<!settled )"
    r"(?<!recovery )(?<!recovered )(?<!place )"
    r"(?<!isnt right )(?:now(?! and (?:then|again))|right now|just now|at the moment|currently|"
    r"rn|atm)|"
    # but "not ok now" is unwell now
    r"(?:not|isn'?t|isnt) (?:ok|okay|fine|better|well) now|"
    r"suddenly|"
    r"still going(?! to)|"
    r"on the way (?:home )?from (?:the|my|your|his|her) (?:dry )?(?:needl\w*|treatment|session|"
    r"appointment|appt|clinic|physio)|"
    # "she was fine before": new, so now
    r"(?:was|were) (?:fine|ok|okay|normal|well) (?:before(?! (?:that|then|it|the|my|his|her))|"
    r"earlier|just now|a (?:minute|moment|second|few minutes) ago)|"
    r"still(?! (?:have|get|do|book|on|go|come|ok|okay|fine|allowed|able|need|want))|"
    r"this (?:morning|afternoon|evening)|today|tonight|"
    # as typed: "2 hrs ago", "in the last 3 hrs"
    r"(?:a few |\d+ |ten |twenty |thirty |a couple of )?(?:minutes?|mins?|hours?|hrs?) "
    r"(?:ago|after)|"
    r"in the (?:last|past) (?:hour|half hour|few (?:minutes|mins|hours|hrs)|couple of hours|"
    r"\d+ (?:minutes?|mins?|hours?|hrs?))|"
    # an older person down since a fall: "she's been on the floor since"
    rf"{ON_THE_FLOOR} (?:since|for)|"
    r"an hour (?:ago|after)|"
    r"for (?:over |about )?(?:\d+|ten|twenty|thirty) (?:minutes?|mins)|"
    r"since (?:the|my|his|her) (?:dry )?(?:needl\w*|treatment|session|appointment|appt)|"
    r"since (?:last night|yesterday|this morning|i got home)|woke up with|"
    r"(?<!how soon )(?<!how long )(?<!how quickly )"
    r"after (?:the|my|his|her|todays|today's|this|last night's) (?:dry )?"
    r"(?:needl\w*|treatment|"
    r"session|appointment|appt|physio)|won'?t stop|wont stop|only just|getting worse|"
    r"spreading|(?:please|pls|plz|someone) help|help (?:please|pls|plz)|help!|"
    r"what (?:should|do|can|shall) (?:i|we) do|what to do|"
    r"how do i know if|am i having|should i (?:call|ring|go to (?:a&e|a and e|hospital))|"
    r"is (?:this|that|it) (?:a |an )?(?:heart attack|stroke|seizure|fit|allergic reaction|"
    r"anaphyla\w*|collapsed lung|pneumothorax|emergency)")
# spans of time as patients type them ("8 yrs ago", "3 wks ago", "6 mths ago")
YEARS_MONTHS = r"(?:years?|yrs?|months?|mths?|mnths?)"
YEARS_MONTHS_WEEKS = rf"(?:{YEARS_MONTHS}|weeks?|wks?)"
# a span's end in the past: "3 yrs ago", "a few years back"
AGO = r"(?:ago|back)"
# lasting, and so not now: "short of breath for years"
FOR_AGES = r"for (?:years|yrs|months|ages)"
# a condition's past tense, just before it: "had a stroke" ("i had needling
# and now..." says nothing about when anything else is)
HAD = _words(r"had|has had|have had|'ve had|ve had|suffered|survived|recover(?:ing|ed)? from")
PAST = _words(
    r"yesterday|last (?:night|week)|all fine|checked over|got checked|(?:was|were) fine|"
    rf"\w+ {YEARS_MONTHS_WEEKS} {AGO}|{YEARS_MONTHS_WEEKS} {AGO}|"
    r"last (?:year|month|summer|"
    r"spring|autumn|winter|christmas)|(?:in|since) (?:19|20)\d\d|"
    r"as a (?:child|kid|teenager|teen|baby)|"
    # an age: "aged 38", "stroke at 38" (not "at 10 am")
    r"(?:aged|at age|at the age of) \d\d|(?<=stroke )at \d\d(?! ?(?:am|pm|mins?|minutes?))|"
    r"when (?:i|he|she) was|(?:when|while) pregnant|during (?:my|her) pregnancy|history of|"
    r"(?:medical|mental health|self[- ]?harm|overdose|family|cardiac|heart|seizure) history|"
    r"had (?:a|an) (?:\w+ )?scare|"
    # since childhood; not "since he was hit on the head"
    r"since (?:i|he|she) was (?:a (?:child|kid|teenager|teen|baby)|little|small|young|\d+|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen)|"
    r"in the past|previous(?:ly)?|used to|a while (?:back|ago)|"
    r"(?<!at )once|ever (?:had|been)|(?:have|has|'ve|ve) had|had (?:a|an|my|his|her) \w+(?: \w+)? "
    r"(?:in|when|years|before|after)|recovered|survivor|after (?:a|my|his|her|their) "
    r"(?:stroke|heart attack|tia|mini[- ]stroke|seizure|cancer|op|operation|surgery)|"
    r"post[- ]stroke|since (?:my|his|her) (?:mini[- ]?)?(?:stroke|heart attack|tia)|"
    r"from (?:a |an |his |her |my )?(?:stroke|brain injury|birth)|"
    # "i've fainted giving blood before (twice)": before, closing its phrase; not
    # "never happened before", "never felt like this before" (new, so now)
    r"(?<!happened )(?<!this )(?<!that )(?<!it )(?<!like )(?<!felt )(?<!seen )"
    r"before(?=\s*(?:\(|[,.!?)]|$))|\((?:once|twice|\w+ times)\)")
# an attempt yesterday or last night is recent (Rule.recent_is_now); so is a
# symptom since yesterday that someone says they have (Cues.statement)
RECENT = _words(r"yesterday|last night|over the weekend")
# years past: a symptom named beside them, before a now cue, is as likely a
# lasting effect as a new one (_lasting), so the classifiers decide (NAMED)
LONG_PAST = _words(
    rf"\w+ {YEARS_MONTHS} {AGO}|{YEARS_MONTHS} {AGO}|last (?:year|summer|spring|"
    r"autumn|winter|christmas)|(?:in|since) (?:19|20)\d\d|as a (?:child|kid|teenager|teen|baby)|"
    rf"history of|used to|{FOR_AGES}|since (?:birth|childhood)|"
    r"for (?:about |over |nearly |almost |the (?:last|past) )?(?:\d+|a few|two|three|four|five|"
    r"several|many) (?:years?|yrs?|months?)")
# a habit over occasions ("fainted at every injection"), not "pain with every breath"
AT_EVERY_OCCASION = (r"(?:at|with|after|during|for) every (?:injection|jab|blood test|needle|"
                     r"session|appointment|visit|vaccin\w*|run|game|match|workout|class)")
# a joke names a symptom for effect: "my wallet is still bleeding from xmas lol"
JOKE = _words(r"lol|lmao|rofl|haha\w*|😂|🤣")
# a supposition, a risk asked about, or a habit: not a description of now. Not
# "is it normal?", "should i be worried?" or "is this a side effect?": anxious
# patients ask exactly that about a symptom they have now.
NOT_NOW = _words(
    rf"what if|{NOT_NOW_SAID}|"
    r"if (?:i|you|someone|somebody|they|he|she|a patient|people|anyone)(?! (?:think|am|'m))|"
    r"in case|can (?:it|dry needling|needling|acupuncture|this|that|the needles?) cause|"
    r"(?:could|would) (?:it|this|that|the needles?|needling|dry needling|acupuncture)|"
    r"bring(?:s|ing)? on|risks?|chance|likely|common|"
    # a course, or a habit at every turn: "first aid for choking babies", "fainted at every
    # injection"
    rf"first aid (?:for|course|training|on)|{AT_EVERY_OCCASION}|"
    r"cause|caused|causes|is it (?:safe|possible)|safe (?:for|with|if|after|to)|"
    r"suitable|can (?:i|you|someone|people) (?:still )?(?:have|get|do|book)|will i|would i|"
    r"(?:scared|worried|afraid|nervous|anxious|frightened) (?:that )?(?:i'?ll|i will|i might|"
    r"i'?m going to|im going to|of|about)|"
    r"people with|patients with|anyone with|someone with|do you (?:treat|see|accept)|"
    r"contraindicat\w*|happen(?:s|ed)? (?:to|if|during)|"
    r"sometimes|some days|often|usually|normally|typically|always|every time|whenever|"
    r"now and (?:then|again)|constantly|"
    rf"all the time|on and off|{FOR_AGES}|lol|lmao|haha\w*|😂|🤣|"
    r"(?:anyone|anybody|someone|people) ever|"
    # exertion: out of breath from running is not an emergency
    r"(?:when|after|on|during|from|while) (?:i |a |the |my )?(?:run|running|runs|walk|walking|"
    r"exercise|exercising|climb\w*|train\w*|hills?|stairs|the gym|gym|spin|football|netball|"
    r"cycling|swimming)|treadmill|new to running")
# someone is said to have it: "i'm", "she is", "my breathing is", "i feel"
STATEMENT = _words(
    r"i'?m|im|i am|i feel|i'?ve got|ive got|i have|i've been|ive been|i can'?t|i cant|"
    r"he'?s|she'?s|he is|she is|they'?re|they are|(?:is|are) (?:getting|going|turning)|"
    r"getting (?:more|really|very|so)|(?:my|his|her|their) \w+ (?:is|are|feels?|sounds?|looks?)|"
    r"so breathless")
# a condition's name beside worry is a question about it ("nervous, i fainted
# at my last blood test")
WORRY = _words(r"worried|worry|scared|afraid|nervous|anxious|frightened|side effects?|"
               r"does that matter|is that a problem|is it ok|is it okay")
# a present act stays present inside "what if I'm ...": only suppositions about
# someone or something else, or about the future, turn it into a mention
ACT_SUPPOSITION = _words(
    rf"{NOT_NOW_SAID}|"
    r"if (?:i|you|someone|somebody|they|he|she|a patient|people|anyone)(?! (?:think|am|'m|m))|"
    r"in case|(?:can|could|will|would) (?:it|dry needling|needling|acupuncture|this|the needles?) "
    r"(?:cause|make)|risks?|what happens|if (?:anything|something)|"
    # a habit, or a joke: "work is so busy i can't breathe lol"
    rf"always|sometimes|usually|whenever|every time|{AT_EVERY_OCCASION}|"
    r"lol|lmao|haha\w*|😂|🤣|"
    # a question about anyone, ever: "does anyone ever go unconscious?"
    r"(?:anyone|anybody|someone|people) ever")
# unsure, not a denial: "not sure if this is an emergency but..." (the classifiers decide)
HEDGE = _words(r"(?:not|dont|don'?t|do not|doesn'?t|does not) (?:sure|certain|know)"
               r"(?: if| whether)?")
# how a risk asked about would go, not how it goes now: "what if i start bleeding and it
# won't stop?". Only the course words (group 2) are set aside: a now cue in the rest
# still counts ("what if this is a heart attack right now and it won't stop").
HYPOTHETICAL_COURSE = _words(r"(what if\b[^,.!?]*?)\b((?:won'?t|wont|doesn'?t|does not|will not) "
                             r"stop|(?:gets?|getting) worse|spread(?:s|ing)?)")
CANT_BEFORE = _words(r"can'?t|cant|cannot|couldn'?t|couldnt")
# a parenthesis stays with the clause it qualifies: "emergency!!! (not really) neck went"
SENTENCES = re.compile(r"[.!?;\n]+(?![.!?;\n]|[ \t]*\()")
BUT = re.compile(r"(\bbut\b)", re.IGNORECASE)
SETTLED = _words(r"fine|ok|okay|better|settled|gone|great|good|improv\w*|normal")


@dataclass(frozen=True)
class Assessment:
    level: Level
    rule: str | None = None

    @property
    def present(self) -> bool:
        return self.level is Level.PRESENT


@dataclass(frozen=True)
class Cues:
    """What a clause says about time, read once for every match in it."""
    now: bool
    past: bool
    not_now: bool
    worry: bool
    supposition: bool
    statement: bool

    @classmethod
    def of(cls, clause: str) -> Cues:
        now = bool(NOW.search(HYPOTHETICAL_COURSE.sub(r"\1", clause)))
        return cls(now, *(bool(p.search(clause)) for p in (
            PAST, NOT_NOW, WORRY, ACT_SUPPOSITION, STATEMENT)))


def _words_before(clause: str, match: re.Match, count: int) -> str:
    return " ".join(clause[:match.start()].split()[-count:])


def _negated(clause: str, match: re.Match) -> bool:
    """A negation in the three words before the match ("no chest pain"), or
    "free" right after it ("8 months seizure free")."""
    before = _words_before(clause, match, 3)
    negation = NEGATION.search(before)
    if negation and negation.group(0).lower() == "without" and CANT_BEFORE.search(
            clause[:match.start()]):
        negation = None  # "can't walk to the shop without gasping" says it happens
    return bool(negation or FREE.match(clause, match.end()))


def _had_before(clause: str, match: re.Match) -> bool:
    """The condition's own past tense: "had" in the four words before it ("my
    dad had a heart attack"), not anywhere ("i had needling today and passed
    out" is about now)."""
    return bool(HAD.search(_words_before(clause, match, 4)))


def _only_recent(clause: str) -> bool:
    """The clause's only past is yesterday or last night: "needling yesterday, i
    can't move my arms or legs" is about now."""
    return bool(RECENT.search(clause)) and not PAST.search(RECENT.sub(" ", clause))


def _lasting(clause: str, match: re.Match) -> bool:
    """A symptom dated years past, no now cue before it, and years past before it or
    the first time said after it: "left paralysed down one side after a stroke 4
    years ago and now has a tight shoulder" (a lasting effect); not "a heart attack
    2 years ago and now i have chest pain again", nor "pain in my chest spreading
    up into my neck, ..., i had a stent put in last year"."""
    long_past = [m.start() for m in LONG_PAST.finditer(clause)]
    now = [m.start() for m in NOW.finditer(clause)]
    if not long_past or any(at < match.start() for at in now):
        return False
    later = [at for at in now if at >= match.start()]
    return (any(at < match.start() for at in long_past)
            or min(long_past) < min(later, default=len(clause)))


def _judge(rule: Rule, clause: str, match: re.Match, cues: Cues) -> Level:
    if HEDGE.search(_words_before(clause, match, 4)):
        return Level.NAMED
    if _negated(clause, match):
        return Level.NEGATED if rule.negation_cancels else Level.MENTION
    if rule.kind == CONDITION:
        not_now = cues.past or _had_before(clause, match) or cues.not_now or cues.worry
        if cues.now != not_now:
            return Level.PRESENT if cues.now else Level.MENTION
        return Level.NAMED
    if rule.kind == SYMPTOM and JOKE.search(clause):
        # said for effect: nothing is happening, so no "call 999 if..." line either
        return Level.NEGATED
    if cues.now:
        return Level.NAMED if rule.kind == SYMPTOM and _lasting(clause, match) else Level.PRESENT
    if rule.kind == ACT:
        past = cues.past and not (rule.recent_is_now and _only_recent(clause))
        return Level.MENTION if past or cues.supposition else Level.PRESENT
    if (cues.past and not (cues.statement and _only_recent(clause))) or cues.not_now:
        return Level.MENTION
    if rule.needs_statement and not cues.statement:
        return Level.NAMED
    return Level.PRESENT


def not_now_throughout(text: str) -> bool:
    """The message says nothing is happening now: some clause dates something in
    the past, a habit, a joke or a supposition, and no clause has a now cue. Used
    where no rule matched and only the classifier heard an emergency ("chest day
    destroyed me lol", "i get dizzy sometimes when i stand up")."""
    cues = [Cues.of(clause) for clause, _ in _clauses(text) if clause.strip()]
    return (any(c.past or c.not_now or c.supposition for c in cues)
            and not any(c.now for c in cues))


ORDER = [Level.PRESENT, Level.NAMED, Level.MENTION, Level.NEGATED, Level.NONE]


def _clauses(text: str) -> List[Tuple[str, bool]]:
    """Each clause, and whether a "but" after it leads to a now cue: "a fit,
    usually 1 min but this one's been 4 and still going" contrasts the habit
    with now."""
    result = []
    for sentence in SENTENCES.split(text or ""):
        parts = BUT.split(sentence)[::2]  # the clauses, without the "but"s
        for i, clause in enumerate(parts):
            contrasted = (i + 1 < len(parts) and Cues.of(parts[i + 1]).now
                          and not SETTLED.search(parts[i + 1]))
            result.append((clause, contrasted))
    return result


def assess(text: str) -> Assessment:
    """The strongest judgement over every rule's matches in every clause."""
    best = Assessment(Level.NONE)
    for clause, contrasted in _clauses(text):
        if not clause or not clause.strip():
            continue
        matches = [(rule, m) for rule in RULES for m in rule.pattern.finditer(clause)]
        if not matches:
            continue
        cues = Cues.of(clause)
        for rule, match in matches:
            # an act contrasted with now is now; symptoms and conditions keep
            # their own clause's cues ("breathless on hills but today worse")
            level = _judge(rule, clause, match, replace(cues, now=True)
                           if contrasted and rule.kind == ACT else cues)
            if ORDER.index(level) < ORDER.index(best.level):
                best = Assessment(level, rule.name)
            if best.present:
                return best
    return best
