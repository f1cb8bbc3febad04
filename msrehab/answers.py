"""The answers that depend on the clinic's facts (clinic.yml): where, when, how
much, how to pay, what else the clinic offers. The Rasa server's response
generator (rasa_addons/nlg.py) uses them in place of the FAQ answer in
domain.yml when the facts it needs are filled in; when they are not, `fact_answer`
returns None and domain.yml's answer, which says the assistant doesn't know and
gives the phone and e-mail, stands.

Each answer is at most three sentences, and hands off where a fact is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Dict

from msrehab import hours as clinic_hours
from msrehab.clinic import Clinic

PARKING_WORDS = re.compile(r"\b(park|parking|car ?park|cars?|drive|driving)\b")
PAYING_WORDS = re.compile(r"\b(pay|paying|payment|payments|card|cards|cash|transfer|"
                          r"contactless|cheque|apple pay|debit|credit)\b")
INSURANCE_WORDS = re.compile(r"\b(insur\w*|bupa|axa|vitality|aviva|cigna|simply ?health|"
                             r"wpa|claim\w*|cover\w*|policy)\b")


def _ask(clinic: Clinic) -> str:
    return f"call {clinic.phone} or e-mail {clinic.email}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else f"{text}."


def _join(items, word: str = "and") -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def location(clinic: Clinic, question: str, at: dt.datetime) -> str | None:
    if not (clinic.address or clinic.getting_there or clinic.parking):
        return None
    about_parking = bool(PARKING_WORDS.search(question.lower()))
    if about_parking and not clinic.parking:
        where = f" The clinic is at {clinic.address}." if clinic.address else ""
        return (f"I don't have parking details here.{where} The team will tell you where "
                f"to park: {_ask(clinic)}.")
    parts = []
    if clinic.address:
        parts.append(f"The clinic is at {clinic.address}.")
    else:
        parts.append(f"I don't have the clinic's address here: {_ask(clinic)}.")
    if clinic.getting_there:
        parts.append(_sentence(clinic.getting_there))
    if clinic.parking:
        parking = _sentence(f"Parking: {clinic.parking}")
        # a question about parking gets that first
        parts.insert(0 if about_parking else len(parts), parking)
    return " ".join(parts)


def opening_hours(clinic: Clinic, question: str, at: dt.datetime) -> str | None:
    hours = clinic_hours.Hours(clinic)
    if not hours.known:
        return None
    return clinic_hours.hours_answer(hours, question, at)


def cost(clinic: Clinic, question: str, at: dt.datetime) -> str | None:
    if not clinic.prices:
        return None
    prices = "; ".join(f"{service}: {price}" for service, price in clinic.prices)
    return (f"The clinic's prices are {prices}. For anything else about fees or insurance, "
            f"{_ask(clinic)}.")


def insurance(clinic: Clinic, question: str, at: dt.datetime) -> str | None:
    if not (clinic.payment_methods or clinic.insurers):
        return None
    lowered = question.lower()
    paying = bool(PAYING_WORDS.search(lowered))
    insured = bool(INSURANCE_WORDS.search(lowered))
    parts = []
    if paying or not insured:
        parts.append(f"You can pay by {_join(clinic.payment_methods, 'or')}."
                     if clinic.payment_methods
                     else "I don't have details of how you can pay.")
    if insured or not paying:
        parts.append(f"The clinic works with these insurers: {_join(clinic.insurers)}."
                     if clinic.insurers
                     else "I don't have details of which insurers the clinic works with.")
    parts.append(f"The team will tell you more: {_ask(clinic)}.")
    return " ".join(parts)


def other_services(clinic: Clinic, question: str, at: dt.datetime) -> str | None:
    if not clinic.other_treatments:
        return None
    return (f"Besides dry needling, the clinic offers {_join(clinic.other_treatments)}. "
            f"For any other treatment, the team will tell you what they offer: "
            f"{_ask(clinic)}.")


# the FAQ keys (utter_faq/<key> in domain.yml) whose answer depends on the facts
FACT_ANSWERS: Dict[str, Callable[[Clinic, str, dt.datetime], str | None]] = {
    "location": location,
    "opening_hours": opening_hours,
    "cost": cost,
    "insurance": insurance,
    "other_services": other_services,
}


def fact_answer(key: str, clinic: Clinic, question: str,
                at: dt.datetime | None = None) -> str | None:
    """The answer to FAQ `key` from the facts, or None: domain.yml's answer stands."""
    answer = FACT_ANSWERS.get(key)
    if answer is None:
        return None
    return answer(clinic, question or "", at or clinic_hours.now())
