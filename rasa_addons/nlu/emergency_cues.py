"""The cues a clause gives about time and stance, read by emergency_rules.py:
negation, now, the past, a habit, a worry, a supposition, a hedge, and where
clauses end."""

from __future__ import annotations

import re

from rasa_addons.nlu.emergency_patterns import ON_THE_FLOOR, whole_words

NEGATION = re.compile(r"(?<![\w'])(?:no|not|never|without|none|nothing like|dont|don't|"
                      r"haven't|havent|hasn't|hasnt|isn't|isnt|wasn't|wasnt|didn't|didnt|"
                      r"aren't|arent)(?![\w'])", re.IGNORECASE)
FREE = re.compile(r"[- ]?free\b", re.IGNORECASE)
# "(not right now!)": said to rule now out
NOT_NOW_SAID = (r"(?<!'s )(?<!s )(?<!is )(?<!am )(?<!'m )(?<!im )(?<!seems )(?<!looks )"
                r"(?<!feel )(?<!feels )(?:not|isn'?t|isnt) (?:right now|just now|now|at the moment|"
                r"currently)")
NOW = whole_words(
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
HAD = whole_words(r"had|has had|have had|'ve had|ve had|suffered|survived|recover(?:ing|ed)? from")
PAST = whole_words(
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
RECENT = whole_words(r"yesterday|last night|over the weekend")
# years past: a symptom named beside them, before a now cue, is as likely a
# lasting effect as a new one (_lasting), so the classifiers decide (NAMED)
LONG_PAST = whole_words(
    rf"\w+ {YEARS_MONTHS} {AGO}|{YEARS_MONTHS} {AGO}|last (?:year|summer|spring|"
    r"autumn|winter|christmas)|(?:in|since) (?:19|20)\d\d|as a (?:child|kid|teenager|teen|baby)|"
    rf"history of|used to|{FOR_AGES}|since (?:birth|childhood)|"
    r"for (?:about |over |nearly |almost |the (?:last|past) )?(?:\d+|a few|two|three|four|five|"
    r"several|many) (?:years?|yrs?|months?)")
# a habit over occasions ("fainted at every injection"), not "pain with every breath"
AT_EVERY_OCCASION = (r"(?:at|with|after|during|for) every (?:injection|jab|blood test|needle|"
                     r"session|appointment|visit|vaccin\w*|run|game|match|workout|class)")
# laughter, read as a joke (JOKE) and as not now (NOT_NOW, ACT_SUPPOSITION)
LAUGHTER = r"lol|lmao|haha\w*|😂|🤣"
# a joke names a symptom for effect: "my wallet is still bleeding from xmas lol"
JOKE = whole_words(rf"{LAUGHTER}|rofl")
# a supposition, a risk asked about, or a habit: not a description of now. Not
# "is it normal?", "should i be worried?" or "is this a side effect?": anxious
# patients ask exactly that about a symptom they have now.
NOT_NOW = whole_words(
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
    rf"all the time|on and off|{FOR_AGES}|{LAUGHTER}|"
    r"(?:anyone|anybody|someone|people) ever|"
    # exertion: out of breath from running is not an emergency
    r"(?:when|after|on|during|from|while) (?:i |a |the |my )?(?:run|running|runs|walk|walking|"
    r"exercise|exercising|climb\w*|train\w*|hills?|stairs|the gym|gym|spin|football|netball|"
    r"cycling|swimming)|treadmill|new to running")
# someone is said to have it: "i'm", "she is", "my breathing is", "i feel"
STATEMENT = whole_words(
    r"i'?m|im|i am|i feel|i'?ve got|ive got|i have|i've been|ive been|i can'?t|i cant|"
    r"he'?s|she'?s|he is|she is|they'?re|they are|(?:is|are) (?:getting|going|turning)|"
    r"getting (?:more|really|very|so)|(?:my|his|her|their) \w+ (?:is|are|feels?|sounds?|looks?)|"
    r"so breathless")
# a condition's name beside worry is a question about it ("nervous, i fainted
# at my last blood test")
WORRY = whole_words(r"worried|worry|scared|afraid|nervous|anxious|frightened|side effects?|"
                    r"does that matter|is that a problem|is it ok|is it okay")
# a present act stays present inside "what if I'm ...": only suppositions about
# someone or something else, or about the future, turn it into a mention
ACT_SUPPOSITION = whole_words(
    rf"{NOT_NOW_SAID}|"
    r"if (?:i|you|someone|somebody|they|he|she|a patient|people|anyone)(?! (?:think|am|'m|m))|"
    r"in case|(?:can|could|will|would) (?:it|dry needling|needling|acupuncture|this|the needles?) "
    r"(?:cause|make)|risks?|what happens|if (?:anything|something)|"
    # a habit, or a joke: "work is so busy i can't breathe lol"
    rf"always|sometimes|usually|whenever|every time|{AT_EVERY_OCCASION}|"
    rf"{LAUGHTER}|"
    # a question about anyone, ever: "does anyone ever go unconscious?"
    r"(?:anyone|anybody|someone|people) ever")
# unsure, not a denial: "not sure if this is an emergency but..." (the classifiers decide)
HEDGE = whole_words(r"(?:not|dont|don'?t|do not|doesn'?t|does not) (?:sure|certain|know)"
                    r"(?: if| whether)?")
# how a risk asked about would go, not how it goes now: "what if i start bleeding and it
# won't stop?". Only the course words (group 2) are set aside: a now cue in the rest
# still counts ("what if this is a heart attack right now and it won't stop").
HYPOTHETICAL_COURSE = whole_words(
    r"(what if\b[^,.!?]*?)\b((?:won'?t|wont|doesn'?t|does not|will not) stop"
    r"|(?:gets?|getting) worse|spread(?:s|ing)?)")
CANT_BEFORE = whole_words(r"can'?t|cant|cannot|couldn'?t|couldnt")
# a parenthesis stays with the clause it qualifies: "emergency!!! (not really) neck went"
SENTENCES = re.compile(r"[.!?;\n]+(?![.!?;\n]|[ \t]*\()")
BUT = re.compile(r"(\bbut\b)", re.IGNORECASE)
SETTLED = whole_words(r"fine|ok|okay|better|settled|gone|great|good|improv\w*|normal")
