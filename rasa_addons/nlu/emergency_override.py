"""Emergencies happening now come first, whatever else the message says; a
question about one's history keeps its answer.

Runs right after the classifier, before the fallback, and reads
`emergency_rules.assess` (what the rules are, and why, is said there):
- PRESENT: the `emergency` intent is forced, so the 999 / NHS 111 reply comes
  first even when the classifier filed "does it hurt? also I have chest pain"
  under an FAQ.
- MENTION or NEGATED, while the classifier chose `emergency`: the message
  names an emergency only as the past, someone's history, a risk asked about
  or something absent ("i had a stroke last year, can i have needling?"), so
  `emergency` is taken out and the other intents and answers are scaled to
  sum to one as if it had never been a label; the fallback and the answer gate
  after this then judge them as usual. The chat channels add one short line
  to the answer (rasa_addons/channels/message_guard.py), so a patient who is in fact unwell
  still reads where to turn.
- NAMED (a condition named with nothing, or cues both ways, to say when) or
  NONE: the classifier's `emergency` stands when it is confident
  (`classifier_floor`, 0.6): it catches emergencies no rule names ("i don't
  feel like i can keep myself safe tonight"). Below that it is taken out as
  above: on the dev parts the classifier's emergencies without a rule behind
  them scored 0.42 to 0.56 on ordinary messages ("breathe out as the needle
  goes in") and 0.82 or more on real ones. With no rule matched, it is also
  taken out when the message says nothing is happening now (a past, habit,
  joke or supposition cue and no now cue: `not_now_throughout`).
  Where not taken out, the emergency model's probability (emergency_model.py)
  at or above `model_threshold` forces `emergency`: it catches emergencies told
  inside an ordinary request, which the main classifier files as the request.
- The classifier's own `emergency` with no rule behind it (NONE or NAMED)
  also needs the emergency model to give at least `model_floor`: where the
  model, which learns every emergency example, scores it lower, the two
  disagree, and the answer stands with the line after it ("heartbroken that
  Kim's leaving, she sorted my knee out": the classifier's emergency, not
  the model's).
- At or above `overrule_threshold` the emergency model forces `emergency`
  whatever the rules say: people play an emergency down with the very words
  the rules read as "not now" ("haha cant breath properly, reliever isnt
  touching it", "lol is it normal to feel like u cant breathe after dry
  needling"), and no message of the dev parts that is not an emergency scored
  that high with a rule saying "not now" (docs/emergencies.md).
- Unsure: where the message is not given the emergency reply, no rule
  matched (NONE) and the emergency model's probability is at or above
  `line_threshold`, far below `model_threshold`, the answer stands and the
  chat channels add the same one line as for MENTION and NAMED. Written for
  the emergencies that read like requests: most the model misses it still
  scores in this band, and a line costs an ordinary message far less than the
  emergency reply in place of its answer (docs/emergencies.md).
The judgement is written to the parse data as `emergency_check`, and whether
the line is due for the model's doubt as `emergency_line`; the message guard
reads the latter for the turn it is handling through `watch_turn`.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.nlu.config_component import ConfigComponent
from rasa_addons.nlu.emergency_model import PROBABILITY
from rasa_addons.nlu.emergency_rules import Level, assess, not_now_throughout
from rasa_addons.turn_notes import TurnNotes

SELECTOR = "response_selector"
LINE = "emergency_line"
# The messages of the turn the message guard is handling that the emergency
# model was unsure of (NLU runs inside that turn's task).
UNSURE_IN_TURN = TurnNotes("emergency_unsure")


def earns_the_line(text: str, model_unsure: bool) -> bool:
    """Whether an answer (never the emergency reply) is followed by the line: the
    rules name an emergency without saying it is now (MENTION, NAMED), or the
    emergency model was unsure (`emergency_line`)."""
    return model_unsure or assess(text).level in (Level.MENTION, Level.NAMED)


def watch_turn() -> List[str]:
    """Called by the message guard before a message is handled: the list the
    override adds to when a message of this turn earns the line."""
    return UNSURE_IN_TURN.start()


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class EmergencyOverride(ConfigComponent):
    """Forces the emergency intent on present emergencies, and takes it away
    from messages that name one only as history or a question."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # thresholds above 1: the emergency model is not read
        return {"intent": "emergency", "classifier_floor": 0.6, "model_threshold": 1.1,
                "line_threshold": 1.1, "overrule_threshold": 1.1, "model_floor": 0.0}

    def __init__(self, config: Dict[str, Any]) -> None:
        config = {**self.get_default_config(), **config}
        self.intent = config["intent"]
        self.floor = float(config["classifier_floor"])
        self.model_threshold = float(config["model_threshold"])
        self.line_threshold = float(config["line_threshold"])
        self.overrule_threshold = float(config["overrule_threshold"])
        self.model_floor = float(config["model_floor"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            level = assess(text).level
            message.set("emergency_check", level.value, add_to_output=True)
            chosen = message.get("intent") or {}
            probability = message.get(PROBABILITY) or 0.0
            model_sure = probability >= self.model_threshold
            # the classifier's own emergency, with no rule behind it, that the
            # emergency model does not share: unsure, so the answer and the line
            disagrees = (chosen.get("name") == self.intent and level in (Level.NONE, Level.NAMED)
                         and message.get(PROBABILITY) is not None
                         and probability < self.model_floor)
            # read only where it decides: most messages are neither
            not_now = (model_sure or chosen.get("name") == self.intent) and (
                level in (Level.MENTION, Level.NEGATED)
                or (level is Level.NONE and not_now_throughout(text)))
            if (level is Level.PRESENT or (model_sure and not not_now)
                    or probability >= self.overrule_threshold):
                self._force(message)
            elif chosen.get("name") == self.intent and (
                    not_now or chosen.get("confidence", 0.0) < self.floor or disagrees):
                self._take_out(message)
            unsure = (level is Level.NONE and (message.get("intent") or {}).get("name") !=
                      self.intent and (probability >= self.line_threshold
                                       # 0: the model found no content word to judge
                                       or (disagrees and not not_now and probability > 0)))
            message.set(LINE, unsure, add_to_output=True)
            if unsure:
                UNSURE_IN_TURN.add(LINE)
        return messages

    def _force(self, message: Message) -> None:
        intent = {"name": self.intent, "confidence": 1.0}
        ranking = message.data.get("intent_ranking") or []
        message.data["intent"] = intent
        # the others drop to nothing: left as they were, one close to 1.0 would
        # make the fallback call the two ambiguous
        message.data["intent_ranking"] = [intent] + [
            {**r, "confidence": 0.0} for r in ranking if r.get("name") != self.intent]

    def _take_out(self, message: Message) -> None:
        ranking = [r for r in message.data.get("intent_ranking") or []
                   if r.get("name") != self.intent]
        if not ranking:
            return
        removed = next((r["confidence"] for r in message.data.get("intent_ranking")
                        if r.get("name") == self.intent), 0.0)
        scale = 1.0 / max(1.0 - removed, 1e-9)
        ranking = [{**r, "confidence": min(1.0, r["confidence"] * scale)} for r in ranking]
        message.data["intent"] = ranking[0]
        message.data["intent_ranking"] = ranking
        for prediction in (message.data.get(SELECTOR) or {}).values():
            if not isinstance(prediction, dict):
                continue
            response = prediction.get("response") or {}
            if "confidence" in response:
                response["confidence"] = min(1.0, response["confidence"] * scale)
            for entry in prediction.get("ranking") or []:
                entry["confidence"] = min(1.0, entry["confidence"] * scale)
