"""ValidateCallbackForm on real rasa-sdk trackers: valid and invalid answers, reprompts."""

import pytest
from harness.callback_trackers import MESSAGES, form_tracker, run, slot_events

from actions.callback_form import ValidateCallbackForm

PHONE_REPROMPT = MESSAGES["invalid_callback_phone"]["text"]
EMAIL_REPROMPT = MESSAGES["invalid_callback_email"]["text"]

VALID_PHONES = [
    ("07911 123456", "+447911123456"),
    ("07911123456", "+447911123456"),
    ("07911-123-456", "+447911123456"),
    ("(07911) 123456", "+447911123456"),
    ("+44 7911 123456", "+447911123456"),
    ("+447911123456", "+447911123456"),
    ("0044 7911 123456", "+447911123456"),
    ("+44 (0)7911 123456", "+447911123456"),
    ("07305541126", "+447305541126"),
    ("020 7946 0958", "+442079460958"),
    ("(020) 7946-0958", "+442079460958"),
    ("0161 496 0000", "+441614960000"),
    ("0113-496-0000", "+441134960000"),
    ("0131 496 0000", "+441314960000"),
    ("028 9018 0000", "+442890180000"),
    (" 07911  123 456 ", "+447911123456"),
    ("0300 200 3300", "+443002003300"),
]

INVALID_PHONES = [
    "12345", "0791112345", "079111234567", "07911 12345", "0800 123", "call me",
    "+1 212 555 0100", "+33 1 23 45 67 89", "abc", "07911 1234 56 78 90",
    "00000000000", "0700 000000", "+44", "my number is 07911 12345 ring after six",
    "<script>alert(1)</script>", "999",
    "01632 960 983",  # Ofcom's range for drama: not a real number
]

VALID_EMAILS = [
    "jane@example.com", "Jane.Smith@example.co.uk", "j.smith+physio@gmail.com",
    "tom_b@outlook.com", "sarah-jones99@yahoo.co.uk", "a@b.io", "first.last@sub.domain.org",
    "o'neil@example.ie", "user123@example.net", "x@example.museum", "priya.patel@nhs.net",
    "info@msrehab.co.uk", "name@xn--bcher-kva.example", "UPPER@EXAMPLE.COM",
    "mohammed.ali@example.com", "  spaced@example.com  ",
]
INVALID_EMAILS = [
    "jane", "jane@", "@example.com", "jane@example", "jane@@example.com",
    "jane example@example.com", "jane@exa mple.com", "jane@example..com",
    ".jane@example.com", "jane.@example.com", "jane@-example.com", "jane@example,com",
    "<script>@x.com", "jane@localhost", "07911 123456", "jane(at)example.com",
]


@pytest.mark.parametrize("raw,e164", VALID_PHONES)
def test_valid_uk_phone_is_normalised_to_e164(raw, e164):
    events, messages = run(ValidateCallbackForm(), form_tracker("callback_phone", raw))
    assert slot_events(events)["callback_phone"] == e164
    assert messages == []


@pytest.mark.parametrize("raw", INVALID_PHONES)
def test_invalid_phone_is_asked_again_with_an_example(raw):
    events, messages = run(ValidateCallbackForm(), form_tracker("callback_phone", raw))
    assert slot_events(events)["callback_phone"] is None
    assert [m["text"] for m in messages] == [PHONE_REPROMPT]
    assert "07911 123456" in PHONE_REPROMPT  # the example


@pytest.mark.parametrize("raw", VALID_EMAILS)
def test_valid_email_is_accepted(raw):
    events, messages = run(
        ValidateCallbackForm(), form_tracker("callback_email", raw, callback_phone="+447911123456")
    )
    value = slot_events(events)["callback_email"]
    assert value and "@" in value and value == value.strip()
    assert messages == []


@pytest.mark.parametrize("raw", INVALID_EMAILS)
def test_invalid_email_is_asked_again_with_an_example(raw):
    events, messages = run(
        ValidateCallbackForm(), form_tracker("callback_email", raw, callback_phone="+447911123456")
    )
    assert slot_events(events)["callback_email"] is None
    assert [m["text"] for m in messages] == [EMAIL_REPROMPT]
    assert "name@example.com" in EMAIL_REPROMPT


def test_email_may_be_skipped_when_there_is_a_phone():
    events, _ = run(ValidateCallbackForm(),
                    form_tracker("callback_email", "skip", callback_phone="+447911123456"))
    assert slot_events(events)["callback_email"] == "not given"


def test_email_is_required_without_a_phone():
    events, messages = run(ValidateCallbackForm(),
                           form_tracker("callback_email", "skip", callback_phone="not given"))
    assert slot_events(events)["callback_email"] is None
    assert [m["text"] for m in messages] == [MESSAGES["email_needed"]["text"]]


@pytest.mark.parametrize("answer", ["yes", "no", "n", "hi there", "help", "ok",
                                    "what is dry needling?", "Jane 2"])
def test_replies_are_never_stored_as_a_name(answer):
    events, messages = run(ValidateCallbackForm(), form_tracker("callback_name", answer))
    assert slot_events(events)["callback_name"] is None
    assert messages[0]["text"] == MESSAGES["invalid_callback_name"]["text"]


@pytest.mark.parametrize("answer,expected", [("Jane Smith", "Jane Smith"),
                                             ("my name is Siobhán O'Neill", "Siobhán O'Neill"),
                                             ("Mary-Ann", "Mary-Ann")])
def test_names_are_accepted(answer, expected):
    events, _ = run(ValidateCallbackForm(), form_tracker("callback_name", answer))
    assert slot_events(events)["callback_name"] == expected


TIMES = [("morning", "morning"), ("Afternoon please", "afternoon"), ("after 5pm", "evening"),
         ("10am", "morning"), ("2:30 pm", "afternoon"), ("any time", "any"),
         ("evenings are best", "evening")]


@pytest.mark.parametrize("answer,expected", TIMES)
def test_preferred_time_from_buttons_and_free_text(answer, expected):
    events, _ = run(ValidateCallbackForm(), form_tracker("callback_time", answer))
    assert slot_events(events)["callback_time"] == expected


def test_third_invalid_answer_explains_and_offers_the_phone_number():
    form = ValidateCallbackForm()
    events, messages = run(form, form_tracker("callback_phone", "nope123",
                                              callback_invalid_attempts=2))
    slots = slot_events(events)
    assert slots["callback_abandoned"] is True
    assert "07305541126" in messages[0]["text"]
    assert "Nothing has been saved" in messages[0]["text"]


def test_correction_at_the_summary_clears_only_the_named_detail():
    tracker = form_tracker(
        "callback_confirmed", False, text='/change_detail{"detail": "phone"}',
        intent="change_detail", entities=[{"entity": "detail", "value": "phone"}],
        callback_name="Jane", callback_phone="+447911123456", callback_email="not given",
        callback_time="morning", callback_reason="heel pain", callback_consent=True,
    )
    events, _ = run(ValidateCallbackForm(), tracker)
    slots = slot_events(events)
    assert slots["callback_phone"] is None
    assert slots["callback_confirmed"] is None
    assert "callback_name" not in slots


def test_reason_markup_is_removed():
    events, _ = run(ValidateCallbackForm(),
                    form_tracker("callback_reason", "<b>heel</b> pain<script>x</script>"))
    assert slot_events(events)["callback_reason"] == "heel painx"


def test_a_number_in_a_sentence_is_found_with_the_time_given_beside_it():
    # issue 13: patients type "07911 123456 please ring after six", not a bare number
    events, messages = run(ValidateCallbackForm(),
                           form_tracker("callback_phone", "07911 123456 please ring after six"))
    slots = slot_events(events)
    assert slots["callback_phone"] == "+447911123456"
    assert (slots["callback_time"], slots["callback_time_note"]) == ("evening", "after six")
    assert messages == []


@pytest.mark.parametrize("answer,expected", [
    ("after six", "evening"), ("weekday lunchtimes", "afternoon"),
    ("friday afternoon", "afternoon"), ("whenever", "any"), ("tuesdays", "any"),
])
def test_a_time_typed_freely_is_kept_in_the_patients_words(answer, expected):
    events, messages = run(ValidateCallbackForm(), form_tracker("callback_time", answer))
    slots = slot_events(events)
    assert (slots["callback_time"], slots["callback_time_note"]) == (expected, answer)
    assert messages == []


def test_name_and_number_in_one_answer_fill_both():
    events, _ = run(ValidateCallbackForm(),
                    form_tracker("callback_name", "sarah jones, 07911 123456"))
    slots = slot_events(events)
    assert (slots["callback_name"], slots["callback_phone"]) == ("Sarah Jones", "+447911123456")


def test_a_new_number_at_the_summary_replaces_the_old_one():
    tracker = form_tracker(
        "callback_confirmed", False, text="actually my number is 07912 345678",
        callback_name="Jane", callback_phone="+447911123456", callback_email="not given",
        callback_time="morning", callback_reason="heel pain", callback_consent=True,
    )
    events, messages = run(ValidateCallbackForm(), tracker)
    slots = slot_events(events)
    assert slots["callback_phone"] == "+447912345678"
    assert slots["callback_confirmed"] is None and "callback_name" not in slots
    assert messages[0]["text"] == MESSAGES["callback_updated"]["text"]


def test_consent_fills_in_what_was_typed_before_it():
    tracker = form_tracker("callback_consent", True, text="yes", intent="affirm")
    tracker.events[:0] = [{"event": "user", "text": "this is sarah, ring me on 07911 123456"}]
    events, messages = run(ValidateCallbackForm(), tracker)
    slots = slot_events(events)
    assert (slots["callback_name"], slots["callback_phone"]) == ("Sarah", "+447911123456")
    assert "(your name, your phone number)" in messages[0]["text"]


def test_refused_consent_takes_nothing_from_earlier_messages():
    tracker = form_tracker("callback_consent", False, text="no", intent="deny")
    tracker.events[:0] = [{"event": "user", "text": "this is sarah, ring me on 07911 123456"}]
    events, _ = run(ValidateCallbackForm(), tracker)
    slots = slot_events(events)
    assert slots["callback_consent"] is False
    assert not {"callback_name", "callback_phone"} & set(slots)


def _read_as(slot, text, intent, **slots):
    """The tracker when the model read the answer as `intent`: no from_text value."""
    tracker = form_tracker(slot, text, intent=intent, **slots)
    tracker.events = tracker.events[:2]
    return tracker


def test_a_name_read_as_an_faq_question_is_still_the_name():
    events, _ = run(ValidateCallbackForm(), _read_as("callback_name", "Mark Evans", "faq"))
    assert slot_events(events)["callback_name"] == "Mark Evans"


@pytest.mark.parametrize("slot,text", [("callback_name", "what does it cost"),
                                       ("callback_name", "side effects"),
                                       ("callback_time", "is it safe?"),
                                       ("callback_reason", "how long does it take?")])
def test_a_question_in_the_form_is_left_for_the_faq_answer(slot, text):
    # nothing set: the form is rejected, the FAQ rule answers and the form asks again
    events, messages = run(ValidateCallbackForm(), _read_as(slot, text, "faq"))
    assert slot_events(events) == {} and messages == []


@pytest.mark.parametrize("slot,text", [("callback_reason", "knee pain after running"),
                                       ("callback_time", "after six")])
def test_free_text_read_as_an_faq_topic_is_kept_as_the_answer(slot, text):
    events, _ = run(ValidateCallbackForm(), _read_as(slot, text, "faq"))
    assert slot_events(events)[slot] in (text, "evening")
