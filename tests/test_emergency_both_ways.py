"""The emergency reply measured both ways on the trained model
(evaluation/emergency_eval.py): every emergency the repository holds caught, no
other message given it, and questions about one's medical history answered.

The test parts of the two emergency collections are never used for a choice;
the floors below only stop a change from making the assistant worse on them.
"""

import functools
import re

import pytest

from evaluation import collected_eval, dev_training, emergency_eval, nlu_eval
from evaluation.collected_eval import part_of

SETS = {"medical history": emergency_eval.MEDICAL_HISTORY,
        "everyday risky words": emergency_eval.EVERYDAY}
RISKY_WORDS = ("attend", "send", "spend", "amend", "end", "dead", "dying", "killing",
               "collapse", "ambulance", "bleed", "faint", "breathless", "chest", "seizure",
               "overdose")
TOPICS = ("stroke", "tia", "heart", "pacemaker", "epilepsy", "fainting", "bleeding", "lung",
          "allergy", "cancer", "mental_health")
# Measured on 2026-12-06 at 9fd1da7, with batches 9 to 11 (docs/emergencies.md).
# The first two targets (every emergency caught, no false emergency) are not met on
# the collections written blind: these only stop a change from making it worse.
# Everywhere else: none. The emergencies' dev part misses 10 of batches 8-11, the
# yardstick no classifier trains on, and 2 of those trained on.
FALSE_EMERGENCY_CEILINGS = {"collected, test part": 1, "medical history, test part": 2,
                            "everyday risky words, test part": 45,
                            "everyday risky words, dev part": 4}
MISSED_CEILINGS = {"emergencies now, test part": 73, "emergencies now, dev part": 12,
                   # the emergencies written for the emergency model alone
                   # (data/nlu/written_emergencies.yml): the main classifier does not
                   # learn them, and the model's doubt leaves a few to the line
                   "training data (data/)": 27}
# Emergencies given neither the emergency reply nor the answer and the line after it
# (measured as above); every other collection: none.
NEITHER_CEILINGS = {"emergencies now, test part": 17, "emergencies now, dev part": 4}
# the 90 %, met: 95.9 % at 1bb5850
HISTORY_ANSWERED_FLOOR = 0.95


@pytest.mark.parametrize("name", SETS)
def test_each_set_is_large_enough_and_split_once(name):
    rows = emergency_eval.load_rows(SETS[name])
    assert len(rows) >= 150
    assert [r["part"] for r in rows] == [part_of(r["text"]) for r in rows]
    assert {r["part"] for r in rows} == {"dev", "test"}


def test_emergencies_now_are_split_once_and_cover_the_needling_risks():
    rows = emergency_eval.load_rows(emergency_eval.EMERGENCIES_NOW)
    assert len(rows) >= 100
    assert [r["part"] for r in rows] == [part_of(r["text"]) for r in rows]
    assert {"pneumothorax", "cardiac", "stroke", "mental_health", "anaphylaxis",
            "bleeding"} <= {r["topic"] for r in rows}


def test_medical_history_questions_are_real_with_their_page_and_cover_the_topics():
    rows = emergency_eval.load_rows(emergency_eval.MEDICAL_HISTORY)
    assert all(re.match(r"https?://\S+$", r["source"]) for r in rows)
    assert len({collected_eval.page_of(r["source"]) for r in rows}) >= 40
    assert set(TOPICS) <= {r["topic"] for r in rows}


def test_everyday_messages_hold_every_risky_word():
    texts = " ".join(r["text"].lower() for r in emergency_eval.load_rows(emergency_eval.EVERYDAY))
    assert [w for w in RISKY_WORDS if w not in texts] == []


def test_no_test_question_of_any_set_is_in_the_training_data():
    train = collected_eval.NearCopies(t for t in nlu_eval.training_texts() if t)
    leaked = [row["text"] for path in [*SETS.values(), emergency_eval.EMERGENCIES_NOW]
              for row in emergency_eval.load_rows(path, "test")
              if train.of(row["text"]) is not None]
    assert leaked == []


def test_the_threshold_sweep_reads_dev_parts_only_and_its_unlearnt_rows_are_not_trained_on():
    from evaluation import emergency_sweep

    sets = emergency_sweep.dev_texts()
    test_texts = {r["text"] for path in (emergency_eval.EMERGENCIES_NOW, emergency_eval.EVERYDAY,
                                         emergency_eval.MEDICAL_HISTORY)
                  for r in emergency_eval.load_rows(path, "test")}
    test_texts |= {r["text"] for r in collected_eval.load_collected("test")}
    assert all(texts for texts in sets.values())
    assert not {t for texts in sets.values() for t in texts} & test_texts
    emergencies, others = emergency_eval.training_messages()
    trained = set(emergencies) | set(others)
    assert not set(sets["emergencies unlearnt"]) & trained
    assert not set(sets["everyday unlearnt"]) & trained
    assert emergency_sweep.parse_setting("0.9,0.95,0.5") == (0.9, 0.95, 0.5)


def test_the_emergencies_trained_on_are_the_dev_part_as_written():
    # data/nlu/emergencies_dev.yml is generated; a hand edit or a stale copy fails
    rows = emergency_eval.load_rows(emergency_eval.EMERGENCIES_NOW)
    assert dev_training.EMERGENCIES_DEV_TRAINING.read_text(encoding="utf-8") == \
        dev_training.as_nlu_yaml(dev_training.emergency_training_rows(rows),
                                 dev_training.EMERGENCIES_HEADER)


@pytest.mark.parametrize("source,target", dev_training.labelled_files(),
                         ids=lambda p: p.name)
def test_the_labelled_dev_messages_trained_on_are_as_written(source, target):
    # data/nlu/everyday_dev.yml and history_dev.yml are generated from the sets'
    # `intent` fields; a hand edit, a stale copy or a test-part row fails
    assert target.read_text(encoding="utf-8") == dev_training.labelled_yaml(source)
    rows = emergency_eval.load_rows(source)
    assert [r for r in rows if r.get("intent") and r["part"] == "test"] == []


def test_the_labels_are_the_assistants_replies():
    import yaml

    domain = yaml.safe_load((nlu_eval.PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    answers = {"faq/" + key.split("/", 1)[1] for key in domain["responses"]
               if key.startswith("utter_faq/")}
    labels = {r["intent"] for path in SETS.values() for r in emergency_eval.load_rows(path)
              if r.get("intent")}
    assert labels and labels <= answers | set(domain["intents"]) - {"faq", "emergency"}


@pytest.fixture(scope="module")
def predict(parse):
    # the history test part is judged by two tests; each text is parsed once
    return functools.lru_cache(maxsize=None)(lambda text: nlu_eval.label_of(parse(text)))


@pytest.fixture(scope="module")
def line(parse):
    return lambda text: emergency_eval.gets_the_line(parse(text), text)


@pytest.fixture(scope="module")
def collections():
    return emergency_eval.collections()


@pytest.mark.parametrize("name", emergency_eval.COLLECTION_NAMES)
def test_every_emergency_caught_and_no_false_emergency(predict, line, collections, name):
    emergencies, others = collections[name]
    figures = emergency_eval.measure(emergencies, others, predict, line)
    # a part with a ceiling shows no text: a test part's must stay unread
    if name in MISSED_CEILINGS:
        assert len(figures.missed) <= MISSED_CEILINGS[name]
    else:
        assert figures.missed == []
    neither = figures.caught_or_line.total - figures.caught_or_line.right
    assert neither <= NEITHER_CEILINGS.get(name, 0)
    if name in FALSE_EMERGENCY_CEILINGS:
        assert figures.false.right <= FALSE_EMERGENCY_CEILINGS[name]
    else:
        assert figures.false_texts == []


def test_medical_history_questions_are_answered(predict):
    rows = emergency_eval.load_rows(emergency_eval.MEDICAL_HISTORY, "test")
    share, _ = emergency_eval.history_answered(rows, predict)
    assert share.rate >= HISTORY_ANSWERED_FLOOR


def test_the_measure_counts_both_ways():
    labels = {"chest pain now": "emergency", "i had a stroke": "faq/contraindications",
              "attend my appointment": "emergency"}
    figures = emergency_eval.measure(["chest pain now"], ["i had a stroke",
                                                          "attend my appointment"],
                                     labels.get)
    assert (str(figures.caught), str(figures.false)) == ("1/1 = 100.0%", "1/2 = 50.0%")
    assert figures.false_texts == ["attend my appointment"]


def test_the_measure_counts_the_line_apart():
    labels = {"chest pain now": "emergency", "mum fell and cant get up": "book_appointment",
              "i had a stroke": "faq/contraindications", "attend my appointment": "faq/cost"}
    lines = {"mum fell and cant get up": True, "i had a stroke": True}
    figures = emergency_eval.measure(["chest pain now", "mum fell and cant get up"],
                                     ["i had a stroke", "attend my appointment"],
                                     labels.get, lambda text: lines.get(text, False))
    assert (str(figures.caught), str(figures.caught_or_line)) == ("1/2 = 50.0%", "2/2 = 100.0%")
    assert (str(figures.false), str(figures.lines)) == ("0/2 = 0.0%", "1/2 = 50.0%")


@pytest.mark.parametrize("text", ["and", "and the other one", "he and she", "and my back",
                                  "and now", "my mum and dad", "my husband and i"])
def test_a_few_ordinary_words_are_no_emergency_and_no_line(predict, line, text):
    # over all words, the emergency model had read "and", "he", "she" as signs of one
    assert predict(text) != "emergency"
    assert not line(text)
