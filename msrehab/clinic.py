"""The clinic's facts, read from the one place they are configured: clinic.yml at
the top of the project (or the file CLINIC_FILE names). docs/clinic-facts.md
documents every key.

Every process that reads the file (the Rasa server, the action server, the web
page server, the staff tools) reads it once, when it starts, and checks it: a
bad file stops the start with one line naming the key and what is wrong.
`python -m msrehab.clinic --check` does the same check on its own (`make run`
runs it before starting anything).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple

import phonenumbers
import yaml

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "clinic.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REQUIRED = ("phone", "email", "booking_url", "callback_promise", "privacy_notice_url",
            "chat_retention_days")
TEXT_KEYS = ("address", "getting_there", "parking")
LIST_KEYS = ("payment_methods", "insurers", "other_treatments")
KNOWN_KEYS = (*REQUIRED, *TEXT_KEYS, "opening_hours", "closures", "prices", *LIST_KEYS)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Session = Tuple[int, int]  # minutes after midnight, UK time: opens, closes


class ClinicFileError(ValueError):
    """clinic.yml is unreadable or a key's value is wrong; the message names the key."""


@dataclass(frozen=True)
class Closure:
    first: dt.date
    last: dt.date
    name: str


@dataclass(frozen=True)
class Clinic:
    phone: str
    email: str
    booking_url: str
    callback_promise: str
    privacy_notice_url: str
    chat_retention_days: float
    address: str = ""
    getting_there: str = ""
    parking: str = ""
    # weekday -> its sessions; empty dict: the hours are not given
    opening_hours: Dict[str, Tuple[Session, ...]] = field(default_factory=dict)
    bank_holidays_closed: bool = True
    closures: Tuple[Closure, ...] = ()
    prices: Tuple[Tuple[str, str], ...] = ()  # (service, price as written)
    payment_methods: Tuple[str, ...] = ()
    insurers: Tuple[str, ...] = ()
    other_treatments: Tuple[str, ...] = ()
    source: str = "clinic.yml"

    def details(self) -> Dict[str, str]:
        """The contact details under the names the answers use ({clinic_phone}...)."""
        days = self.chat_retention_days
        return {"clinic_phone": self.phone, "clinic_email": self.email,
                "booking_url": self.booking_url, "callback_promise": self.callback_promise,
                "privacy_notice_url": self.privacy_notice_url,
                "chat_retention_days": str(int(days) if days == int(days) else days)}


def clinic_file() -> Path:
    return Path(os.environ.get("CLINIC_FILE") or DEFAULT_FILE)


# --- checking each kind of value ---------------------------------------------

def _text(key: str, value: Any, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ClinicFileError(f"{key}: is missing; it is needed")
        return ""
    if not isinstance(value, str):
        raise ClinicFileError(f"{key}: must be text (in quotes if need be), "
                              f"not {type(value).__name__} {value!r}")
    return " ".join(value.split())


def _phone(value: Any) -> str:
    if isinstance(value, int):
        raise ClinicFileError(f"phone: write it in quotes, like \"07305541126\" "
                              f"(a bare number loses its leading 0): {value!r}")
    text = _text("phone", value, required=True)
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "GB"):
        raise ClinicFileError(f"phone: {text!r} is not a UK phone number "
                              f"(write it like 07305541126 or 020 7946 0958)")
    return text


def _url(key: str, value: Any) -> str:
    text = _text(key, value, required=True)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise ClinicFileError(f"{key}: {text!r} is not a web address starting with https://")
    return text


def _time(key: str, text: str) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise ClinicFileError(f"{key}: {text.strip()!r} is not a time like 09:00")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ClinicFileError(f"{key}: {text.strip()!r} is not a time of day (00:00 to 24:00)")
    return hours * 60 + minutes


def parse_day_hours(key: str, value: Any) -> Tuple[Session, ...]:
    """'09:00-13:00, 14:00-18:00' or 'closed' -> ((540, 780), (840, 1080)) or ()."""
    if value is False or (isinstance(value, str) and value.strip().lower() == "closed"):
        return ()  # YAML reads a bare `off`/`no` as False: closed as well
    if not isinstance(value, str) or not value.strip():
        raise ClinicFileError(f"{key}: {value!r} is not hours like \"09:00-18:00\", "
                              f"\"09:00-13:00, 14:00-18:00\" or closed")
    sessions: List[Session] = []
    for part in value.split(","):
        bounds = part.split("-")
        if len(bounds) != 2:
            raise ClinicFileError(f"{key}: {part.strip()!r} is not a range like 09:00-18:00")
        opens, closes = _time(key, bounds[0]), _time(key, bounds[1])
        if closes <= opens:
            raise ClinicFileError(f"{key}: {part.strip()!r} closes before it opens")
        if sessions and opens < sessions[-1][1]:
            raise ClinicFileError(f"{key}: {part.strip()!r} overlaps or comes before "
                                  f"the range before it")
        sessions.append((opens, closes))
    return tuple(sessions)


def _opening_hours(value: Any) -> Dict[str, Tuple[Session, ...]]:
    if value is None or value == {}:
        return {}
    if not isinstance(value, dict):
        raise ClinicFileError("opening_hours: must be one entry per weekday, "
                              "like `monday: 09:00-18:00`")
    hours = {}
    for day, day_value in value.items():
        name = str(day).strip().lower()
        if name not in WEEKDAYS:
            raise ClinicFileError(f"opening_hours: {day!r} is not a weekday "
                                  f"(monday to sunday, in English)")
        hours[name] = parse_day_hours(f"opening_hours.{name}", day_value)
    missing = [d for d in WEEKDAYS if d not in hours]
    if missing:
        raise ClinicFileError(f"opening_hours: {', '.join(missing)} missing: give every "
                              f"weekday, `closed` for the days the clinic is closed")
    return hours


def _date(key: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ClinicFileError(f"{key}: {value!r} is not a date like 2026-12-24") from None


def _closures(value: Any) -> Tuple[bool, Tuple[Closure, ...]]:
    if value is None:
        return True, ()
    if not isinstance(value, dict):
        raise ClinicFileError("closures: must have `bank_holidays:` and `dates:`")
    unknown = set(value) - {"bank_holidays", "dates"}
    if unknown:
        raise ClinicFileError(f"closures: unknown key {sorted(map(str, unknown))[0]!r} "
                              f"(bank_holidays, dates)")
    bank = value.get("bank_holidays", True)
    if not isinstance(bank, bool):
        raise ClinicFileError(f"closures.bank_holidays: {bank!r} must be true or false")
    closures = []
    for i, entry in enumerate(value.get("dates") or []):
        key = f"closures.dates[{i + 1}]"
        if isinstance(entry, dict):
            unknown = set(entry) - {"date", "from", "to", "name"}
            if unknown:
                raise ClinicFileError(f"{key}: unknown key {sorted(map(str, unknown))[0]!r} "
                                      f"(date, or from and to; name)")
            if "date" in entry:
                first = last = _date(f"{key}.date", entry["date"])
            elif "from" in entry and "to" in entry:
                first, last = _date(f"{key}.from", entry["from"]), _date(f"{key}.to", entry["to"])
                if last < first:
                    raise ClinicFileError(f"{key}: `to` {last} is before `from` {first}")
            else:
                raise ClinicFileError(f"{key}: needs `date:`, or `from:` and `to:`")
            name = _text(f"{key}.name", entry.get("name"))
        else:
            first = last = _date(key, entry)
            name = ""
        closures.append(Closure(first, last, name))
    return bank, tuple(closures)


def _prices(value: Any) -> Tuple[Tuple[str, str], ...]:
    if value is None or value == {}:
        return ()
    if not isinstance(value, dict):
        raise ClinicFileError("prices: must be one entry per service, "
                              "like `Dry needling (45 minutes): \"£50\"`")
    prices = []
    for service, price in value.items():
        if not isinstance(service, str):
            raise ClinicFileError(f"prices: the service {service!r} must be text")
        prices.append((" ".join(service.split()), _text(f"prices.{service}", price,
                                                          required=True)))
    return tuple(prices)


def _list(key: str, value: Any) -> Tuple[str, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        raise ClinicFileError(f"{key}: must be a list, one item a line starting with '- '")
    return tuple(_text(f"{key}[{i + 1}]", item, required=True) for i, item in enumerate(value))


def parse(data: Any, source: str = "clinic.yml") -> Clinic:
    """A Clinic from the file's contents; ClinicFileError names the first bad key."""
    if not isinstance(data, dict):
        raise ClinicFileError("the file must hold `key: value` lines (see docs/clinic-facts.md)")
    unknown = [str(k) for k in data if k not in KNOWN_KEYS]
    if unknown:
        raise ClinicFileError(f"{unknown[0]}: unknown key (the keys are: "
                              f"{', '.join(KNOWN_KEYS)})")
    days = data.get("chat_retention_days")
    if isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0:
        raise ClinicFileError(f"chat_retention_days: {days!r} must be a number of days above 0")
    email = _text("email", data.get("email"), required=True)
    if not _EMAIL.match(email):
        raise ClinicFileError(f"email: {email!r} is not an e-mail address")
    bank, closures = _closures(data.get("closures"))
    return Clinic(
        phone=_phone(data.get("phone")),
        email=email,
        booking_url=_url("booking_url", data.get("booking_url")),
        callback_promise=_text("callback_promise", data.get("callback_promise"), required=True),
        privacy_notice_url=_url("privacy_notice_url", data.get("privacy_notice_url")),
        chat_retention_days=float(days),
        address=_text("address", data.get("address")),
        getting_there=_text("getting_there", data.get("getting_there")),
        parking=_text("parking", data.get("parking")),
        opening_hours=_opening_hours(data.get("opening_hours")),
        bank_holidays_closed=bank,
        closures=closures,
        prices=_prices(data.get("prices")),
        payment_methods=_list("payment_methods", data.get("payment_methods")),
        insurers=_list("insurers", data.get("insurers")),
        other_treatments=_list("other_treatments", data.get("other_treatments")),
        source=source,
    )


def load(path: Path | None = None) -> Clinic:
    path = Path(path or clinic_file())
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ClinicFileError(f"cannot read it: {error.strerror}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ClinicFileError(f"it is not valid YAML{where}: "
                              f"{getattr(error, 'problem', None) or error}") from None
    return parse(data, source=str(path))


@functools.lru_cache(maxsize=1)
def clinic() -> Clinic:
    """The clinic's facts for this process, read once (a change needs a restart)."""
    return load()


def load_or_exit() -> Clinic:
    """clinic(), or, for a bad file, one line on stderr and exit status 2: no
    process starts half-working, and no stack trace."""
    try:
        return clinic()
    except ClinicFileError as error:
        print(f"{clinic_file()}: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def clinic_details() -> Dict[str, str]:
    """The contact details under the names the answers use (clinic_phone, ...)."""
    return load_or_exit().details()


def chat_retention_days() -> float:
    """Days a conversation is kept (chat_retention_days in clinic.yml; the
    widget tells patients the same number)."""
    return load_or_exit().chat_retention_days


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Checks clinic.yml (or CLINIC_FILE).")
    parser.add_argument("--check", action="store_true", help="check the file and say so")
    parser.add_argument("file", nargs="?", help="the file to check (default: CLINIC_FILE "
                                                "or clinic.yml)")
    args = parser.parse_args(argv)
    path = Path(args.file) if args.file else clinic_file()
    try:
        load(path)
    except ClinicFileError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    print(f"{path}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
