"""The custom NLU components: unsure answer choice and emergency override."""

from rasa.shared.nlu.training_data.message import Message

from nlu_components.emergency_override import EmergencyOverride
from nlu_components.faq_confidence_gate import FaqConfidenceGate


def emergency_patterns():
    import yaml
    from conftest import PROJECT_ROOT

    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    (component,) = [c for c in config["pipeline"] if c["name"].endswith("EmergencyOverride")]
    return component["patterns"]


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


def test_emergency_patterns_catch_emergencies():
    override = EmergencyOverride({"intent": "emergency", "patterns": emergency_patterns()})
    missed = [t for t in EMERGENCIES if not override.is_emergency(t)]
    assert missed == []


def test_emergency_patterns_leave_ordinary_questions_alone():
    override = EmergencyOverride({"intent": "emergency", "patterns": emergency_patterns()})
    flagged = [t for t in NOT_EMERGENCIES if override.is_emergency(t)]
    assert flagged == []


def test_emergency_override_replaces_the_intent():
    override = EmergencyOverride({"intent": "emergency", "patterns": emergency_patterns()})
    message = Message(data={"text": "what to wear? chest pain now",
                            "intent": {"name": "faq", "confidence": 1.0},
                            "intent_ranking": [{"name": "faq", "confidence": 1.0}]})
    override.process([message])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
