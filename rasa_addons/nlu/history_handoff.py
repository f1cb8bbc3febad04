"""A question the model could not place that names someone's medical history
goes to the clinician.

"Can you get a massage with high blood pressure?", "Are massage guns safe while
taking warfarin?": the model, trained on dry needling, files them as off topic
or not understood, and the patient would read "Sorry, I didn't understand".
Whether a treatment suits someone with that history is the clinician's call, so
such a turn becomes `medical_advice`, whose reply says a clinician can assess
them and gives the clinic's phone and e-mail. Runs last, after the fallback and
the answer gate; a turn the model did place keeps its answer, and an emergency
happening now keeps the emergency reply (it is never a fallback). What counts
as history: history_terms.py. The change is written to the parse data as
`history_handoff` (the groups named).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.config_component import ConfigComponent
from rasa_addons.nlu.history_terms import named


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class HistoryHandoff(ConfigComponent):
    """Turns an unplaced turn that names a medical history into `medical_advice`."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"unplaced": ["nlu_fallback", "out_of_scope"], "intent": "medical_advice"}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.unplaced = set(config["unplaced"])
        self.intent = config["intent"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            chosen = message.get("intent") or {}
            if chosen.get("name") not in self.unplaced:
                continue
            groups = named(message.get("text") or "")
            if groups:
                message.set("intent", {"name": self.intent,
                                       "confidence": chosen.get("confidence", 0.0)},
                            add_to_output=True)
                message.set("history_handoff", groups, add_to_output=True)
        return messages
