"""NLU quality on questions that real people asked (evaluation/sets/nlu_collected.yml).

The file's test part is never used for any choice: these floors only stop a
change from making the assistant worse on it. The issue's targets, and where
the model stands against them, are in docs/understanding.md.
"""

import difflib
import re

import pytest
import yaml
from test_nlu_heldout import FAQ_KEYS, NEW_FAQ_KEYS

from evaluation import collected_eval, dev_training, label_agreement, nlu_eval
from evaluation.collected_eval import normalise, part_of
from msrehab import clarify

ROWS = collected_eval.load_collected()
TEST_PART = [r for r in ROWS if r["part"] == "test"]
# Floors on the test part, a few points below its measurement (docs/understanding.md):
# a regression fails, a question or two does not; emergencies have no slack.
# Measured 2026-12-06 at e818c07 with no near copy of a test question in training:
# 85.9 / 90.8 (5.9 wrong) / 98.8 / 100 / 87.0 / 72.5 %. The targets (95 / 98 (2) /
# 95 / 100 / 95 / 90 %) are not all met: see docs/understanding.md. Two questions
# were 31/40 until the everyday and history messages trained as what they are
# (abc5874, which halved the false emergencies: docs/emergencies.md), 29/40 since.
FLOORS = {"in_scope": 0.83, "in_scope_reached": 0.87, "off_topic": 0.95,
          "emergency": 1.0, "handoff": 0.8, "two_questions": 0.72}
# and at most this share of in-scope questions answered wrongly, directly
WRONG_CEILING = 0.08


def test_every_row_has_a_source_a_label_and_a_part():
    labels = {f"faq/{k}" for k in FAQ_KEYS + NEW_FAQ_KEYS} | collected_eval.HANDOFF | {
        "emergency", "out_of_scope"}
    for row in ROWS:
        assert re.match(r"https?://\S+$", row["source"]), row
        assert row["expect"] in labels, row
        assert row["kind"] in {"in_scope", "off_topic", "handoff", "emergency"}, row


def test_the_collection_is_large_enough():
    kinds = [r["kind"] for r in ROWS]
    assert len(ROWS) >= 400
    assert kinds.count("off_topic") >= 80
    assert kinds.count("handoff") >= 40
    assert kinds.count("emergency") >= 20
    assert len(TEST_PART) >= 200


def test_the_split_was_drawn_once_from_each_question():
    # the part follows from the text alone: nothing can move a question later
    assert [r["part"] for r in ROWS] == [part_of(r["text"]) for r in ROWS]


def test_no_test_question_or_near_copy_is_in_the_training_data():
    train = collected_eval.NearCopies(t for t in nlu_eval.training_texts() if t)
    leaked = [(row["text"], example) for row in TEST_PART
              if (example := train.of(row["text"])) is not None]
    assert leaked == []


def test_the_dev_part_trained_on_is_the_dev_part_as_collected():
    # data/nlu/collected_dev.yml is generated; a hand edit or a stale copy fails
    assert dev_training.DEV_TRAINING.read_text(encoding="utf-8") == dev_training.as_nlu_yaml(
        dev_training.training_rows(ROWS))


def test_a_dev_question_close_to_a_test_question_is_not_trained_on():
    rows = [{"text": "How long does a session last?", "part": "test"},
            {"text": "how long does a session last", "part": "dev"},
            {"text": "Does it hurt?", "part": "dev"}]
    assert [r["text"] for r in dev_training.training_rows(rows)] == ["Does it hurt?"]


def test_cross_validation_folds_leave_out_their_own_pages():
    dev = [r for r in ROWS if r["part"] == "dev"]
    folds = {dev_training.fold_of(r["source"]) for r in dev}
    assert folds == set(range(dev_training.FOLDS))
    for fold in folds:
        left_out = {collected_eval.page_of(r["source"]) for r in dev
                    if dev_training.fold_of(r["source"]) == fold}
        trained = dev_training.training_rows(ROWS, leave_out_fold=fold)
        assert trained and not any(collected_eval.page_of(r["source"]) in left_out
                                   for r in trained)


def test_the_collected_training_questions_are_read_with_their_kinds():
    rows = dev_training.collected_training_rows()
    assert len(rows) > 600 and all(r["source"].startswith("http") for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"in_scope", "off_topic", "handoff", "emergency"}
    assert all(r["kind"] == "in_scope" for r in rows if r["expect"].startswith("faq/"))


def test_the_near_copy_check_finds_one():
    question = normalise("How Long Does A Dry Needling Session Last?")
    example = normalise("how long does a dry needling session last")
    assert difflib.SequenceMatcher(None, example, question).ratio() >= collected_eval.NEAR_COPY
    assert collected_eval.near_copy("How Long Does A Dry Needling Session Last?",
                                    [example]) == example


def test_the_near_copy_index_finds_what_the_plain_check_finds():
    others = [normalise(t) for t in (
        "how long does a dry needling session last", "does dry needling hurt",
        "can i have dry needling if im pregnant", "how long is a session",
        "what is dry needling exactly and how does it work for back pain")]
    index = collected_eval.NearCopies(others)
    for question in ("How long does a dry needling session last?", "does dry needling hurt?",
                     "does dry neeedling hurt", "can i have dry needling if i'm pregnant",
                     "how long is a session of dry needling", "what is it",
                     "what is dry needling exactly and how does it work for neck pain"):
        assert (index.of(question) is None) == \
            (collected_eval.near_copy(question, others) is None), question
    assert index.of("does dry neeedling hurt") == normalise("does dry needling hurt")
    assert index.of("what is it") is None
    with pytest.raises(ValueError):
        collected_eval.NearCopies(["Does it hurt?"])


def test_figures_on_the_collected_test_part_do_not_fall(parse):
    predict, offered = collected_eval.model_predictors(parse, nlu_eval.label_of)
    report = collected_eval.evaluate_collected(TEST_PART, predict, offered)
    print(collected_eval.format_collected(report, "Collected questions, test part"))
    pairs = collected_eval.evaluate_two_questions(
        collected_eval.two_question_messages(TEST_PART), predict)
    figures = {"in_scope": report.in_scope.rate, "in_scope_reached": report.in_scope_reached.rate,
               "off_topic": report.off_topic.rate, "emergency": report.emergency.rate,
               "handoff": report.handoff.rate, "two_questions": pairs.rate}
    low = {k: round(v, 3) for k, v in figures.items() if v < FLOORS[k]}
    assert low == {}
    assert report.in_scope_wrong.rate <= WRONG_CEILING


def test_every_offered_topic_question_gets_its_own_answer(parse):
    # the "Did you mean" buttons send these typed questions
    wrong = {key: nlu_eval.label_of(parse(question))
             for key, (_, question) in clarify.TOPICS.items()
             if nlu_eval.label_of(parse(question)) != f"faq/{key}"}
    assert wrong == {}


def test_the_scorer_counts_clicks_and_wrong_answers():
    rows = [{"text": "a", "expect": "faq/cost", "kind": "in_scope"},
            {"text": "b", "expect": "faq/safety", "kind": "in_scope"},
            {"text": "c", "expect": "faq/iastm", "kind": "in_scope"}]
    direct = {"a": "faq/cost", "b": "nlu_fallback", "c": "faq/cost"}
    report = collected_eval.evaluate_collected(rows, direct.get, lambda text: ["safety"])
    assert (report.in_scope.right, report.in_scope_reached.right,
            report.in_scope_wrong.right) == (1, 2, 1)


def test_test_questions_are_told_apart_by_whether_their_page_was_trained_on():
    dev = [{"source": "https://www.clinic.example/faq/"}]
    test = [{"source": "http://clinic.example/faq?page=2", "text": "a"},
            {"source": "https://clinic.example/blog", "text": "b"}]
    seen, unseen = collected_eval.split_by_page_trained_on(test, dev)
    assert ([r["text"] for r in seen], [r["text"] for r in unseen]) == (["a"], ["b"])


def test_folds_reports_add_up():
    rows = [{"text": "a", "expect": "faq/cost", "kind": "in_scope"},
            {"text": "b", "expect": "emergency", "kind": "emergency"}]
    fold = collected_eval.evaluate_collected(rows, {"a": "faq/cost", "b": "faq/cost"}.get)
    total = collected_eval.CollectedReport()
    collected_eval.merge_into(total, fold)
    collected_eval.merge_into(total, fold)
    assert (str(total.in_scope), str(total.emergency)) == ("2/2 = 100.0%", "0/2 = 0.0%")
    assert (total.per_key["faq/cost"].total, len(total.mistakes)) == (2, 2)


def test_the_second_labels_cover_the_dev_part_and_no_test_question():
    labelled = [r["text"] for r in label_agreement.load_second_labels()]
    assert sorted(labelled) == sorted(r["text"] for r in collected_eval.load_collected("dev"))


def test_label_agreement_counts_a_second_acceptable_answer():
    ours = {"a": "faq/cost", "b": "faq/safety", "c": "faq/iastm"}
    theirs = [{"text": "a", "best": "faq/cost", "also": "-"},
              {"text": "b", "best": "faq/side_effects", "also": "faq/safety"},
              {"text": "c", "best": "none", "also": "-"}]
    result = label_agreement.agreement(ours, theirs)
    assert (str(result["same"]), str(result["either"])) == ("1/3 = 33.3%", "2/3 = 66.7%")
    assert [d["text"] for d in result["disagreements"]] == ["b", "c"]
    assert [label_agreement.our_choice(r) for r in (
        {"kind": "in_scope", "expect": "faq/cost"}, {"kind": "off_topic", "expect": "out_of_scope"},
        {"kind": "handoff", "expect": "book_appointment"})] == ["faq/cost", "none", "handoff"]


def test_the_emergency_sets_second_readings_are_readings_and_counted_per_part():
    for path, _ in label_agreement.EMERGENCY_SETS.values():
        readings = {r.get("second") for r in yaml.safe_load(path.read_text(encoding="utf-8"))}
        assert readings <= {"now", "not", "unclear", None}, path
    counted = label_agreement.emergency_agreement([
        {"part": "dev", "second": "now"}, {"part": "dev", "second": "unclear"},
        {"part": "test", "second": "now"}, {"part": "test"}])
    assert {part: dict(c) for part, c in counted.items()} == {
        "dev": {"now": 1, "unclear": 1}, "test": {"now": 1}}
