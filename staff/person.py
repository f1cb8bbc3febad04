"""One person, as staff search for them: a phone number and/or an e-mail address.

A phone number matches however it was typed (07911 123456, +44 7911 123456,
(07911) 123-456...): both sides are normalised with `phonenumbers` (UK by
default). An address matches regardless of case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import phonenumbers

from msrehab.privacy import EMAIL, PHONE


def normalise_phone(text: str) -> str | None:
    """E.164 (+447911123456), or None when it is not a phone number."""
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class Person:
    phone: str | None = None  # E.164
    email: str | None = None  # lower case

    @classmethod
    def from_input(cls, phone: str | None, email: str | None) -> Person:
        normalised = normalise_phone(phone) if phone else None
        if phone and not normalised:
            raise ValueError(f"not a phone number: {phone!r}")
        return cls(normalised, email.strip().lower() if email else None)

    def describe(self) -> str:
        return " or ".join(x for x in (self.phone, self.email) if x)

    def in_text(self, text: str) -> bool:
        """True when the text holds this person's phone number or address."""
        if self.email and any(m.group(0).lower() == self.email for m in EMAIL.finditer(text)):
            return True
        # cheap test first: the number's last six digits among the text's digits
        if self.phone and self.phone[-6:] in re.sub(r"\D", "", text):
            for match in PHONE.finditer(text):
                if normalise_phone(re.sub(r"[^\d+]", "", match.group(0))) == self.phone:
                    return True
        return False

    def in_values(self, values: Iterable[Any]) -> bool:
        return any(isinstance(v, str) and self.in_text(v) for v in values)
