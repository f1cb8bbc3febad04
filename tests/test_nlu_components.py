"""The custom NLU components: unsure answer choice, hand-off intents judged
together, and emergency override."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.emergency_model import PROBABILITY
from rasa_addons.nlu.emergency_override import EmergencyOverride
from rasa_addons.nlu.faq_confidence_gate import FaqConfidenceGate
from rasa_addons.nlu.grouped_fallback import GroupedFallbackClassifier


def faq_message(answer_confidence: float) -> Message:
    return Message(
        data={
            "text": "something",
            "intent": {"name": "faq", "confidence": 0.99},
            "intent_ranking": [{"name": "faq", "confidence": 0.99}],
            "response_selector": {
                "faq": {"response": {"confidence": answer_confidence,
                                     "intent_response_key": "faq/cost"}}
            },
        }
    )


def test_unsure_answer_choice_becomes_nlu_fallback():
    gate = FaqConfidenceGate({"retrieval_intent": "faq", "threshold": 0.5})
    (message,) = gate.process([faq_message(0.3)])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[1]["name"] == "faq"


def test_sure_answer_choice_is_kept():
    gate = FaqConfidenceGate({"retrieval_intent": "faq", "threshold": 0.5})
    (message,) = gate.process([faq_message(0.8)])
    assert message.get("intent")["name"] == "faq"


def test_other_intents_are_untouched():
    gate = FaqConfidenceGate({"retrieval_intent": "faq", "threshold": 0.5})
    message = Message(data={"text": "hi", "intent": {"name": "greet", "confidence": 0.9}})
    gate.process([message])
    assert message.get("intent")["name"] == "greet"


EMERGENCIES = [
    "i have chest pain",
    "my chest hurts",
    "tightness in my chest",
    "pressure on my chest and sweating",
    "I CAN'T BREATHE",
    "my mum is struggling to breathe",
    "does it hurt? my face is drooping on one side",
    "suddenly my left leg went weak",
    "i'm bleeding heavily from the needle site",
    "i want to kill myself",
    "thinking about self-harm",
    "he has collapsed",
    "should i call an ambulance",
    # the NHS's other reasons to call 999
    "my dad suddenly seems really confused and doesnt know where he is",
    "she is choking",
    "his lips are turning blue",
    "i'm coughing up blood",
    "my son is having a fit",
    "a rash that doesnt fade under a glass",
    "worst headache of my life",
    "i cant get my words out",
    "my throat is closing up",
    "pain in my jaw and down my left arm",
    "i feel like i'm going to pass out",
]
NOT_EMERGENCIES = [
    "does dry needling hurt",
    "can it help my neck pain",
    "is a little bleeding normal after needling",
    "i get numbness in my fingers sometimes, can it help",
    "how long does a session take",
    "what should i wear",
    "can you needle my chest muscles",
    "can dry needling help jaw pain",
    "i'm confused about the cost",
    "is it normal to get a rash after treatment",
    "does it help headaches",
    "i had a fit of coughing after the session, is that normal",
    "is it ok to feel a bit faint during needling",
]


def classified(text: str, ranking: list) -> Message:
    """A message as the classifier leaves it: [(intent, confidence), ...]."""
    intents = [{"name": n, "confidence": c} for n, c in ranking]
    return Message(data={"text": text, "intent": intents[0], "intent_ranking": intents,
                         "response_selector": {"faq": {"response": {
                             "confidence": 0.3, "intent_response_key": "faq/safety"},
                             "ranking": [{"confidence": 0.3,
                                          "intent_response_key": "faq/safety"}]}}})


def override() -> EmergencyOverride:
    return EmergencyOverride({"intent": "emergency", "classifier_floor": 0.6,
                              "model_threshold": 0.9})


def scored(text: str, ranking: list, probability: float) -> Message:
    """A message as the classifier and the emergency model leave it."""
    message = classified(text, ranking)
    message.set(PROBABILITY, probability)
    return message


def test_emergency_rules_catch_emergencies():
    for text in EMERGENCIES:
        (message,) = override().process([classified(text, [("faq", 0.9)])])
        assert message.get("intent")["name"] == "emergency", text


def test_emergency_rules_leave_ordinary_questions_alone():
    for text in NOT_EMERGENCIES:
        (message,) = override().process([classified(text, [("faq", 0.9)])])
        assert message.get("intent")["name"] == "faq", text


def test_emergency_override_replaces_the_intent():
    (message,) = override().process([classified("what to wear? chest pain now",
                                                [("faq", 1.0)])])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert message.get("emergency_check") == "present"


def test_a_history_question_loses_the_classifiers_emergency():
    # the classifier chose emergency; the rules read a past event: the other
    # intents and answers are scaled as if emergency had never been a label
    (message,) = override().process([classified(
        "my dad had a heart attack, does that matter", [("emergency", 0.6), ("faq", 0.4)])])
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["faq"]
    answer = message.get("response_selector")["faq"]["response"]
    assert answer["confidence"] == pytest.approx(0.75)
    assert message.get("emergency_check") == "mention"


def test_the_classifiers_emergency_stands_when_nothing_says_when():
    for text in ("heart attack", "i don't feel like i can cope tonight"):
        (message,) = override().process([classified(text, [("emergency", 0.7),
                                                            ("faq", 0.3)])])
        assert message.get("intent")["name"] == "emergency", text


def test_an_unsure_classifier_emergency_with_no_rule_behind_it_is_taken_out():
    (message,) = override().process([classified(
        "the physio said to breathe out as the needle goes in", [("emergency", 0.55),
                                                                  ("faq", 0.45)])])
    assert message.get("intent") == {"name": "faq", "confidence": 1.0}


def test_a_classifier_emergency_in_a_message_that_says_not_now_is_taken_out():
    # no rule matched; the message dates itself ("lol", "sometimes", "last month")
    for text in ("Chest day destroyed me lol. Pec feels tight, massage or leave it?",
                 "i get dizzy sometimes when i stand up too quickly, is the couch ok"):
        (message,) = override().process([classified(text, [("emergency", 0.9),
                                                            ("faq", 0.1)])])
        assert message.get("intent")["name"] == "faq", text
    # ... but not when a clause also says now
    (message,) = override().process([classified(
        "i sometimes get migraines but right now half my face went numb and i cant hold "
        "the cup", [("emergency", 0.9), ("faq", 0.1)])])
    assert message.get("intent")["name"] == "emergency"


INSIDE_A_REQUEST = ("can i move my appointment to friday, also my dad is not himself at all and "
                    "wont look at me")


def test_the_emergency_models_sure_emergency_is_forced_where_no_rule_says_not_now():
    (message,) = override().process([scored(INSIDE_A_REQUEST, [("book_appointment", 0.9),
                                                               ("faq", 0.1)], 0.95)])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}


def test_the_emergency_model_below_its_threshold_changes_nothing():
    (message,) = override().process([scored(INSIDE_A_REQUEST, [("book_appointment", 0.9),
                                                               ("faq", 0.1)], 0.85)])
    assert message.get("intent")["name"] == "book_appointment"


def test_the_emergency_model_never_overrules_a_rule_or_a_message_that_says_not_now():
    for text in ("my dad had a heart attack, does that matter",  # a mention
                 "i get dizzy sometimes when i stand up too quickly, is the couch ok"):
        (message,) = override().process([scored(text, [("faq", 0.9), ("emergency", 0.1)],
                                                0.99)])
        assert message.get("intent")["name"] == "faq", text


def configured_override() -> EmergencyOverride:
    """As config.yml sets it: the model forces at 0.9 where no rule says not now,
    overrules the rules at 0.95, earns the line from 0.5, and must give the
    classifier's own emergency 0.7."""
    return EmergencyOverride({"intent": "emergency", "classifier_floor": 0.6,
                              "model_threshold": 0.9, "overrule_threshold": 0.95,
                              "line_threshold": 0.5, "model_floor": 0.7})


HEARTBROKEN = "heartbroken that Kim's leaving, she sorted my knee out"


def test_the_classifiers_own_emergency_needs_the_emergency_model_to_share_it():
    ranking = [("emergency", 0.8), ("faq", 0.2)]
    (message,) = configured_override().process([scored(HEARTBROKEN, ranking, 0.28)])
    assert message.get("intent")["name"] == "faq"
    assert message.get("emergency_line") is True  # unsure: the answer, then the line
    (message,) = configured_override().process([scored(HEARTBROKEN, ranking, 0.8)])
    assert message.get("intent")["name"] == "emergency"
    # an ordinary message the model scores low gets no line
    (message,) = configured_override().process([scored("what are your opening hours",
                                                       [("faq", 0.9)], 0.1)])
    assert message.get("emergency_line") is False


PLAYED_DOWN = "lol is it normal to feel like u cant breathe after dry needling? chest tight"


def test_a_very_sure_emergency_model_overrules_a_rules_not_now():
    # the rules read the joke and "is it normal" as not now
    assert override().process([scored(PLAYED_DOWN, [("faq", 0.9)], 0.97)])[0] \
        .get("intent")["name"] == "faq"
    (message,) = configured_override().process([scored(PLAYED_DOWN, [("faq", 0.9)], 0.97)])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    (message,) = configured_override().process([scored(PLAYED_DOWN, [("faq", 0.9)], 0.93)])
    assert message.get("intent")["name"] == "faq"


@pytest.mark.parametrize("text,ranking,probability,line", [
    # no rule, the model unsure: the answer stands, the line is due
    (INSIDE_A_REQUEST, [("book_appointment", 0.9)], 0.6, True),
    (INSIDE_A_REQUEST, [("book_appointment", 0.9)], 0.4, False),
    # the emergency reply itself never gets the line
    (INSIDE_A_REQUEST, [("book_appointment", 0.9)], 0.92, False),
    # a rule's mention or name: the message guard adds the line from the rules
    ("my dad had a heart attack, does that matter", [("faq", 0.9)], 0.6, False),
])
def test_the_line_is_due_where_the_emergency_model_is_unsure(text, ranking, probability,
                                                              line):
    (message,) = configured_override().process([scored(text, ranking, probability)])
    assert message.get("emergency_line") is line


def test_without_the_emergency_model_nothing_is_forced_by_it():
    # a pipeline without EmergencyModel (no probability) behaves as before
    (message,) = override().process([classified(INSIDE_A_REQUEST, [("book_appointment", 0.9)])])
    assert message.get("intent")["name"] == "book_appointment"


HANDOFFS = {"intents": ["book_appointment", "ask_contact_details", "start_callback"],
            "when_unsure": "ask_contact_details"}


def fallback(groups=(HANDOFFS,)) -> GroupedFallbackClassifier:
    return GroupedFallbackClassifier({**GroupedFallbackClassifier.get_default_config(),
                                      "threshold": 0.3, "ambiguity_threshold": 0.05,
                                      "groups": list(groups)})


def ranked(*scores) -> Message:
    ranking = [{"name": name, "confidence": c} for name, c in scores]
    return Message(data={"text": "x", "intent": ranking[0], "intent_ranking": ranking})


def intent_after(classifier, message) -> str:
    (message,) = classifier.process([message])
    return message.get("intent")["name"]


def test_a_split_between_hand_offs_gets_the_contact_options_not_a_fallback():
    # "i want to speak to a human": each hand-off below the threshold, together well above
    scores = [("ask_contact_details", 0.28), ("start_callback", 0.26), ("faq", 0.2),
              ("out_of_scope", 0.14), ("book_appointment", 0.12)]
    assert intent_after(fallback(groups=()), ranked(*scores)) == "nlu_fallback"
    message = ranked(*scores)
    assert intent_after(fallback(), message) == "ask_contact_details"
    assert message.get("intent")["confidence"] == 0.28 + 0.26 + 0.12
    assert [r["name"] for r in message.get("intent_ranking")][:2] == [
        "ask_contact_details", "faq"]


def test_a_clear_lead_inside_the_group_keeps_its_own_intent():
    message = ranked(("start_callback", 0.5), ("ask_contact_details", 0.2), ("faq", 0.3))
    assert intent_after(fallback(), message) == "start_callback"


def test_the_group_together_can_outweigh_an_intent_outside_it():
    message = ranked(("out_of_scope", 0.4), ("book_appointment", 0.33),
                     ("ask_contact_details", 0.27))
    assert intent_after(fallback(), message) == "book_appointment"


def test_a_group_that_stays_below_an_intent_outside_it_changes_nothing():
    message = ranked(("faq", 0.6), ("book_appointment", 0.2), ("ask_contact_details", 0.2))
    assert intent_after(fallback(), message) == "faq"


def test_the_group_still_falls_back_when_unsure_as_a_whole():
    low = ranked(("greet", 0.2), ("book_appointment", 0.12), ("ask_contact_details", 0.1),
                 ("faq", 0.1))
    assert intent_after(fallback(), low) == "nlu_fallback"
    close = ranked(("faq", 0.45), ("book_appointment", 0.25), ("ask_contact_details", 0.22))
    assert intent_after(fallback(), close) == "nlu_fallback"


def test_a_saved_regression_loads_with_the_same_predictions_and_weights_ready_to_apply(tmp_path):
    """counts.load stores the weights column by column (their transpose, which
    scikit-learn multiplies by, needs no copy) and predicts exactly as fitted."""
    import numpy as np
    from scipy.sparse import random as sparse_random
    from sklearn.linear_model import LogisticRegression

    from rasa_addons.nlu import counts

    rng = np.random.default_rng(0)
    features = sparse_random(60, 400, density=0.05, format="csr", random_state=0)
    labels = rng.integers(0, 4, 60)
    fitted = LogisticRegression(max_iter=500).fit(features, labels)
    assert not fitted.coef_.T.flags["C_CONTIGUOUS"]
    counts.dump({"classifier": fitted}, tmp_path / "model.skops")
    loaded = counts.load(tmp_path / "model.skops")["classifier"]
    assert loaded.coef_.T.flags["C_CONTIGUOUS"]
    assert np.array_equal(loaded.predict_proba(features), fitted.predict_proba(features))
