"""Conversation behaviour through the HTTP API of a running assistant (scripts/run.sh)."""

import uuid

from conftest import domain_text


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_does_it_hurt_gets_the_does_it_hurt_answer(assistant):
    replies = assistant.send(new_sender(), "does dry needling hurt?")
    assert replies[0]["text"] == domain_text("utter_faq/does_it_hurt")
    # the answer ends with an offer: another question or booking
    assert [b["title"] for b in replies[0]["buttons"]] == [
        "Ask another question",
        "Book an appointment",
    ]


def test_misspelt_question_is_understood(assistant):
    assert assistant.texts(new_sender(), "how lng do the needels stay in") == [
        domain_text("utter_faq/session_length")
    ]


def test_cost_answer_gives_ways_to_ask_not_a_price(assistant):
    (text,) = assistant.texts(new_sender(), "how much is it")
    assert "07305541126" in text and "info@msrehab.co.uk" in text
    assert "£" not in text


def test_booking_hands_off_with_phone_email_and_booking(assistant):
    (text,) = assistant.texts(new_sender(), "i'd like to book in please")
    assert "07305541126" in text
    assert "info@msrehab.co.uk" in text
    assert "https://www.msrehab.co.uk" in text


def test_emergency_comes_first_whatever_else_is_said(assistant):
    message = "what should i wear? my chest is tight and i can't breathe"
    (text,) = assistant.texts(new_sender(), message)
    assert text.startswith("If this is an emergency, call 999 now.")
    assert "NHS 111" in text


def test_two_misunderstandings_in_a_row_offer_a_person(assistant):
    sender = new_sender()
    assert assistant.texts(sender, "and then what") == [domain_text("utter_default")]
    assert assistant.texts(sender, "the thing with the stuff") == [
        domain_text("utter_offer_person")
    ]


def test_out_of_scope_is_honest(assistant):
    assert assistant.texts(new_sender(), "what's the weather doing tomorrow") == [
        domain_text("utter_out_of_scope")
    ]


def test_diagnosis_request_gets_no_diagnosis(assistant):
    assert assistant.texts(new_sender(), "what is wrong with my knee, is it torn") == [
        domain_text("utter_no_diagnosis")
    ]


def test_bot_says_it_is_automated(assistant):
    (text,) = assistant.texts(new_sender(), "am i speaking to a real person?")
    assert "automated assistant" in text
