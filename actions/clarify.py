"""When the model is unsure: "Did you mean ...?" with the likeliest topics."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from msrehab import clarify

DID_YOU_MEAN = "I'm not sure I understood. Did you mean one of these?"
SOMETHING_ELSE = {"title": "Something else", "payload": "/something_else"}


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[Dict[str, Any]]:
        keys = clarify.options(tracker.latest_message or {})
        if not keys:
            # no topic is likely enough to offer: say so honestly
            dispatcher.utter_message(response="utter_default")
            return []
        buttons = [{"title": clarify.TOPICS[k][0], "payload": clarify.TOPICS[k][1]}
                   for k in keys]
        dispatcher.utter_message(text=DID_YOU_MEAN, buttons=buttons + [SOMETHING_ELSE])
        return []
