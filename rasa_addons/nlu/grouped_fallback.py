"""Rasa's FallbackClassifier, with intents that hand off alike judged as one.

"I want to speak to a human" is a contact request and a callback request at
once: the classifier splits its confidence between `ask_contact_details`,
`start_callback` and `book_appointment`, none of them clears the threshold,
or the top two fall within the ambiguity margin, and the patient is told "I
didn't understand" although every reading of the message asks for a person.
Judging them together recovered 5 of the 21 hand-offs missed in
cross-validation over the real questions trained on (docs/understanding.md).

So the intents of a configured group count together: their summed confidence
is what the threshold and the ambiguity margin judge, against the likeliest
intent outside the group. When the group wins, the message gets its top
member's intent if that leads the next member by the ambiguity margin, and
otherwise the group's `when_unsure` intent (for the hand-offs, the contact
options, which list the phone, e-mail, online booking and a callback).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import (
    AMBIGUITY_THRESHOLD_KEY,
    FallbackClassifier,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class GroupedFallbackClassifier(FallbackClassifier):
    """FallbackClassifier that first merges each group of like intents."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # groups: [{"intents": [...], "when_unsure": "<one of them>"}]
        return {**FallbackClassifier.get_default_config(), "groups": []}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            for group in self.component_config.get("groups") or []:
                if self._merge(message, set(group["intents"]), group["when_unsure"]):
                    break
        return super().process(messages)

    def _merge(self, message: Message, members: set, when_unsure: str) -> bool:
        """Replaces the group's entries in the ranking by one, when together
        they come first; True if they did."""
        ranking = message.data.get(INTENT_RANKING_KEY) or []
        inside = [r for r in ranking if r.get(INTENT_NAME_KEY) in members]
        outside = [r for r in ranking if r.get(INTENT_NAME_KEY) not in members]
        if len(inside) < 2:
            return False
        total = sum(r.get(PREDICTED_CONFIDENCE_KEY, 0.0) for r in inside)
        best_outside = outside[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) if outside else 0.0
        if total < best_outside:
            return False
        lead = (inside[0].get(PREDICTED_CONFIDENCE_KEY, 0.0)
                - inside[1].get(PREDICTED_CONFIDENCE_KEY, 0.0))
        clear = lead >= self.component_config[AMBIGUITY_THRESHOLD_KEY]
        merged = {INTENT_NAME_KEY: inside[0][INTENT_NAME_KEY] if clear else when_unsure,
                  PREDICTED_CONFIDENCE_KEY: total}
        message.data[INTENT] = merged
        message.data[INTENT_RANKING_KEY] = [merged, *outside]
        return True
