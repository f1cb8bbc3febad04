"""The clinic's opening hours at work: open now?, the hours on a day a patient asks
about, and when to expect a callback. All in UK time (Europe/London, the clock
changes included), closures being England and Wales bank holidays (the
`holidays` library) and the clinic's own dates from clinic.yml.

The clock is `now()`: CLINIC_NOW (an ISO date and time, e.g. 2026-12-25T17:55:00Z,
or UK time when it has no offset) fixes it, for tests and demonstrations.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from dataclasses import dataclass
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

import holidays

from msrehab.clinic import WEEKDAYS, Clinic, Session

UK = ZoneInfo("Europe/London")

DAY_NAMES = [d.capitalize() for d in WEEKDAYS]
# parts of the day a patient can ask to be called in (the callback form's choices)
PARTS = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 17 * 60), "evening": (17 * 60, 24 * 60)}
# a call is not promised for a session that ends within this many minutes
CALL_LEAD_MINUTES = 30
LOOKAHEAD_DAYS = 21


def now() -> dt.datetime:
    """The time in the UK: CLINIC_NOW when set, else the real clock."""
    fixed = os.environ.get("CLINIC_NOW")
    if fixed:
        at = dt.datetime.fromisoformat(fixed.strip().replace("Z", "+00:00"))
        return at.replace(tzinfo=UK) if at.tzinfo is None else at.astimezone(UK)
    return dt.datetime.now(UK)


def uk(at: dt.datetime) -> dt.datetime:
    """A time in the UK; a naive one is taken as UTC (the callback store's times)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return at.astimezone(UK)


@functools.lru_cache(maxsize=8)
def _bank_holidays(year: int) -> Dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def bank_holiday(day: dt.date) -> str | None:
    """The England and Wales bank holiday on `day`, by its name, or None."""
    name = _bank_holidays(day.year).get(day)
    if name and name.endswith(" (observed)"):
        return f"the bank holiday for {name[:-len(' (observed)')]}"
    return name


def clock(minutes: int) -> str:
    """540 -> '9am', 1050 -> '5:30pm', 720 -> '12pm', 1440 -> 'midnight'."""
    if minutes in (0, 1440):
        return "midnight"
    hours, mins = divmod(minutes, 60)
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{f':{mins:02d}' if mins else ''}{suffix}"


def sessions_text(sessions: Tuple[Session, ...]) -> str:
    return " and ".join(f"{clock(a)} to {clock(b)}" for a, b in sessions)


def day_name(day: dt.date) -> str:
    return DAY_NAMES[day.weekday()]


def date_text(day: dt.date, today: dt.date) -> str:
    """'Saturday 26 December', with the year when it is not this year's."""
    text = f"{day_name(day)} {day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


@dataclass(frozen=True)
class Hours:
    clinic: Clinic

    @property
    def known(self) -> bool:
        return bool(self.clinic.opening_hours)

    def closure(self, day: dt.date) -> str | None:
        """Why the clinic is closed all of `day` beyond its weekly hours (the closure's
        name, "" for an unnamed one of its own dates), or None when it is not."""
        for closure in self.clinic.closures:
            if closure.first <= day <= closure.last:
                return closure.name
        if self.clinic.bank_holidays_closed:
            return bank_holiday(day)
        return None

    def weekly(self, day: dt.date) -> Tuple[Session, ...]:
        return self.clinic.opening_hours.get(WEEKDAYS[day.weekday()], ())

    def sessions(self, day: dt.date) -> Tuple[Session, ...]:
        """The sessions on `day`: its weekday's, none if closed that day."""
        return () if self.closure(day) is not None else self.weekly(day)

    def session_at(self, at: dt.datetime) -> Session | None:
        at = uk(at)
        minute = at.hour * 60 + at.minute
        for opens, closes in self.sessions(at.date()):
            if opens <= minute < closes:
                return opens, closes
        return None

    def next_opening(self, at: dt.datetime) -> Tuple[dt.date, int] | None:
        """The next time the clinic opens after `at` (date, minute), within a few weeks."""
        at = uk(at)
        minute = at.hour * 60 + at.minute
        for ahead in range(LOOKAHEAD_DAYS + 1):
            day = at.date() + dt.timedelta(days=ahead)
            for opens, _ in self.sessions(day):
                if ahead or opens > minute:
                    return day, opens
        return None

    def summary(self) -> str:
        """'Monday to Friday 9am to 6pm and Saturday 9am to 1pm', grouping equal days."""
        groups: List[Tuple[int, int, Tuple[Session, ...]]] = []
        for i, name in enumerate(WEEKDAYS):
            sessions = self.clinic.opening_hours[name]
            if groups and groups[-1][2] == sessions and groups[-1][1] == i - 1:
                groups[-1] = (groups[-1][0], i, sessions)
            else:
                groups.append((i, i, sessions))
        parts = []
        for first, last, sessions in groups:
            if not sessions:
                continue
            days = DAY_NAMES[first] if first == last else (
                f"{DAY_NAMES[first]} and {DAY_NAMES[last]}" if last == first + 1
                else f"{DAY_NAMES[first]} to {DAY_NAMES[last]}")
            parts.append(f"{days} {sessions_text(sessions)}")
        return _join(parts)

    def closed_days(self) -> List[str]:
        return [f"{DAY_NAMES[i]}s" for i, name in enumerate(WEEKDAYS)
                if not self.clinic.opening_hours[name]]


def _join(items: List[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


# --- the day a patient asks about ------------------------------------------------------

_ABBREVIATIONS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3,
                  "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_NOW_WORDS = ("right now", "at the moment", "currently", "still open", "open now", "now")
_TODAY_WORDS = {"today", "tonight", "todays", "2day", "tday"}
_TOMORROW_WORDS = {"tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "tmr", "tomoz"}
_CLOSING_WORDS = ("close", "closing", "shut", "finish", "until", "till", "til ", "last appointment")
# what patients call the bank holidays -> the holidays library's name (observed days included)
_HOLIDAY_NAMES = {
    "new year's day": "New Year's Day", "new years day": "New Year's Day",
    "new year": "New Year's Day", "good friday": "Good Friday",
    "easter monday": "Easter Monday", "easter": "Easter Monday",
    "may day": "May Day", "early may bank holiday": "May Day",
    "spring bank holiday": "Spring Bank Holiday",
    "late may bank holiday": "Spring Bank Holiday",
    "summer bank holiday": "Late Summer Bank Holiday",
    "august bank holiday": "Late Summer Bank Holiday",
    "late summer bank holiday": "Late Summer Bank Holiday",
    "christmas day": "Christmas Day", "christmas": "Christmas Day", "xmas": "Christmas Day",
    "boxing day": "Boxing Day",
}


@dataclass(frozen=True)
class AskedDay:
    kind: str  # now | today | date | weekday | weekend | holiday | bank_holiday | none
    day: dt.date | None = None
    weekday: int | None = None
    holiday: str = ""


def _words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _weekday(word: str) -> int | None:
    word = word.strip("'")
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    for candidate in (word, word[:-1] if word.endswith("s") else word):
        if len(candidate) >= 5:
            match = difflib.get_close_matches(candidate, WEEKDAYS, n=1, cutoff=0.75)
            if match:
                return WEEKDAYS.index(match[0])
    return None


def _holiday(words: List[str]) -> str | None:
    """The bank holiday named in the words, spelt roughly right, or None."""
    best, best_score = None, 0.0
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            for name, holiday in _HOLIDAY_NAMES.items():
                if abs(len(name) - len(phrase)) > 3 or len(phrase) < 4:
                    continue
                score = difflib.SequenceMatcher(None, phrase, name).ratio()
                # a longer name wins a tie ("easter monday" over "easter")
                if score >= 0.85 and (score, len(name)) > (best_score, len(best or "")):
                    best, best_score = holiday, score
    return best


def asked_day(text: str, today: dt.date) -> AskedDay:
    """The day a question about opening hours is about."""
    words = _words(text)
    joined = " ".join(words)
    eve = re.search(r"\b(christmas|xmas|new years?|new year's) eve\b", joined)
    if eve:  # not bank holidays: the date itself
        month_day = (12, 24) if eve.group(1) in ("christmas", "xmas") else (12, 31)
        day = dt.date(today.year, *month_day)
        return AskedDay("date", day=day if day >= today else day.replace(year=today.year + 1))
    holiday = _holiday(words)
    if holiday:
        return AskedDay("holiday", holiday=holiday)
    if "bank holiday" in joined or "bank holidays" in joined:
        return AskedDay("bank_holiday")
    if any(w in ("weekend", "weekends", "wkend") for w in words):
        return AskedDay("weekend")
    if any(w in _TOMORROW_WORDS for w in words):
        return AskedDay("date", day=today + dt.timedelta(days=1))
    for word in words:
        weekday = _weekday(word)
        if weekday is not None:
            return AskedDay("weekday", weekday=weekday)
    if any(re.search(rf"\b{re.escape(w)}\b", joined) for w in _NOW_WORDS):
        return AskedDay("now", day=today)
    if any(w in _TODAY_WORDS for w in words):
        return AskedDay("today", day=today)
    return AskedDay("none")


def _holiday_dates(name: str, today: dt.date) -> List[Tuple[dt.date, str]]:
    """The next day named `name` (today or later) and its substitute day, if any."""
    upcoming = [(day, bank_holiday(day) or holiday)
                for year in (today.year, today.year + 1)
                for day, holiday in sorted(_bank_holidays(year).items())
                if day >= today and holiday.replace(" (observed)", "") == name]
    return [(day, holiday) for day, holiday in upcoming if (day - upcoming[0][0]).days <= 7]


def _next_bank_holiday(today: dt.date) -> Tuple[dt.date, str]:
    for ahead in range(400):
        day = today + dt.timedelta(days=ahead)
        name = bank_holiday(day)
        if name:
            return day, name
    raise LookupError("no bank holiday within a year")  # pragma: no cover


# --- answers ---------------------------------------------------------------------------

def _why(closure: str | None) -> str:
    """' (Boxing Day)' for a named closure, '' otherwise."""
    return f" ({closure})" if closure else ""


def _reopens(hours: Hours, at: dt.datetime, today: dt.date | None = None) -> str:
    """' It opens again ...' after `at`, the day named as seen from `today`."""
    nxt = hours.next_opening(at)
    if nxt is None:
        return ""
    day, minute = nxt
    today = today or uk(at).date()
    when = ("later today" if day == today else "tomorrow" if day == today + dt.timedelta(days=1)
            else f"on {date_text(day, today)}")
    return f" It opens again {when} at {clock(minute)}."


def _day_answer(hours: Hours, day: dt.date, at: dt.datetime, label: str) -> str:
    closure = hours.closure(day)
    if closure is not None:
        return f"The clinic is closed {label}{_why(closure)}.{_reopens_after(hours, day, at)}"
    sessions = hours.weekly(day)
    if not sessions:
        return f"The clinic is closed {label}.{_reopens_after(hours, day, at)}"
    return f"The clinic is open {label}, {sessions_text(sessions)}."


def _reopens_after(hours: Hours, day: dt.date, at: dt.datetime) -> str:
    """When it opens after a closed `day`."""
    end_of_day = dt.datetime.combine(day, dt.time(23, 59), tzinfo=UK)
    return _reopens(hours, max(uk(at), end_of_day), today=uk(at).date())


def _label(day: dt.date, today: dt.date) -> str:
    if day == today:
        return f"today, {date_text(day, today)}"
    if day == today + dt.timedelta(days=1):
        return f"tomorrow, {date_text(day, today)}"
    return f"on {date_text(day, today)}"


def hours_answer(hours: Hours, question: str, at: dt.datetime) -> str:
    """The answer to an opening-hours question, from the hours (hours.known)."""
    at = uk(at)
    today = at.date()
    asked = asked_day(question, today)
    lowered = " ".join(_words(question))
    closing = any(w in f"{lowered} " for w in _CLOSING_WORDS)

    if asked.kind == "holiday":
        dates = _holiday_dates(asked.holiday, today)
        if not dates:
            return general_answer(hours, at)
        return _holiday_answer(hours, dates[:2], at)
    if asked.kind == "bank_holiday":
        day, name = _next_bank_holiday(today)
        if hours.clinic.bank_holidays_closed:
            return (f"The clinic is closed on bank holidays; the next one is {name}, "
                    f"{date_text(day, today)}.")
        return _day_answer(hours, day, at, f"on {name} ({date_text(day, today)})")
    if asked.kind == "date":
        return _day_answer(hours, asked.day, at, _label(asked.day, today))
    if asked.kind == "weekday":
        return _weekday_answer(hours, asked.weekday, at)
    if asked.kind == "weekend":
        return " ".join(_weekday_answer(hours, day, at) for day in (5, 6))
    if asked.kind == "now" or (asked.kind == "today" and not closing):
        return now_answer(hours, at)
    if asked.kind == "today" or closing:
        return closing_answer(hours, at)
    return general_answer(hours, at)


def _holiday_answer(hours: Hours, dates: List[Tuple[dt.date, str]], at: dt.datetime) -> str:
    """A bank holiday and its substitute day ("Boxing Day (observed)"), if it has one."""
    today = uk(at).date()
    closed = [(day, name) for day, name in dates if hours.closure(day) is not None]
    if len(closed) == len(dates):
        days = _join([f"{date_text(day, today)} ({name})" for day, name in closed])
        return f"The clinic is closed on {days}.{_reopens_after(hours, closed[-1][0], at)}"
    return " ".join(_day_answer(hours, day, at, f"on {name}, {date_text(day, today)}")
                    if hours.closure(day) is None else
                    _day_answer(hours, day, at, f"on {date_text(day, today)}")
                    for day, name in dates)


def now_answer(hours: Hours, at: dt.datetime) -> str:
    session = hours.session_at(at)
    if session:
        return f"Yes, the clinic is open now, until {clock(session[1])} (UK time)."
    why = _why(hours.closure(uk(at).date()))
    return f"The clinic is closed now{why}.{_reopens(hours, at)}"


def closing_answer(hours: Hours, at: dt.datetime) -> str:
    at = uk(at)
    minute = at.hour * 60 + at.minute
    sessions = hours.sessions(at.date())
    if not sessions:
        return _day_answer(hours, at.date(), at, "today")
    ahead = [s for s in sessions if s[1] > minute]
    if not ahead:
        return f"The clinic closed at {clock(sessions[-1][1])} today.{_reopens(hours, at)}"
    if ahead[0][0] <= minute:
        return f"The clinic is open now and closes at {clock(ahead[0][1])} today (UK time)."
    return f"Today the clinic is open {sessions_text(tuple(ahead))} (UK time)."


def _weekday_answer(hours: Hours, weekday: int, at: dt.datetime) -> str:
    today = uk(at).date()
    sessions = hours.clinic.opening_hours[WEEKDAYS[weekday]]
    plural = f"{DAY_NAMES[weekday]}s"
    if not sessions:
        return f"The clinic is closed on {plural}.{_reopens_after(hours, today, at)}" \
            if weekday == today.weekday() else f"The clinic is closed on {plural}."
    answer = f"On {plural} the clinic is open {sessions_text(sessions)} (UK time)."
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    closure = hours.closure(day)
    if closure is not None:
        answer += f" It is closed on {date_text(day, today)}, though{_why(closure)}."
    return answer


def general_answer(hours: Hours, at: dt.datetime) -> str:
    closed = hours.closed_days()
    if hours.clinic.bank_holidays_closed:
        closed.append("bank holidays")
    week = f"The clinic is open {hours.summary()} (UK time)"
    week += f", and closed on {_join(closed)}." if closed else "."
    return f"{week} {now_answer(hours, at).replace('Yes, the', 'The')}"


# --- when to expect a callback ---------------------------------------------------------

@dataclass(frozen=True)
class CallExpectation:
    patient: str  # "The clinic is closed now; expect a call on Tuesday evening."
    staff: str    # "Tuesday 29 December, evening"


def _when(day: dt.date, part: str, today: dt.date) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return f"this {part}" if part != "any" else "today"
    if ahead == 1:
        return f"tomorrow {part}" if part != "any" else "tomorrow"
    name = day_name(day) if ahead < 7 else date_text(day, today)
    return f"on {name} {part}" if part != "any" else f"on {name}"


def _first_call(hours: Hours, at: dt.datetime, part: str) -> Tuple[dt.date, int] | None:
    """The first day (and minute) the clinic is open in `part` of the day, far
    enough ahead of `at` to make the call."""
    window = PARTS.get(part, (0, 24 * 60))
    minute = at.hour * 60 + at.minute
    for ahead in range(LOOKAHEAD_DAYS + 1):
        day = at.date() + dt.timedelta(days=ahead)
        for opens, closes in hours.sessions(day):
            start, end = max(opens, window[0]), min(closes, window[1])
            if not ahead:
                start = max(start, minute)
            if end - start >= CALL_LEAD_MINUTES:
                return day, start
    return None


def _part_of(minute: int) -> str:
    return next(p for p, (a, b) in PARTS.items() if a <= minute < b)


def call_expectation(hours: Hours, at: dt.datetime, preferred: str) -> CallExpectation | None:
    """When the patient can expect the call, from the hours; None when the hours
    are not given (or the clinic is closed for weeks): the fixed promise stands."""
    if not hours.known:
        return None
    at = uk(at)
    part = preferred if preferred in PARTS else "any"
    found = _first_call(hours, at, part)
    note = ""
    if found is None and part != "any":
        note = f"The clinic isn't open in the {part}, so "
        found = _first_call(hours, at, "any")
        part = "any"
    if found is None:
        return None
    day, minute = found
    session = hours.session_at(at)
    minute_now = at.hour * 60 + at.minute
    if session is None:
        status = "The clinic is closed now"
    elif session[1] - minute_now < CALL_LEAD_MINUTES:
        status = "The clinic closes soon"
    else:
        status = "The clinic is open now"
    when = _when(day, part, at.date())
    patient = f"{note}expect a call {when}." if note else f"{status}; expect a call {when}."
    shown_part = part if part != "any" else f"any time, from {clock(minute)}"
    return CallExpectation(patient=patient,
                           staff=f"{date_text(day, at.date())}, {shown_part} (UK time)")
