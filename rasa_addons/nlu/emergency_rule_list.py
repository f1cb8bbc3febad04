"""Every emergency rule: an act, symptom or condition as patients type it, with
the messages it must catch and ordinary ones it must leave alone
(tests/test_emergency_rules.py runs them one by one). To add a rule, add it
here with both lists; how its match is judged by kind, tense and negation is
emergency_rules.py's."""

from __future__ import annotations

from typing import List

from rasa_addons.nlu.emergency_patterns import (
    ACT,
    CANT,
    CONDITION,
    ON_THE_FLOOR,
    PERSON,
    SYMPTOM,
    Rule,
    whole_words,
)

RULES: List[Rule] = [
    # ---- acts: happening now by their grammar -------------------------------------------
    Rule("breathing", ACT, whole_words(
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
    Rule("having_now", ACT, whole_words(
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
    Rule("collapsed_now", ACT, whole_words(
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
    Rule("harm_self", ACT, whole_words(
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
    Rule("taken_too_much", ACT, whole_words(
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
    Rule("call_999", ACT, whole_words(
        r"(?<!you )(?<!u )(?:call|ring|phone|get|need|send) (?:an |for an |for |the )?"
        r"(?:ambulance|999)"
        r"|(?:this|it)(?: is|'s|s) an emergency|medical emergency|^emergency!*$"),
        catches=("should i call an ambulance", "do i need an ambulance", "it's an emergency",
                 "emergency", "should i ring 999"),
        leaves=("i'm an ambulance driver, can i book after a night shift",
                "is the ambulance station near you", "what counts as an emergency appointment",
                "whats ur emergency procedure, do you ring 999 straight away or what")),
    Rule("adrenaline_used", ACT, whole_words(
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
    Rule("fallen_cant_get_up", ACT, whole_words(
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
    Rule("going_to_faint", SYMPTOM, whole_words(
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
    Rule("chest", SYMPTOM, whole_words(
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
    Rule("heart_attack_signs", SYMPTOM, whole_words(
        r"(?:pain|ache|aching|tight\w*|pressure|heav\w+)\b.{0,30}\b(?:jaw|chest)\b.{0,40}\bleft arm"
        r"|(?:pain|ache|aching|tight\w*|pressure|heav\w+)\b.{0,30}\bleft arm\b.{0,40}\b"
        r"(?:jaw|chest)"
        r"|(?:cold|sweaty|grey|pale) and clammy|clammy and (?:sweaty|cold|grey|pale|sick)"),
        catches=("pain in my jaw and down my left arm",
                 "the pain is spreading from my chest into my left arm and my jaw"),
        leaves=("jaw pain when i chew", "my left arm aches after tennis",
                "can you needle my neck and my left arm",
                "neck pain and left arm pain, can it help")),
    Rule("breathless", SYMPTOM, whole_words(
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
    Rule("reliever_not_helping", SYMPTOM, whole_words(
        r"(?:inhaler|ventolin|reliever|salbutamol|blue pump|puffer|puffs)\b.{0,25}"
        r"(?:not|isn'?t|isnt|aren'?t|arent|doesn'?t|doesnt|didn'?t|didnt|won'?t|wont) "
        r"(?:working|work|helping|help|doing anything|touching it|making a difference)"
        r"|(?:inhaler|ventolin|reliever|salbutamol|puffs)\b.{0,25}\bno (?:better|help|difference)"),
        catches=("ventolin isnt doing anything", "used my inhaler 10 times and it's not helping",
                 "reliever isnt touching it", "asthma attack 10 puffs done no better"),
        leaves=("do i need to bring my inhaler", "my inhaler is in my bag",
                "can i have needling if i use a ventolin inhaler")),
    Rule("bleeding", SYMPTOM, whole_words(
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
    Rule("limbs_wont_move", SYMPTOM, whole_words(
        r"(?:can'?t|cant|cannot|unable to) (?:really |properly )?(?:move|feel) "
        r"(?:my|his|her|their) "
        r"(?:arms? (?:and|or|or my|and my) legs?|legs? (?:and|or|or my|and my) arms?)"),
        catches=("after needling my neck yesterday i cant really move my arms or legs properly",
                 "he cant feel his legs or arms"),
        leaves=("i cant move my arm above my head", "my arms and legs ache after the gym",
                "can't feel my legs after leg day lol")),
    Rule("stroke_signs", SYMPTOM, whole_words(
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
    Rule("seizure_signs", SYMPTOM, whole_words(
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
    Rule("head_injury", SYMPTOM, whole_words(
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
    Rule("cauda_equina", SYMPTOM, whole_words(
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
    Rule("allergic_reaction", SYMPTOM, whole_words(
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
    Rule("choking", SYMPTOM, whole_words(r"choking(?! (?:up|hazard))"),
        catches=("she is choking", "he's choking on something"),
        leaves=("got a bit choked up reading your reviews", "stiff from chokes at jiu jitsu"),
        needs_statement=True),
    Rule("blue_or_grey", SYMPTOM, whole_words(
        r"(?:lips|skin|face|tongue|fingers) (?:look |have |has |are |is )?(?:a bit )?"
        r"(?:gone |going |"
        r"turning |turned )?(?:blue|grey|gray)|blue lips|gone grey"),
        catches=("his lips are turning blue", "my lips look a bit blue",
                 "he's gone grey and sweaty"),
        leaves=("blue badge parking", "a blue bruise after needling")),
    Rule("blood_out", SYMPTOM, whole_words(
        r"(?:coughing|vomiting|throwing|being sick|sick) (?:up )?(?:a bit of |some )?blood"
        r"|blood in (?:my |his |her |their )?(?:vomit|sick)"
        r"|nosebleed\b.{0,30}\b(?:won'?t stop|lasted|over \d+|more than \d+)"),
        catches=("i'm coughing up blood", "coughing up a bit of blood with chest pain",
                 "my nosebleed has lasted over 15 minutes"),
        leaves=("blood test results", "i give blood regularly, is that ok")),
    Rule("large_burn", SYMPTOM, whole_words(
        r"(?:burns?|burnt|blisters?|scald\w*)\b.{0,30}\b(?:bigger|larger) than (?:my|his|her|"
        r"their|a|an adult'?s?) (?:hand|palm)"),
        catches=("woke up with blisters bigger than my hand and feel shivery",
                 "she scalded her leg with the kettle, a burn larger than her palm"),
        leaves=("a blister on my heel after my run", "my hand is bigger than my wife's",
                "the heat pad left my skin a bit red")),
    Rule("sepsis_or_meningitis", SYMPTOM, whole_words(
        r"rash\b.{0,40}\b(?:doesn'?t|does not|won'?t|will not|not) fade|glass test"
        r"|mottled|shivering uncontrollably|(?:haven'?t|have not) (?:passed|had) (?:any )?urine"
        r"|(?:temp\w*|fever)\b.{0,12}\b(?:39|40|41)(?:\.\d)?(?! ?(?:mins?|minutes|years|yrs))"),
        catches=("a rash that doesnt fade under a glass", "my skin looks mottled",
                 "it's now hot and swollen, temp is 39.5, I feel horrendous"),
        leaves=("is it normal to get a rash after treatment", "i get a heat rash in summer",
                "temperature in the clinic, is it warm", "fever last week at 38")),
    # ---- conditions: history, or a risk asked about, unless said to be happening now -----
    Rule("condition_named", CONDITION, whole_words(
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
