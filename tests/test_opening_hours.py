"""Opening hours in UK time with a fixed clock: questions over Christmas week 2026 (bank
holidays on Friday 25, Saturday 26 and Monday 28 December, and the clinic's own Christmas
Eve), across both clock changes, and when to expect a callback."""

import datetime as dt

import pytest
from harness.clinic_files import FILLED, WEEK, shipped

from msrehab import clinic, hours

UTC = dt.timezone.utc


def uk(text: str) -> dt.datetime:
    """A UK wall-clock time, '2026-12-21 10:00'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=hours.UK)


def facts(**changes) -> hours.Hours:
    return hours.Hours(clinic.parse({**shipped(), **FILLED, **changes}))


HOURS = facts()


@pytest.mark.parametrize("at, question, answer", [
    ("2026-12-21 10:00", "are you open now",
     "Yes, the clinic is open now, until 6pm (UK time)."),
    ("2026-12-21 10:00", "are you open on boxing day",
     "The clinic is closed on Saturday 26 December (Boxing Day) and Monday 28 December "
     "(the bank holiday for Boxing Day). It opens again on Tuesday 29 December at 9am."),
    ("2026-12-21 10:00", "are you open on saturday",
     "On Saturdays the clinic is open 9am to 1pm (UK time). It is closed on Saturday "
     "26 December, though (Boxing Day)."),
    ("2026-12-21 10:00", "do you do it on saturdays",
     "On Saturdays the clinic is open 9am to 1pm (UK time). It is closed on Saturday "
     "26 December, though (Boxing Day)."),
    ("2026-12-21 10:00", "r u open on chrismas",
     "The clinic is closed on Friday 25 December (Christmas Day). It opens again on "
     "Tuesday 29 December at 9am."),
    ("2026-12-22 11:00", "what time do you close today",
     "The clinic is open now and closes at 7:30pm today (UK time)."),
    ("2026-12-22 20:00", "when do you shut today",
     "The clinic closed at 7:30pm today. It opens again tomorrow at 9am."),
    ("2026-12-23 13:30", "are you open right now",
     "The clinic is closed now. It opens again later today at 2pm."),
    ("2026-12-23 08:00", "what time do you close today",
     "Today the clinic is open 9am to 1pm and 2pm to 6pm (UK time)."),
    ("2026-12-24 10:00", "are you open now",
     "The clinic is closed now (Christmas Eve). It opens again on Tuesday 29 December at 9am."),
    ("2026-12-25 10:00", "are you open tomorow",
     "The clinic is closed tomorrow, Saturday 26 December (Boxing Day). It opens again on "
     "Tuesday 29 December at 9am."),
    ("2026-12-28 10:00", "are you open today",
     "The clinic is closed now (the bank holiday for Boxing Day). It opens again tomorrow at 9am."),
    # asked after this year's: next year's, with its year
    ("2026-12-29 10:00", "are you open boxing day",
     "The clinic is closed on Sunday 26 December 2027 (Boxing Day) and Tuesday 28 December "
     "2027 (the bank holiday for Boxing Day). It opens again on Wednesday 29 December 2027 "
     "at 9am."),
    ("2026-12-27 10:00", "are you open on boxing day",
     "The clinic is closed on Monday 28 December (the bank holiday for Boxing Day). It opens "
     "again on Tuesday 29 December at 9am."),
    ("2026-12-21 10:00", "open satuday?",
     "On Saturdays the clinic is open 9am to 1pm (UK time). It is closed on Saturday "
     "26 December, though (Boxing Day)."),
    ("2026-12-21 10:00", "are you open on sundays", "The clinic is closed on Sundays."),
    ("2026-12-14 10:00", "do you open at weekends",
     "On Saturdays the clinic is open 9am to 1pm (UK time). The clinic is closed on Sundays."),
    ("2026-12-21 10:00", "are you open wensday",
     "On Wednesdays the clinic is open 9am to 1pm and 2pm to 6pm (UK time)."),
    ("2026-12-21 10:00", "open on easter monday?",
     "The clinic is closed on Monday 29 March 2027 (Easter Monday). It opens again on "
     "Tuesday 30 March 2027 at 9am."),
    ("2026-12-21 10:00", "what are your opening hours",
     "The clinic is open Monday 9am to 6pm, Tuesday 9am to 7:30pm, Wednesday 9am to 1pm and "
     "2pm to 6pm, Thursday and Friday 9am to 6pm and Saturday 9am to 1pm (UK time), and "
     "closed on Sundays and bank holidays. The clinic is open now, until 6pm (UK time)."),
])
def test_hours_questions_over_christmas_week(at, question, answer):
    assert hours.hours_answer(HOURS, question, uk(at)) == answer


def test_without_bank_holiday_closures_boxing_day_has_the_saturday_hours():
    open_on_holidays = facts(closures={"bank_holidays": False})
    assert hours.hours_answer(open_on_holidays, "are you open on boxing day",
                              uk("2026-12-21 10:00")).startswith(
        "The clinic is open on Boxing Day, Saturday 26 December, 9am to 1pm.")


@pytest.mark.parametrize("utc, is_open", [
    # spring: the clocks go forward on Sunday 29 March 2026
    ("2026-03-27 08:30", False),  # Friday 08:30 GMT, before 9am
    ("2026-03-30 08:30", True),   # Monday 09:30 BST
    ("2026-03-27 17:30", True),   # Friday 17:30 GMT, before 6pm
    ("2026-03-30 17:30", False),  # Monday 18:30 BST
    # autumn: the clocks go back on Sunday 25 October 2026
    ("2026-10-23 08:30", True),   # Friday 09:30 BST
    ("2026-10-26 08:30", False),  # Monday 08:30 GMT
])
def test_open_now_follows_the_clock_change(utc, is_open):
    at = dt.datetime.fromisoformat(utc).replace(tzinfo=UTC)
    answer = hours.hours_answer(HOURS, "are you open now", at)
    assert answer.startswith("Yes, the clinic is open now") == is_open, answer


def test_the_fixed_clock_reads_utc_and_uk_times(monkeypatch):
    monkeypatch.setenv("CLINIC_NOW", "2026-03-30T08:30:00Z")
    assert hours.now() == uk("2026-03-30 09:30")
    monkeypatch.setenv("CLINIC_NOW", "2026-10-26T08:30")
    assert hours.now().utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("at, preferred, patient, staff", [
    # during opening hours: Tuesday 19 May 2026, 10:00
    ("2026-05-19 10:00", "afternoon", "The clinic is open now; expect a call this afternoon.",
     "Tuesday 19 May, afternoon (UK time)"),
    ("2026-05-19 10:00", "any", "The clinic is open now; expect a call today.",
     "Tuesday 19 May, any time, from 10am (UK time)"),
    # Friday 17:55 before the Spring Bank Holiday (Monday 25 May)
    ("2026-05-22 17:55", "evening", "The clinic closes soon; expect a call on Tuesday evening.",
     "Tuesday 26 May, evening (UK time)"),
    ("2026-05-22 17:55", "morning", "The clinic closes soon; expect a call tomorrow morning.",
     "Saturday 23 May, morning (UK time)"),
    # on the Saturday: open in the morning, then closed until Tuesday
    ("2026-05-23 10:00", "any", "The clinic is open now; expect a call today.",
     "Saturday 23 May, any time, from 10am (UK time)"),
    ("2026-05-23 14:00", "morning", "The clinic is closed now; expect a call on Tuesday morning.",
     "Tuesday 26 May, morning (UK time)"),
    # on the bank holiday Monday
    ("2026-05-25 10:00", "any", "The clinic is closed now; expect a call tomorrow.",
     "Tuesday 26 May, any time, from 9am (UK time)"),
    ("2026-05-25 10:00", "evening", "The clinic is closed now; expect a call tomorrow evening.",
     "Tuesday 26 May, evening (UK time)"),
])
def test_when_to_expect_a_callback(at, preferred, patient, staff):
    expectation = hours.call_expectation(HOURS, uk(at), preferred)
    assert (expectation.patient, expectation.staff) == (patient, staff)


def test_a_preferred_time_the_clinic_is_never_open_gets_the_first_time_it_is():
    daytime = facts(opening_hours={**WEEK, "tuesday": "09:00-17:00", "monday": "09:00-17:00",
                                   "wednesday": "09:00-17:00", "thursday": "09:00-17:00",
                                   "friday": "09:00-17:00"})
    expectation = hours.call_expectation(daytime, uk("2026-05-19 17:30"), "evening")
    assert expectation.patient == ("The clinic isn't open in the evening, so expect a call "
                                   "tomorrow.")


def test_without_opening_hours_there_is_no_worked_out_promise():
    assert hours.call_expectation(hours.Hours(clinic.parse(shipped())),
                                  uk("2026-05-22 17:55"), "evening") is None


@pytest.mark.parametrize("question, kind", [
    ("are you open now", "now"), ("r u open atm? right now", "now"),
    ("are you open tomorrow", "date"), ("open tmrw?", "date"),
    ("do you open on thursdays", "weekday"), ("open thurs", "weekday"),
    ("are you open on bank holidays", "bank_holiday"), ("open xmas", "holiday"),
    ("new years day open?", "holiday"), ("are you open christmas eve", "date"),
    ("what are your hours", "none"), ("do you open on mondays", "weekday"),
    ("open weekends?", "weekend"),
])
def test_the_day_asked_about(question, kind):
    assert hours.asked_day(question, dt.date(2026, 12, 21)).kind == kind


def test_words_like_weekdays_are_not_taken_for_them():
    for question in ("how much money does it cost", "is it fried", "sunny days only?"):
        assert hours.asked_day(question, dt.date(2026, 12, 21)).kind == "none", question


def test_an_unnamed_closure_of_the_clinics_own_closes_the_day():
    away = facts(closures={"dates": [{"from": "2026-06-01", "to": "2026-06-05"}]})
    assert hours.hours_answer(away, "are you open now", uk("2026-06-03 10:00")) == \
        "The clinic is closed now. It opens again on Saturday 6 June at 9am."
    assert hours.call_expectation(away, uk("2026-06-03 10:00"), "morning").staff == \
        "Saturday 6 June, morning (UK time)"
