"""Finds callback details in what a patient types in free text.

"can you ring me on 07911 123456 after six, this is sarah" holds a phone
number, a preferred time and a name. Phone numbers are found by
`phonenumbers`' PhoneNumberMatcher, e-mail addresses are checked by
`email-validator`; names, times and reasons by a few plain patterns (only
after a clear cue such as "this is" or "about my", so a sentence is never
taken for a name). Pure functions, no Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Dict

import phonenumbers

from msrehab.callbacks import validation

# a run of digits (with spaces, dashes, brackets or a leading +) long enough
# to be someone's attempt at a phone number
PHONE_ATTEMPT = re.compile(r"\+?\d[\d\s()-]{5,}\d")
EMAIL_CANDIDATE = re.compile(r"[^\s@<>(),;:]+@[^\s@<>(),;:]+\.[^\s@<>(),;:]*[^\s@<>(),;:.!?]")
# words that may come just before an address in a sentence ("my email is jo@x.com")
EMAIL_LEAD_INS = {"is", "at", "email", "e-mail", "mail", "address", "it's", "its", "on",
                  "to", "me", "use", "try", "or", "and", "via", "by"}
# words after "this is" / "i'm" that are never a name
NOT_NAME_WORDS = {
    "a", "an", "the", "about", "after", "and", "available", "calling", "free", "fine", "good",
    "great", "here", "hoping", "in", "interested", "just", "looking", "not", "ok", "okay",
    "on", "ringing", "sorry", "still", "sure", "trying", "wanting", "wondering", "writing",
    "having", "getting", "going", "asking", "worried", "my", "your", "urgent",
    "really", "very", "so", "too", "also", "busy", "at", "off", "back", "new", "sore",
    "struggling", "suffering", "wanted", "hurting", "is", "it", "me", "that", "this",
    "call", "ring", "phone", "email", "e-mail", "number", "mobile", "please", "pls",
    "can", "could", "would", "will", "you", "someone", "somebody", "anyone", "with",
    "happy", "best", "evenings", "mornings", "afternoons", "evening", "morning",
    "afternoon", "tomorrow", "today", "tonight", "yes", "no", "yeah", "hi", "hello",
    "wrong", "incorrect", "spelt", "misspelt", "spelled", "right", "correct", "missing",
}
NAME_CUE = re.compile(
    r"\b(?:my name is|my names|my name's|name is|name's|this is|it's|its|i'm|im|i am)\s+"
    r"([^\W\d_][\w'\-]*(?:\s+[^\W\d_][\w'\-]*)?)",
    re.IGNORECASE | re.UNICODE,
)
# where a clause about another detail begins: a name or reason stops there
CLAUSE_END = re.compile(
    r"\s*(?:[,.;!?]|\band\b|\bmy (?:number|phone|mobile|e-?mail|name)\b|\bon\s*(?:0|\+)"
    r"|\bat\s+\S+@|\bcan\b|\bcould\b|\bplease\b|\bpls\b|\bthanks\b|\bcall\b|\bring\b"
    r"|\bphone\b|\b(?:any ?time|whenever|after|before|around|between|in the|this|tomorrow|"
    r"mornings?|afternoons?|evenings?|tonight|lunch ?times?)\b)",
    re.IGNORECASE,
)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
TIME_PHRASE = re.compile(
    r"\b(?:(?:week ?days?|week ?ends?|mon|tues|wednes|thurs|fri|satur|sun)(?:day)?s?\s+)?"
    r"(?:(?:in the|this|tomorrow|on a|any|early|late)\s+)?"
    r"(?:mornings?|afternoons?|evenings?|lunch ?times?|tonight)\b"
    r"|\b(?:after|before|around|about|from|between)\s+(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?|"
    + "|".join(NUMBER_WORDS) + r")\b(?:\s*(?:am|pm|o'?clock))?"
    r"|\b(?:any ?time|whenever|after work|after lunch|before lunch|before work)\b"
    # a day alone, right after the request ("call me back tomorrow", "ring me on
    # friday"; not "i had needling on monday"): any time of day, the day kept
    r"|\b(?:call|ring|phone|contact)(?:\s+(?:me|us))?(?:\s+back)?\s+(?P<day>tomorrow|"
    r"(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
    r"(?!\s+(?:in the\s+)?(?:mornings?|afternoons?|evenings?|lunch))",
    re.IGNORECASE,
)
REASON_CUE = re.compile(
    r"\b(?:for|with|because of)\s+((?:my|a|some)\s+.+)"
    r"|\b(?:about|regarding|reason is|reason:)\s+(.+)",
    re.IGNORECASE,
)
# what a reason must not be: the request itself or contact wording
NOT_A_REASON = re.compile(r"^(?:a |the |my )?(?:call ?back|callback|appointment|booking|"
                          r"number|details|phone|e-?mail|it|that|this|you)\b", re.IGNORECASE)


@dataclass
class Details:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    time: str | None = None       # morning | afternoon | evening | any
    time_note: str | None = None  # the patient's own words, e.g. "after six"
    reason: str | None = None

    def found(self) -> Dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) is not None}


def find_phone(text: str) -> tuple[str | None, str]:
    """The first valid UK number in the text (E.164), and the text without it."""
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        if match.number.country_code == 44 and phonenumbers.is_valid_number(match.number):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            return e164, text[:match.start] + " " + text[match.end:]
    return None, text


def unusable_phone_in(text: str) -> bool:
    """True when the text holds an attempt at a phone number (seven digits or
    more) but no valid UK number: "ring me on 07911 12345"."""
    if find_phone(text)[0]:
        return False
    return any(sum(c.isdigit() for c in m.group(0)) >= 7 for m in PHONE_ATTEMPT.finditer(text))


def find_email(text: str) -> tuple[str | None, str]:
    """The first valid e-mail address in the text, and the text without it."""
    for match in EMAIL_CANDIDATE.finditer(text):
        before = text[:match.start()].split()
        # "jane example@example.com" may be one mistyped address: not guessed at
        if before and before[-1].lower() not in EMAIL_LEAD_INS and before[-1][-1] not in ",:;-":
            continue
        email = validation.normalise_email(match.group(0))
        if email:
            return email, text[:match.start()] + " " + text[match.end():]
    return None, text


def _clause(text: str) -> str:
    """Text up to where another detail begins."""
    end = CLAUSE_END.search(text)
    return (text[:end.start()] if end else text).strip(" -'\"")


def find_name(text: str) -> str | None:
    """A name after a cue: "this is Sarah", "my name is tom jones", "im priya"."""
    for match in NAME_CUE.finditer(text):
        words = _clause(match.group(1)).split()
        while words and words[-1].lower() in NOT_NAME_WORDS:
            words.pop()
        if not words or words[0].lower() in NOT_NAME_WORDS:
            continue
        name = validation.normalise_name(" ".join(words))
        if name:
            return tidy_name(name)
    return None


def tidy_name(name: str) -> str:
    """A name typed all in lower case gets capitals ("sarah o'neill" -> "Sarah O'Neill")."""
    return name.title() if name == name.lower() else name


def find_time(text: str) -> tuple[str | None, str | None]:
    """(morning/afternoon/evening/any, the words used), from a phrase in the text."""
    match = TIME_PHRASE.search(text)
    if not match:
        return None, None
    words = (match.group("day") or match.group(0)).strip()
    return time_category(words), words


def time_category(text: str) -> str:
    """The slot value for a preferred time typed freely; "any" when none fits."""
    text = validation.clean_text(text).lower()
    for word, number in NUMBER_WORDS.items():
        text = re.sub(rf"\b{word}\b", str(number), text)
    # "after 6" / "around 10": no am or pm, so read it as a clinic's day would
    clock = re.search(
        r"\b(?:after|from|around|about|at|before|between)\s+(\d{1,2})\b(?!\s*(?:am|pm))", text)
    if clock:
        hour = int(clock.group(1))
        if 9 <= hour <= 11:
            return "morning"
        return "evening" if 5 <= hour <= 8 or hour >= 17 else "afternoon"
    if re.search(r"\blunch", text):
        return "afternoon"
    return validation.normalise_time(text) or "any"


def find_reason(text: str) -> str | None:
    """What the call is about, after "about", "for my", "regarding"."""
    for match in REASON_CUE.finditer(text):
        reason = _clause(match.group(1) or match.group(2) or "")
        reason = re.sub(r"^(?:it's |its )", "", reason, flags=re.IGNORECASE)
        # a reason has a word in it ("6pm" or "it" is not one)
        if re.match(r"[^\W\d_]", reason) and re.search(r"[^\W\d_]{3,}", reason) \
                and not NOT_A_REASON.match(reason):
            return validation.normalise_reason(reason)
    return None


def find_details(text: str) -> Details:
    """Every detail the text gives."""
    text = validation.clean_text(text)
    if not text or text.startswith("/"):  # a button payload carries no details
        return Details()
    phone, rest = find_phone(text)
    email, rest = find_email(rest)
    time, note = find_time(rest)
    return Details(name=find_name(rest), phone=phone, email=email, time=time,
                   time_note=note, reason=find_reason(rest))
