"""One logistic regression over every intent and every FAQ answer at once.

DIET (intents) followed by the ResponseSelector (which FAQ answer) learned the
training data's own wording too well: on questions that real patients asked
(tests/nlu_collected.yml, dev part) they gave the right answer to 88 % where a
single scikit-learn logistic regression over all the labels, on TF-IDF-weighted
word and character counts plus a pretrained sentence embedding, gave 94 %
(docs/nlu-collected.md). This component is that regression, inside Rasa's graph.

It writes what DIET and the ResponseSelector write, so everything downstream
(FallbackClassifier, FaqConfidenceGate, `utter_faq`, "Did you mean ...?") is
unchanged:
- the intent is the most likely intent, its confidence the sum over its labels
  (all FAQ answers together make the `faq` intent);
- `response_selector.faq` holds the most likely answer, with its own
  probability as confidence, and the ranking of answers.
The model is saved with skops, as Rasa's own LogisticRegressionClassifier is.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

SELECTOR = "response_selector"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class FlatLogisticRegressionClassifier(IntentClassifier, GraphComponent):
    """Intent and FAQ answer from one logistic regression over all labels."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "skops"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            # inverse regularisation strength, chosen on the collected dev part
            "C": 4.0,
            "max_iter": 3000,
            "random_state": 42,
            "ranking_length": 10,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = None
        self.weighting = None
        self.labels: List[str] = []
        self.responses: Dict[str, List[Dict]] = {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> FlatLogisticRegressionClassifier:
        return cls(config, model_storage, resource)

    # --- features --------------------------------------------------------
    @staticmethod
    def _sparse(message: Message) -> Optional[csr_matrix]:
        sentence = message.get_sparse_features(TEXT)[1]
        return csr_matrix(sentence.features) if sentence is not None else None

    @staticmethod
    def _dense(message: Message) -> Optional[np.ndarray]:
        sentence = message.get_dense_features(TEXT)[1]
        return sentence.features if sentence is not None else None

    def _matrix(self, messages: List[Message]):
        """Counts weighted by TF-IDF (sublinear, L2-normed, as a search
        engine would), side by side with the dense sentence embedding."""
        sparse = vstack([self._sparse(m) for m in messages]).tocsr()
        parts = [self.weighting.transform(sparse)]
        dense = [self._dense(m) for m in messages]
        if all(d is not None for d in dense):
            parts.append(csr_matrix(np.vstack(dense)))
        return hstack(parts).tocsr()

    # --- training --------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfTransformer
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples
                    if m.get(TEXT) and self._sparse(m) is not None]
        if not examples:
            return self._resource
        labels = [m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in examples]
        self.weighting = TfidfTransformer(sublinear_tf=True)
        self.weighting.fit(vstack([self._sparse(m) for m in examples]))
        self.classifier = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"],
            random_state=self.config["random_state"])
        self.classifier.fit(self._matrix(examples), labels)
        self.labels = [str(label) for label in self.classifier.classes_]
        self.responses = training_data.responses
        self.persist()
        return self._resource

    # --- prediction ------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.classifier is None or not message.get(TEXT) or self._sparse(message) is None:
                message.set(INTENT, {"name": None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
                continue
            probabilities = self.classifier.predict_proba(self._matrix([message]))[0]
            self._set_prediction(message, probabilities)
        return messages

    def _intent_of(self, label: str) -> str:
        return label.split("/", 1)[0]

    def _set_prediction(self, message: Message, probabilities: np.ndarray) -> None:
        retrieval = self.config["retrieval_intent"]
        per_intent: Dict[str, float] = defaultdict(float)
        for label, p in zip(self.labels, probabilities):
            per_intent[self._intent_of(label)] += float(p)
        ranking = sorted(per_intent.items(), key=lambda kv: -kv[1])
        ranking = ranking[: self.config["ranking_length"]]
        intents = [{"name": name, PREDICTED_CONFIDENCE_KEY: p} for name, p in ranking]
        message.set(INTENT, intents[0], add_to_output=True)
        message.set("intent_ranking", intents, add_to_output=True)

        answers = sorted(((label, float(p)) for label, p in zip(self.labels, probabilities)
                          if self._intent_of(label) == retrieval), key=lambda kv: -kv[1])
        if not answers:
            return
        answers = answers[: self.config["ranking_length"]]
        top, confidence = answers[0]
        utter_action = f"utter_{top}"
        prediction = {
            "response": {
                "responses": self.responses.get(utter_action, []),
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: top,
                "utter_action": utter_action,
            },
            "ranking": [{"id": index, PREDICTED_CONFIDENCE_KEY: p, INTENT_RESPONSE_KEY: label}
                        for index, (label, p) in enumerate(answers)],
        }
        selector = message.get(SELECTOR) or {}
        selector["all_retrieval_intents"] = [retrieval]
        selector[retrieval] = prediction
        message.set(SELECTOR, selector, add_to_output=True)

    # --- storage ---------------------------------------------------------
    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self.classifier, directory / "classifier.skops")
            sio.dump(self.weighting, directory / "weighting.skops")
            (directory / "labels.json").write_text(
                json.dumps({"labels": self.labels, "responses": self.responses}),
                encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any
             ) -> FlatLogisticRegressionClassifier:
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                for name in ("classifier", "weighting"):
                    path = directory / f"{name}.skops"
                    untrusted = sio.get_untrusted_types(file=path)
                    # only scikit-learn's, NumPy's and SciPy's sparse types are expected here
                    trusted = [t for t in untrusted if t.startswith(("sklearn.", "numpy.", "scipy.sparse."))]
                    setattr(component, name, sio.load(path, trusted=trusted))
                saved = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
                component.labels = saved["labels"]
                component.responses = saved["responses"]
        except ValueError:
            logger.warning("No trained FlatLogisticRegressionClassifier in the model.")
        return component
