"""The Rasa server's response generator: domain.yml's responses, with the clinic's
facts from clinic.yml (msrehab/clinic.py) filled in at run time.

- {clinic_phone}, {clinic_email}, {booking_url}, {callback_promise},
  {privacy_notice_url} and {chat_retention_days} in any response come from clinic.yml;
- the FAQ answers that depend on a fact (location, opening hours, cost, insurance and
  payment, other treatments: msrehab/answers.py) are worked out from the facts and the
  patient's question, at the time it is asked; when the fact is not given, domain.yml's
  answer (which says so and gives the phone and e-mail) stands.

clinic.yml is read once, when the server starts: a change takes effect on restart, with
no retraining. Configured in endpoints.yml (`nlg: type: rasa_addons.nlg.ClinicResponses`).
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from msrehab import answers, clinic

FAQ_PREFIX = "utter_faq/"


class ClinicResponses(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig | None = None,
                 domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.clinic = clinic.load_or_exit()

    async def generate(self, utter_action: str, tracker: DialogueStateTracker,
                       output_channel: str, **kwargs: Any) -> Dict[str, Any] | None:
        response = await super().generate(utter_action, tracker, output_channel,
                                          **{**self.clinic.details(), **kwargs})
        if response is not None and utter_action.startswith(FAQ_PREFIX):
            question = (tracker.latest_message.text if tracker.latest_message else "") or ""
            text = answers.fact_answer(utter_action[len(FAQ_PREFIX):], self.clinic, question)
            if text is not None:
                response["text"] = text
        return response
