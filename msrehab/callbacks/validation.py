"""Checks and normalises what a patient types into the callback form.

Pure functions, no Rasa: each returns the clean value, or None when invalid.
"""

from __future__ import annotations

import html
import re
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

MAX_NAME_LENGTH = 80
MAX_REASON_LENGTH = 300
PREFERRED_TIMES = ("morning", "afternoon", "evening", "any")

# Answers that mean "I'd rather not give this one".
SKIP_WORDS = {
    "skip", "no", "none", "nope", "n/a", "na", "no thanks", "not really",
    "i don't have one", "i dont have one", "don't have one", "dont have one",
    "no email", "no e-mail", "no phone", "no number", "rather not", "pass", "-",
}
# Words that are never a name: a reply to a question, not a name.
NOT_A_NAME = {
    "yes", "yeah", "yep", "y", "no", "nope", "nah", "n", "ok", "okay", "help", "hi",
    "hello", "hey", "hiya", "hi there", "hello there", "good morning", "thanks",
    "thank you", "cheers", "ta", "cancel", "stop", "skip", "what", "why", "sure",
    "no thanks", "not telling", "none", "anonymous",
}
NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '\-.]{1,2}[^\W\d_]+)*\.?$", re.UNICODE)
TAGS = re.compile(r"<[^>]*>")


def clean_text(value: Any) -> str:
    """Collapses whitespace and drops control characters; anything but text is ""."""
    if not isinstance(value, str):
        return ""
    value = "".join(ch for ch in value if ch.isprintable() or ch in " \t")
    return re.sub(r"\s+", " ", value).strip()


def is_skip(value: Any) -> bool:
    return clean_text(value).lower().rstrip(".!") in SKIP_WORDS


def normalise_name(value: Any) -> str | None:
    """A person's name: letters (any alphabet), spaces, hyphens, apostrophes."""
    text = clean_text(value)
    for prefix in ("my name is ", "my names ", "name is ", "i'm ", "im ", "it's ", "its ",
                   "this is "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    if not text or len(text) > MAX_NAME_LENGTH or text.lower() in NOT_A_NAME:
        return None
    if len(text.split()) > 6 or not NAME_PATTERN.match(text):
        return None
    return text


def normalise_uk_phone(value: Any) -> str | None:
    """A valid UK phone number in E.164 (+447...), or None.

    Accepts 07..., +44 7..., 0044..., 01/02/03 landlines, with spaces,
    dashes, dots or brackets, as people type them.
    """
    text = clean_text(value)
    if not text or len(text) > 40 or re.search(r"[A-Za-z]", text.replace("ext", "")):
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: Any) -> str | None:
    """A syntactically valid e-mail address (no DNS look-up), or None."""
    text = clean_text(value)
    if not text or len(text) > 254 or " " in text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalise_time(value: Any) -> str | None:
    """morning / afternoon / evening / any, from buttons or free text."""
    text = clean_text(value).lower()
    if not text:
        return None
    if re.search(r"\b(any ?time|anytime|any|whenever|don'?t mind|no preference|either|"
                 r"all day|doesn'?t matter)\b", text):
        return "any"
    found = [t for t in ("morning", "afternoon", "evening") if t in text]
    if not found:
        clock = re.search(r"\b(\d{1,2})(?::\d\d)?\s*(am|pm|a\.m\.|p\.m\.)", text)
        if clock:
            hour, am = int(clock.group(1)) % 12, clock.group(2).startswith("a")
            found = ["morning" if am else ("afternoon" if hour < 5 else "evening")]
        elif re.search(r"\b(before (noon|lunch))\b", text):
            found = ["morning"]
        elif re.search(r"\b(after lunch|lunchtime)\b", text):
            found = ["afternoon"]
        elif re.search(r"\b(tonight|after work)\b", text):
            found = ["evening"]
    return found[0] if len(found) == 1 else ("any" if found else None)


def normalise_reason(value: Any) -> str | None:
    """A short free-text reason, with markup removed; None if empty."""
    text = clean_text(html.unescape(TAGS.sub("", clean_text(value))))
    if not text:
        return None
    return text[:MAX_REASON_LENGTH]
