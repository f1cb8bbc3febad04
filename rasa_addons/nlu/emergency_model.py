"""How likely a message describes an emergency happening now: a logistic
regression with two labels, emergency or not, over the pipeline's word and
character counts (TF-IDF).

The main classifier (flat_classifier.py) weighs `emergency` against some sixty
other labels and does not learn the emergencies of batches 4-7 of
evaluation/sets/emergencies_now.yml, nor those written for training in
data/nlu/written_emergencies.yml: learnt there, they made it file ordinary
messages under `emergency`. This model learns every emergency example, those
marked `emergency_model_only` included, against every other example, each
class weighed as much as the other. Emergencies that no rule names and the main
classifier files under a request ("whats ur cancellation policy, i need to
cancel today as my mum took a load of her tablets this morning and now shes
really drowsy") it scores high. EmergencyOverride reads its probability
(`emergency_probability` in the parse data) and forces the emergency reply at
or above a threshold, where no rule says the message names an emergency only as
history, someone else's, a risk asked about or absent. It never takes the
emergency reply away. Counts only: well under a millisecond a message; the
sentence embedding did no better (docs/emergencies.md).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack

from rasa_addons.nlu import counts

logger = logging.getLogger(__name__)

# the mark on training examples only this model learns (evaluation/dev_training.py)
MODEL_ONLY = "emergency_model_only"
PROBABILITY = "emergency_probability"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class EmergencyModel(IntentClassifier, GraphComponent):
    """Writes `emergency_probability` for every message; changes nothing else."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> List[str]:
        return ["sklearn", "skops"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"intent": "emergency", "C": 4.0, "max_iter": 3000, "random_state": 42}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.regression = None
        self.weighting: Dict[str, Any] = {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> EmergencyModel:
        return cls(config, model_storage, resource)

    def _matrix(self, messages: List[Message]):
        return hstack(counts.weighted_counts(messages, self.weighting)).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples
                    if m.get(TEXT) and counts.sparse_blocks(m)]
        labels = np.array([m.get(INTENT) == self.config["intent"] for m in examples])
        if len(set(labels)) < 2:
            return self._resource
        self.weighting = counts.fit_weighting(examples)
        # a few hundred emergencies against thousands of other examples
        self.regression = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"],
            random_state=self.config["random_state"], class_weight="balanced",
        ).fit(self._matrix(examples), labels)
        with self._model_storage.write_to(self._resource) as directory:
            counts.dump({"regression": self.regression, "weighting": self.weighting},
                        directory / "model.skops")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            probability = 0.0
            if self.regression is not None and message.get(TEXT) and counts.sparse_blocks(message):
                probability = float(self.regression.predict_proba(self._matrix([message]))[0, 1])
            message.set(PROBABILITY, probability, add_to_output=True)
        return messages

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> EmergencyModel:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                saved = counts.load(directory / "model.skops")
                component.regression = saved["regression"]
                component.weighting = saved["weighting"]
        except ValueError:
            logger.warning("No trained EmergencyModel in the model.")
        return component
