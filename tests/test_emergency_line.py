"""The one line after an answer ("If this is happening to you or someone with
you now, call 999 ..."), added by the message guard for a message the
emergency model was unsure of: the guard and the override wired together as
the server runs them, a stand-in for the rest of the turn (no model)."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.channels.message_guard import IF_HAPPENING_NOW, guarded
from rasa_addons.nlu.emergency_model import PROBABILITY
from rasa_addons.nlu.emergency_override import EmergencyOverride

OVERRIDE = EmergencyOverride({"model_threshold": 0.9, "overrule_threshold": 0.95,
                              "line_threshold": 0.5})
REQUEST = "can i book in for next week, also my chest feels a bit odd"
CONTACT_OPTIONS = "You can call, e-mail, book online or ask for a callback."


def texts_for(text: str, probability: float) -> list:
    async def turn(message: UserMessage) -> None:
        # what the server does: parse (the override last that matters here), reply
        parsed = Message(data={"text": message.text,
                               "intent": {"name": "book_appointment", "confidence": 0.9},
                               "intent_ranking": [{"name": "book_appointment",
                                                   "confidence": 0.9}]})
        parsed.set(PROBABILITY, probability)
        (parsed,) = OVERRIDE.process([parsed])
        reply = ("If this is an emergency, call 999 now."
                 if parsed.get("intent")["name"] == "emergency" else CONTACT_OPTIONS)
        await message.output_channel.send_response(message.sender_id, {"text": reply})

    output = CollectingOutputChannel()
    asyncio.run(guarded(turn)(UserMessage(text, output, "line-test")))
    return [m["text"] for m in output.messages]


@pytest.mark.parametrize("probability,expected", [
    (0.6, [CONTACT_OPTIONS, IF_HAPPENING_NOW]),   # unsure: the answer, then the line
    (0.3, [CONTACT_OPTIONS]),                      # the model hears nothing: the answer alone
    (0.97, ["If this is an emergency, call 999 now."]),  # sure: the emergency reply, no line
])
def test_the_line_follows_the_answer_where_the_model_is_unsure(probability, expected):
    assert texts_for(REQUEST, probability) == expected


def test_one_turns_doubt_does_not_carry_into_the_next():
    assert texts_for(REQUEST, 0.6)[-1] == IF_HAPPENING_NOW
    assert texts_for("what are your opening hours", 0.1) == [CONTACT_OPTIONS]
