"""Details found in free text (msrehab/callbacks/extract.py), without Rasa."""

import pytest

from msrehab.callbacks import extract
from msrehab.callbacks.extract import find_details, time_category

FOUND = [
    ("can you ring me on 07911 123456 after six, this is sarah",
     {"name": "Sarah", "phone": "+447911123456", "time": "evening", "time_note": "after six"}),
    ("hi this is sarah jones can someone call me back", {"name": "Sarah Jones"}),
    ("hiya, it's Aisha Khan here, can u call me back? 0161 496 0000",
     {"name": "Aisha Khan", "phone": "+441614960000"}),
    ("my name is priya patel, priya.p@example.com, weekday lunchtimes, about my shoulder",
     {"name": "Priya Patel", "email": "priya.p@example.com", "time": "afternoon",
      "time_note": "weekday lunchtimes", "reason": "my shoulder"}),
    ("can someone call me about my knee pain", {"reason": "my knee pain"}),
    ("can i book an appointment for my back", {"reason": "my back"}),
    ("could you call me back tomorrow", {"time": "any", "time_note": "tomorrow"}),
    ("ring me on friday please, its about my shoulder",
     {"time": "any", "time_note": "on friday", "reason": "my shoulder"}),
]
NOTHING = [
    "im looking for a callback", "i want a callback", "can i come in tomorrow",
    "knee pain after running", "can i speak with the physio", "/start_callback",
    "my cousin said something about it", "call me back about 6pm",
    "jane example@example.com",  # maybe one mistyped address: not guessed at
    "ring me on 01632 960 983",  # Ofcom's drama range: not a real number
    "the name is wrong",
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_details_are_found_in_a_sentence(text, expected):
    assert find_details(text).found() == expected


@pytest.mark.parametrize("text", NOTHING)
def test_no_detail_is_made_up(text):
    found = find_details(text).found()
    found.pop("time", None), found.pop("time_note", None)  # "about 6pm" is a time
    assert found == {}


@pytest.mark.parametrize("text,expected", [
    ("after six", "evening"), ("after 6", "evening"), ("around 10", "morning"),
    ("around 2", "afternoon"), ("weekday lunchtimes", "afternoon"),
    ("friday afternoon", "afternoon"), ("whenever", "any"), ("tuesdays", "any"),
    ("before 10am", "morning"), ("after 5pm", "evening"),
])
def test_a_time_typed_freely_maps_to_the_nearest_slot_value(text, expected):
    assert time_category(text) == expected


@pytest.mark.parametrize("text", [
    "ring me on 07911 12345", "my number is 0791112345", "call 079111234567 please",
    "+44 7911 12345"])
def test_an_attempt_at_a_phone_number_that_is_not_valid_is_noticed(text):
    assert extract.unusable_phone_in(text)


@pytest.mark.parametrize("text", [
    "ring me on 07911 123456", "after 10:30 please", "my knee since 2019", "call me back",
    "reference CB-1234", "on 01/12/2026"])
def test_a_valid_number_or_no_number_is_not_an_unusable_one(text):
    assert not extract.unusable_phone_in(text)


@pytest.mark.parametrize("text", [
    "i had needling on monday and my leg is sore, call me back", "can i come in tomorrow"])
def test_a_day_that_is_not_when_to_call_is_not_taken_as_the_preferred_time(text):
    assert find_details(text).time is None
