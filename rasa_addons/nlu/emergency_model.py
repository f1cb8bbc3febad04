"""How likely a message describes an emergency happening now: a logistic
regression with two labels, emergency or not, over the message's content words
and their characters (TF-IDF), function words left out.

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

Function words ("and", "he", "my", "the") are left out before counting, and a
message with fewer than `min_content_words` content words gets 0: emergencies
are long run-on messages, so over all words the model had learnt "and", "he"
and "she" as signs of one, and gave "and", "and my back" or "he and she" 0.9 to
1.0 (docs/emergencies.md). Its own vectorizers, not the pipeline's counts,
which hold every word.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack

from rasa_addons.nlu import counts

logger = logging.getLogger(__name__)

# the mark on training examples only this model learns (evaluation/dev_training.py)
MODEL_ONLY = "emergency_model_only"
PROBABILITY = "emergency_probability"
# words that say nothing of what is happening: left out before counting
FUNCTION_WORDS = frozenset("""
a an the and or but so then than that this these those it its it's is are was were be been
i me my we our you your he him his she her they them their i'm im i've ive he's hes she's shes
of to in on at for with from by as about also too just if do does did have has had
other another one some any what which who there here oh ok okay yes again else more
""".split())
TOKEN = re.compile(r"[\w']+")


def content_words(text: str) -> str:
    return " ".join(w for w in TOKEN.findall((text or "").lower()) if w not in FUNCTION_WORDS)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class EmergencyModel(IntentClassifier, GraphComponent):
    """Writes `emergency_probability` for every message; changes nothing else."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return []

    @staticmethod
    def required_packages() -> List[str]:
        return ["sklearn", "skops"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"intent": "emergency", "C": 4.0, "max_iter": 3000, "random_state": 42,
                "min_content_words": 2}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.regression = None
        self.vectorizers: List[Any] = []

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> EmergencyModel:
        return cls(config, model_storage, resource)

    def _matrix(self, texts: List[str]):
        return hstack([v.transform(texts) for v in self.vectorizers]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        examples = [(words, m.get(INTENT)) for m in training_data.intent_examples
                    if (words := content_words(m.get(TEXT)))]
        labels = np.array([intent == self.config["intent"] for _, intent in examples])
        if len(set(labels)) < 2:
            return self._resource
        texts = [words for words, _ in examples]
        # words and pairs of words; characters within words, for misspellings
        self.vectorizers = [TfidfVectorizer(ngram_range=(1, 2)).fit(texts),
                            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(texts)]
        # a few hundred emergencies against thousands of other examples
        self.regression = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"],
            random_state=self.config["random_state"], class_weight="balanced",
        ).fit(self._matrix(texts), labels)
        with self._model_storage.write_to(self._resource) as directory:
            counts.dump({"regression": self.regression, "vectorizers": self.vectorizers},
                        directory / "model.skops")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            probability = 0.0
            words = content_words(message.get(TEXT))
            if self.regression is not None and \
                    len(words.split()) >= self.config["min_content_words"]:
                probability = float(self.regression.predict_proba(self._matrix([words]))[0, 1])
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
                component.vectorizers = saved["vectorizers"]
        except ValueError:
            logger.warning("No trained EmergencyModel in the model.")
        return component
