"""Ask when unsure: the likeliest FAQ topics for a message the model was not
sure enough to answer, offered as "Did you mean ...?" buttons.

Used by the action that replies (actions/clarify.py) and by the evaluation
(evaluation/nlu_eval.py), so what is measured is what patients are offered.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

FAQ_INTENT = "faq"
MAX_OPTIONS = 3
# Below this the answer choice is noise, not a candidate worth a button.
MIN_OPTION_CONFIDENCE = 0.08

# Topic key -> (button title, the question the button sends). The question is
# typed text, not a payload: it is parsed like any message, and a test checks
# that each one gets its own answer.
TOPICS: Dict[str, Tuple[str, str]] = {
    "what_is_dry_needling": ("What dry needling is", "what is dry needling"),
    "does_it_hurt": ("Does it hurt?", "does dry needling hurt"),
    "session_length": ("How long it takes", "how long does a dry needling session take"),
    "conditions_treated": ("What it can help", "what conditions can dry needling help"),
    "how_it_works": ("How it works", "how does dry needling work"),
    "side_effects": ("Side effects", "what are the side effects of dry needling"),
    "safety": ("Is it safe?", "is dry needling safe"),
    "vs_acupuncture": ("Is it acupuncture?", "is dry needling the same as acupuncture"),
    "how_many_sessions": ("How many sessions", "how many sessions will i need"),
    "cost": ("Cost", "how much does dry needling cost"),
    "insurance": ("Insurance and paying", "do you take health insurance"),
    "what_to_wear": ("What to wear", "what should i wear to my appointment"),
    "aftercare": ("Aftercare", "what should i do after dry needling"),
    "contraindications": ("Who shouldn't have it", "who should not have dry needling"),
    "results_timeline": ("When it works", "how soon will i feel better after dry needling"),
    "who_performs": ("Who does it", "who does the dry needling"),
    "iastm": ("IASTM", "what is iastm"),
    "referral": ("Referrals", "do i need a referral"),
    "location": ("Where the clinic is", "where is the clinic"),
    "opening_hours": ("Opening hours", "what are your opening hours"),
    "other_services": ("Other treatments", "what other treatments do you offer"),
    "what_to_expect": ("What happens in a session", "what happens in a dry needling session"),
}


def answer_selector(parse: Dict) -> Dict:
    """The ResponseSelector's output in a parse; without `retrieval_intent`
    (Rasa's default config) it reports under "default" rather than "faq"."""
    selectors = parse.get("response_selector") or {}
    return selectors.get(FAQ_INTENT) or selectors.get("default") or {}


def options(parse: Dict) -> List[str]:
    """The FAQ topic keys to offer, likeliest first; [] when a question about
    dry needling is not among the model's two likeliest readings."""
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if FAQ_INTENT not in [r.get("name") for r in ranking[:2]]:
        return []
    keys = []
    for candidate in answer_selector(parse).get("ranking") or []:
        key = (candidate.get("intent_response_key") or "").split("/", 1)[-1]
        if key in TOPICS and (candidate.get("confidence") or 0) >= MIN_OPTION_CONFIDENCE:
            keys.append(key)
    return keys[:MAX_OPTIONS]
