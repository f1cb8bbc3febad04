"""The masking applied to a conversation's stored events when the callback form
ends (msrehab.conversation_masking), and how staff searches match a person."""

from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from msrehab.conversation_masking import form_ended, mask_events
from msrehab.person import Person

CLINIC = ("07305541126", "info@msrehab.co.uk")


def asked(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def user(text):
    return {"event": "user", "text": text, "parse_data": {"text": text}, "message_id": "m1"}


def texts(events):
    return [e.get("text") or e.get("value") for e in events]


def test_answers_slot_values_and_bot_echoes_are_masked_the_clinic_is_not():
    events = [
        {"event": "bot", "text": "Call us on 07305541126 or info@msrehab.co.uk"},
        asked("callback_name"), user("it's Jane Smith"),
        {"event": "slot", "name": "callback_name", "value": "Jane Smith"},
        asked("callback_phone"), user("07911 123456"),
        {"event": "slot", "name": "callback_phone", "value": "+447911123456"},
        asked("callback_email"), user("Jane.Smith@example.com"),
        {"event": "slot", "name": "callback_email", "value": "jane.smith@example.com"},
        asked("callback_reason"), user("heel pain"),
        {"event": "bot", "text": "Name: Jane Smith, phone +447911123456, reason heel pain. "
                                 "Thanks, Jane."},
    ]
    masked = mask_events(events, keep=CLINIC)
    joined = " ".join(str(t) for t in texts(masked))
    for secret in ("Jane", "Smith", "7911123456", "123456", "jane.smith", "heel pain"):
        assert secret.lower() not in joined.lower(), joined
    assert "07305541126" in joined and "info@msrehab.co.uk" in joined
    assert "J*** S***" in joined and "*********456" in joined
    # identifiers are left alone: Rasa still reads the events
    assert masked[1] == asked("callback_name") and masked[2]["message_id"] == "m1"


def test_a_name_given_outside_the_form_is_masked():
    [event] = mask_events([user("please call me on 07911 123456, my name is Tom Reed")])
    assert event["text"] == "please call me on ********456, my name is T*** R***"
    assert event["parse_data"]["text"] == event["text"]


def test_short_names_mask_whole_words_only_and_skips_are_not_details():
    events = [asked("callback_name"), user("Al"),
              {"event": "slot", "name": "callback_name", "value": "Al"},
              asked("callback_email"), user("skip"),
              {"event": "slot", "name": "callback_email", "value": "not given"},
              {"event": "bot", "text": "Also, thanks Al. E-mail: not given"}]
    masked = mask_events(events)
    assert masked[-1]["text"] == "Also, thanks A***. E-mail: not given"
    assert masked[4]["text"] == "skip"


def test_form_end_is_the_submit_or_reset_action():
    assert form_ended([UserUttered("yes"), ActionExecuted("action_submit_callback")])
    assert form_ended([ActionExecuted("action_reset_callback")])
    assert not form_ended([UserUttered("Jane"), SlotSet("callback_name", "Jane"),
                           ActionExecuted("callback_form")])


def test_a_phone_number_matches_in_any_format_and_an_address_in_any_case():
    person = Person.from_input("+44 (0)7911-123-456", "Jane@Example.com")
    assert person.phone == "+447911123456" and person.email == "jane@example.com"
    for text in ("07911 123456", "07911123456", "+44 7911 123456", "call 07911-123-456 pls",
                 "JANE@EXAMPLE.COM"):
        assert person.in_text(text), text
    for text in ("07911 123457", "********456", "j***@example.com", "ajane@example.com"):
        assert not person.in_text(text), text
