"""Treat an unsure FAQ answer choice as "not understood".

FallbackClassifier only looks at the intent's confidence. A confident `faq`
intent whose ResponseSelector choice is unsure would still get an answer,
possibly the wrong one; this component turns such a turn into `nlu_fallback`.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.config_component import ConfigComponent

NLU_FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class FaqConfidenceGate(ConfigComponent):
    """Replaces the intent by `nlu_fallback` when the answer choice is unsure."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.5}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.retrieval_intent = config["retrieval_intent"]
        self.threshold = float(config["threshold"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._answer_choice_is_unsure(message):
                intent = {"name": NLU_FALLBACK, "confidence": self.threshold}
                message.data["intent"] = intent
                ranking = message.data.get("intent_ranking") or []
                message.data["intent_ranking"] = [intent] + [
                    r for r in ranking if r.get("name") != NLU_FALLBACK
                ]
        return messages

    def _answer_choice_is_unsure(self, message: Message) -> bool:
        intent = message.get("intent") or {}
        if intent.get("name") != self.retrieval_intent:
            return False
        selector = (message.get("response_selector") or {}).get(
            self.retrieval_intent
        ) or {}
        confidence = (selector.get("response") or {}).get("confidence")
        return confidence is None or confidence < self.threshold
