"""Emergencies come first, whatever else the message says.

A classifier may file "does it hurt? also I have chest pain" under a FAQ.
Messages that match one of the configured patterns are always classified as
the `emergency` intent, so the 999 / NHS 111 message is given first.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class EmergencyOverride(GraphComponent):
    """Forces the emergency intent on messages matching a safety pattern."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"intent": "emergency", "patterns": []}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.intent = config["intent"]
        self.patterns = [re.compile(p, re.IGNORECASE) for p in config["patterns"]]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyOverride:
        return cls(config)

    def is_emergency(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.is_emergency(message.get("text") or ""):
                intent = {"name": self.intent, "confidence": 1.0}
                ranking = message.data.get("intent_ranking") or []
                message.data["intent"] = intent
                message.data["intent_ranking"] = [intent] + [
                    r for r in ranking if r.get("name") != self.intent
                ]
        return messages
