"""Conversation behaviour through the HTTP API of a running assistant (scripts/run.sh)."""

import uuid

from conftest import domain_text

from actions.clarify import DID_YOU_MEAN
from msrehab import clarify
from rasa_addons.channels.message_guard import IF_HAPPENING_NOW


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
    (first,) = assistant.texts(sender, "and then what")
    # not understood: "Did you mean ...?" when a topic is likely, else say so
    assert first in (DID_YOU_MEAN, domain_text("utter_default"))
    assert assistant.texts(sender, "the thing with the stuff") == [
        domain_text("utter_offer_person")
    ]


def test_unsure_answer_offers_likely_topics_and_a_click_answers(assistant):
    sender = new_sender()
    (reply,) = assistant.send(sender, "tell me about needles")
    assert reply["text"] == DID_YOU_MEAN
    *topics, something_else = reply["buttons"]
    assert 1 <= len(topics) <= 3 and something_else["title"] == "Something else"
    titles = {title: key for key, (title, _) in clarify.TOPICS.items()}
    first_key = titles[topics[0]["title"]]
    # a button sends a typed question, answered like any other
    assert assistant.texts(sender, topics[0]["payload"]) == [
        domain_text(f"utter_faq/{first_key}")]


def test_something_else_after_did_you_mean_asks_to_put_it_another_way(assistant):
    sender = new_sender()
    assert assistant.texts(sender, "needle stuff") == [DID_YOU_MEAN]
    assert assistant.texts(sender, "none of those") == [domain_text("utter_default")]


def test_two_questions_in_one_message_get_both_answers_in_order(assistant):
    for message, keys in [
        ("does it hurt and how long does a session take?", ["does_it_hurt", "session_length"]),
        ("is it safe? how much does it cost", ["safety", "cost"]),
        ("what are the side effects and also how many sessions will i need",
         ["side_effects", "how_many_sessions"]),
    ]:
        assert assistant.texts(new_sender(), message) == [
            domain_text(f"utter_faq/{k}") for k in keys], message


def test_an_emergency_beside_a_question_is_not_split_and_comes_first(assistant):
    (text,) = assistant.texts(new_sender(), "does it hurt and why is my face swelling up")
    assert text.startswith("If this is an emergency, call 999 now.")


def test_new_emergencies_after_needling_get_999_first(assistant):
    for message in ["my lips are going puffy since the needles went in",
                    "the needle site keeps bleeding through the plaster",
                    "i fainted on the way home from my appointment",
                    "needles near my shoulder blade yesterday, now im out of breath walking"]:
        (text,) = assistant.texts(new_sender(), message)
        assert text.startswith("If this is an emergency, call 999 now."), message


def test_off_topic_health_questions_get_no_faq_answer(assistant):
    faq_answers = {domain_text(f"utter_faq/{k}") for k in clarify.TOPICS}
    for message in ["is the flu jab safe for over 65s", "which painkiller is best for toothache",
                    "how long does an mri take", "is it ok to eat eggs every day"]:
        texts = assistant.texts(new_sender(), message)
        assert not faq_answers & set(texts), message


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


def test_history_and_everyday_words_keep_their_answer(assistant):
    # a past event or someone else's history gets its answer, then one line in
    # case it is happening now; everyday words get their answer alone
    for message, line in [
        ("i fainted once at the dentist, will i faint with needles", True),
        ("my dad had a heart attack, does that matter", True),
        ("i cant attend my appointment tomorrow", False),
        ("can i send my details by email instead", False),
        ("i want to spend my health insurance on this", False),
    ]:
        texts = assistant.texts(new_sender(), message)
        assert not any("If this is an emergency" in t for t in texts), message
        assert texts and texts[0] != IF_HAPPENING_NOW, message
        assert (texts[-1] == IF_HAPPENING_NOW) == line, (message, texts)


def test_pain_that_is_killing_someone_is_not_a_diagnosis_request(assistant):
    texts = assistant.texts(new_sender(), "my back pain is killing me")
    assert domain_text("utter_no_diagnosis") not in texts
    assert not any("call 999" in t for t in texts)
