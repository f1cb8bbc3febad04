"""The emergency model (rasa_addons/nlu/emergency_model.py) trained for real on a
small training set (the main classifier through Rasa's own tokenizer and count
featurizer): it learns every emergency example, those marked for it alone
included, which the main classifier leaves out, and no function word."""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.nlu import counts
from rasa_addons.nlu.emergency_model import (
    MODEL_ONLY,
    PROBABILITY,
    EmergencyModel,
    content_words,
)
from rasa_addons.nlu.flat_classifier import FlatLogisticRegressionClassifier

EMERGENCIES = ["i cant breathe and my chest is crushing", "he has collapsed and is not breathing",
               "her lips are going blue and she is gasping"]
MODEL_ONLY_EMERGENCIES = ["cancel my booking, mum took all her tablets and wont wake up"]
OTHERS = {"book_appointment": ["can i book an appointment", "i want to book for friday",
                               "cancel my booking please", "move my appointment to monday"],
          "greet": ["hello", "hi there", "good morning", "hey"]}


def example(text: str, intent: str, model_only: bool = False) -> Message:
    metadata = {"example": {MODEL_ONLY: True}} if model_only else {}
    return Message(data={"text": text, "intent": intent, "metadata": metadata})


def trained(tmp_path, component_class, config):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    data = TrainingData(
        [example(t, "emergency") for t in EMERGENCIES]
        + [example(t, "emergency", model_only=True) for t in MODEL_ONLY_EMERGENCIES]
        + [example(t, intent) for intent, texts in OTHERS.items() for t in texts])
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb",
         "min_ngram": 2, "max_ngram": 4}, storage, Resource("counts"), context)
    featurizer.train(data)
    featurizer.process_training_data(data)
    component = component_class.create({**component_class.get_default_config(), **config},
                                       storage, Resource(component_class.__name__), context)
    component.train(data)

    def process(text: str) -> Message:
        (message,) = [Message(data={"text": text})]
        tokenizer.process([message])
        featurizer.process([message])
        component.process([message])
        return message
    return component, process


def test_the_emergency_model_scores_emergencies_above_other_messages(tmp_path):
    _, process = trained(tmp_path, EmergencyModel, {})
    emergency = process("my dad collapsed and is not breathing").get(PROBABILITY)
    booking = process("can i book for monday").get(PROBABILITY)
    assert 0.0 <= booking < 0.5 < emergency <= 1.0


def test_the_main_classifier_leaves_out_the_emergency_models_own_examples(tmp_path, monkeypatch):
    learnt = []  # the texts the main classifier fitted its weighting on
    fit = counts.fit_weighting
    monkeypatch.setattr(counts, "fit_weighting", lambda messages: learnt.append(
        {m.get("text") for m in messages}) or fit(messages))
    (tmp_path / "model").mkdir()
    (tmp_path / "flat").mkdir()
    model, _ = trained(tmp_path / "model", EmergencyModel, {})
    trained(tmp_path / "flat", FlatLogisticRegressionClassifier, {"embedding_below": 0.0})
    everything = set(EMERGENCIES + MODEL_ONLY_EMERGENCIES) | {
        t for texts in OTHERS.values() for t in texts}
    assert learnt == [everything - set(MODEL_ONLY_EMERGENCIES)]
    # the emergency model learnt the words only its own example holds
    assert {"tablets", "wont"} <= set(model.vectorizers[0].vocabulary_)


def test_function_words_say_nothing_to_the_emergency_model(tmp_path):
    model, process = trained(tmp_path, EmergencyModel, {})
    # "and", "he", "is" fill the emergencies above: left out, they weigh nothing
    assert not {"and", "he", "is"} & set(model.vectorizers[0].vocabulary_)
    for text in ("and", "and he", "he and she", "and my back"):  # under 2 content words
        assert process(text).get(PROBABILITY) == 0.0, text
    assert content_words("And he's NOT breathing") == "not breathing"
