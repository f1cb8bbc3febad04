"""Masks a patient's contact details in a conversation's stored events.

The tracker store (rasa_addons.tracker_store) runs it on each message typed outside
the callback form as it is stored, and on the whole conversation once the form
has ended (request saved, refused, abandoned or cancelled): from then on the
callback request row is the one place with the details, and the conversation
store keeps only the masked forms the logs use (msrehab.privacy): 'J*** S***',
'********456', 'j***@example.com'.

What is masked, in every text of every event (user and bot messages, parse
data, slot values):
- the answers typed at the name, phone, e-mail and reason questions, and the
  values the form stored for them, wherever they appear (the bot repeats them
  in its summary and thanks);
- the parts of the name the form stored, as whole words;
- a name given as "my name is ...", even outside the form;
- every phone number and e-mail address (the privacy module's patterns),
  except the clinic's own.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Set

from msrehab.callbacks.validation import is_skip
from msrehab.privacy import EMAIL, PHONE, mask_email, mask_name, mask_phone

NAME_SLOT = "callback_name"
CONTACT_SLOTS = ("callback_phone", "callback_email")
REASON_SLOT = "callback_reason"
DETAIL_SLOTS = (NAME_SLOT, *CONTACT_SLOTS, REASON_SLOT)
NOT_GIVEN = "not given"
# keys whose values are identifiers, never something a person typed
SKIP_KEYS = {"event", "name", "message_id", "policy", "input_channel", "utter_action",
             "intent_response_key", "template_name", "entity", "extractor"}
# "my name is Tom Reed": up to three words after it, stopping at a small word
NAME_GIVEN = re.compile(
    r"\b(?:my name is|my name's|my names|name:)\s+((?:[^\W\d_][\w'\-]*\s*){1,3})", re.IGNORECASE)
NOT_NAME_WORDS = {"and", "on", "at", "my", "i", "please", "phone", "number", "email", "e-mail",
                  "call", "can", "could", "would", "is", "the", "or", "but", "so", "you"}
MIN_NAME_PART = 3  # shorter parts ("Al", "Jo") only go with the whole name


def _kept(contact: str) -> str:
    """How a phone number or address is compared: an address in lower case, a
    number by its last ten digits (07305..., +44 7305... and 0044 7305... match)."""
    if "@" in contact:
        return contact.lower()
    return re.sub(r"\D", "", contact)[-10:]


def mask_contacts(text: str, keep: Set[str] = frozenset()) -> str:
    """Masks e-mail addresses and phone numbers, except those in `keep` (see
    _kept: the clinic's own, which its answers give)."""
    def email(match: re.Match) -> str:
        return match.group(0) if _kept(match.group(0)) in keep else mask_email(match)

    def phone(match: re.Match) -> str:
        return match.group(0) if _kept(match.group(0)) in keep else mask_phone(match)

    return PHONE.sub(phone, EMAIL.sub(email, text))


def _masked_answer(slot: str, text: str) -> str:
    if slot in CONTACT_SLOTS:
        masked = mask_contacts(text)
        if masked != text:
            return masked
    return mask_name(text)  # names, reasons, and contact details the patterns miss


class Masker:
    """Collects what to hide from a conversation's events, then hides it."""

    def __init__(self, keep: Iterable[str] = ()) -> None:
        self.keep = {_kept(k) for k in keep}
        self.phrases: Dict[str, str] = {}  # typed or stored detail -> its masked form
        self.name_parts: Set[str] = set()

    def learn(self, events: List[Dict[str, Any]]) -> None:
        requested = None
        for event in events:
            kind = event.get("event")
            if kind == "slot" and event.get("name") == "requested_slot":
                requested = event.get("value")
            elif kind == "slot" and event.get("name") in DETAIL_SLOTS:
                self._add(event["name"], event.get("value"))
            elif kind == "user":
                text = event.get("text")
                if requested in DETAIL_SLOTS:
                    self._add(requested, text)
                for match in NAME_GIVEN.finditer(text or ""):
                    self._add_name(match.group(1))

    def _add(self, slot: str, value: Any) -> None:
        if (not isinstance(value, str) or not value.strip()
                or value.strip().lower() == NOT_GIVEN or is_skip(value)):
            return  # "skip", "no", "none": not a detail, and masking them garbles replies
        if value.startswith("/"):  # a button payload (an intent), not an answer
            return
        value = value.strip()
        self.phrases[value] = _masked_answer(slot, value)
        if slot == NAME_SLOT:
            self.name_parts.update(p for p in re.findall(r"[^\W\d_]+", value)
                                   if len(p) >= MIN_NAME_PART)

    def _add_name(self, words: str) -> None:
        kept = []
        for word in words.split():
            if word.lower() in NOT_NAME_WORDS:
                break
            kept.append(word)
        if kept:
            self._add(NAME_SLOT, " ".join(kept))

    def mask_text(self, text: str) -> str:
        for phrase in sorted(self.phrases, key=len, reverse=True):
            masked = self.phrases[phrase]
            text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", lambda _, m=masked: m, text,
                          flags=re.IGNORECASE)
        for part in self.name_parts:
            text = re.sub(rf"\b{re.escape(part)}\b", part[0] + "***", text, flags=re.IGNORECASE)
        return mask_contacts(text, self.keep)

    def mask(self, value: Any) -> Any:
        """The same structure with every text masked (identifiers left alone)."""
        if isinstance(value, str):
            return self.mask_text(value)
        if isinstance(value, list):
            return [self.mask(item) for item in value]
        if isinstance(value, dict):
            return {key: item if key in SKIP_KEYS else self.mask(item)
                    for key, item in value.items()}
        return value


def mask_events(events: List[Dict[str, Any]], keep: Iterable[str] = ()) -> List[Dict[str, Any]]:
    """A conversation's events with the patient's contact details masked."""
    masker = Masker(keep)
    masker.learn(events)
    return [masker.mask(event) for event in events]


def form_ended(events: Iterable[Any]) -> bool:
    """True when these (new) events end the callback form, whatever the outcome."""
    return any(getattr(e, "action_name", None) in ("action_submit_callback",
                                                   "action_reset_callback") for e in events)
