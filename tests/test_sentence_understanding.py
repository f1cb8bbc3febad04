"""The sentence embedding (all-MiniLM-L6-v2 run with NumPy) and the flat
classifier's output, which must look like DIET's and the ResponseSelector's."""

import io
import json
import shutil
import tarfile

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.flat_classifier import FlatLogisticRegressionClassifier
from rasa_addons.nlu.minilm import MiniLMEncoder, model_dir, shared_encoder


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return shared_encoder()


def test_embeddings_are_unit_vectors_and_batching_changes_nothing(encoder):
    texts = ["does it hurt", "how long does a session of dry needling take?", "", "🙂"]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert together.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_paraphrases_are_closer_than_other_topics(encoder):
    hurt, painful, park, flu = encoder.encode(
        ["does dry needling hurt", "is the needling painful", "where can i park",
         "should i get the flu jab"])
    assert hurt @ painful > hurt @ park + 0.2
    assert hurt @ painful > hurt @ flu + 0.2


def test_weights_that_are_not_the_models_are_refused(tmp_path):
    for item in model_dir().iterdir():
        if item.is_file() and item.name != "model.safetensors":
            shutil.copy(item, tmp_path / item.name)
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ValueError, match="not all-MiniLM-L6-v2"):
        MiniLMEncoder(tmp_path)


def classifier_with(labels) -> FlatLogisticRegressionClassifier:
    component = FlatLogisticRegressionClassifier({}, None, None)
    component.labels = labels
    component.responses = {"utter_faq/cost": [{"text": "the fees"}]}
    return component


def test_faq_answers_add_up_to_the_faq_intent_and_fill_the_response_selector():
    component = classifier_with(["faq/cost", "faq/insurance", "greet", "out_of_scope"])
    message = Message(data={"text": "how much"})
    component._set_prediction(message, np.array([0.35, 0.25, 0.1, 0.3]))

    assert message.get("intent")["name"] == "faq"
    assert message.get("intent")["confidence"] == pytest.approx(0.6)
    assert [i["name"] for i in message.get("intent_ranking")] == ["faq", "out_of_scope", "greet"]
    answer = message.get("response_selector")["faq"]
    assert answer["response"]["intent_response_key"] == "faq/cost"
    assert answer["response"]["utter_action"] == "utter_faq/cost"
    assert answer["response"]["confidence"] == pytest.approx(0.35)
    assert answer["response"]["responses"] == [{"text": "the fees"}]
    assert [r["intent_response_key"] for r in answer["ranking"]] == ["faq/cost", "faq/insurance"]


def test_a_non_faq_intent_wins_when_it_outweighs_all_answers_together():
    component = classifier_with(["faq/cost", "faq/insurance", "book_appointment"])
    message = Message(data={"text": "book me in"})
    component._set_prediction(message, np.array([0.2, 0.2, 0.6]))
    assert message.get("intent")["name"] == "book_appointment"
    assert message.get("intent")["confidence"] == pytest.approx(0.6)


@pytest.fixture
def embedded_texts(monkeypatch, encoder):
    """The texts the classifier asks the sentence embedding for."""
    asked = []
    encode = encoder.encode

    def counting(texts, *args, **kwargs):
        asked.extend(texts)
        return encode(texts, *args, **kwargs)

    monkeypatch.setattr(encoder, "encode", counting)
    return asked


def answer_of(data) -> str:
    return data["response_selector"]["faq"]["response"]["intent_response_key"]


def test_a_sure_answer_does_not_pay_for_the_sentence_embedding(parse, embedded_texts):
    data = parse.__wrapped__("how much does it cost")  # not the cached parse
    assert answer_of(data) == "faq/cost"
    assert embedded_texts == []


def test_an_unsure_answer_asks_the_sentence_embedding(parse, embedded_texts):
    # worded unlike the parking answer's examples (no "park" or "parking")
    data = parse.__wrapped__("where can i leave my vehicle")
    assert embedded_texts == ["where can i leave my vehicle"]
    assert answer_of(data) == "faq/location"


def test_each_label_is_scored_by_its_nearest_training_example():
    component = classifier_with(["faq/cost", "faq/location"])
    # four training examples, sorted by label: two for cost, two for location
    component.example_embeddings = np.array(
        [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    component.label_starts = np.array([0, 2])
    nearest = component._nearest(np.array([[0.0, 1.0]], dtype=np.float32), leave_out_self=False)
    np.testing.assert_allclose(nearest, [[0.8, 1.0]])


def test_a_training_example_is_not_its_own_nearest_neighbour():
    component = classifier_with(["faq/cost", "faq/location"])
    component.example_embeddings = np.array(
        [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    component.label_starts = np.array([0, 2])
    nearest = component._nearest(component.example_embeddings, leave_out_self=True)
    # the first example's nearest cost example is the second (0.6), not itself (1.0)
    np.testing.assert_allclose(nearest[0], [0.6, 0.0])
    np.testing.assert_allclose(nearest[2], [0.8, -0.0], atol=1e-6)


def test_examples_real_people_wrote_weigh_as_configured():
    component = FlatLogisticRegressionClassifier({"real_example_weight": 2.0}, None, None)
    real = Message(data={"text": "can i swim after", "intent": "faq",
                         "metadata": {"example": {"source": "https://example.org/faq"}}})
    written = Message(data={"text": "can i swim after needling", "intent": "faq"})
    assert component._weight(real) == 2.0
    assert component._weight(written) == 1.0
    assert FlatLogisticRegressionClassifier({}, None, None)._weight(real) == 1.0


def test_the_trained_model_keeps_every_training_examples_embedding(model_path):
    saved = {}
    with tarfile.open(model_path) as archive:
        for member in archive.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if "FlatLogisticRegressionClassifier" in member.name and name in (
                    "example_embeddings.npy", "label_starts.npy", "labels.json"):
                saved[name] = archive.extractfile(member).read()
    embeddings = np.load(io.BytesIO(saved["example_embeddings.npy"]))
    starts = np.load(io.BytesIO(saved["label_starts.npy"]))
    labels = json.loads(saved["labels.json"])["labels"]
    assert embeddings.shape[0] > 2000 and embeddings.shape[1] == 384
    # one run of examples per label, in the labels' order
    assert len(starts) == len(labels) and starts[0] == 0
    assert list(starts) == sorted(set(starts)) and starts[-1] < embeddings.shape[0]
