"""The base of the pipeline's components that learn nothing: built from their
config alone (emergency_override, faq_confidence_gate, history_handoff)."""

from __future__ import annotations

from typing import Any, Dict

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class ConfigComponent(GraphComponent):
    """A component whose __init__ takes its config and nothing else."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ConfigComponent:
        return cls(config)
