"""Words that name a medical condition, treatment or medicine from someone's
history: what a question about whether a treatment suits *them* turns on.

Used by history_handoff.py: a message the model could not place (fallback or off
topic) that names one of these goes to the clinician (the no-diagnosis reply,
which gives the clinic's phone and e-mail) instead of "I didn't understand".
Whole words only; each group is tested on what it must find and what it must
leave alone (tests/test_history_terms.py).
"""

from __future__ import annotations

import re
from typing import Dict, List

GROUPS: Dict[str, str] = {
    "stroke and brain": r"strokes?|tia|mini[- ]strokes?|ha?emorrhage|aneurysm|epilepsy|"
                        r"epileptic|seizures?|parkinson'?s|dementia|multiple sclerosis",
    "heart and circulation": r"heart attacks?|heart (?:condition|disease|failure|problems?)|"
                             r"angina|stents?|pacemakers?|defibrillator|arrhythmia|"
                             r"atrial fibrillation|a-?fib|(?:high |low )?blood pressure|"
                             r"hypertension|angioplasty|catheteri[sz]ation|dvt|blood clots?|"
                             r"deep vein thrombosis|varicose veins|chf|aortic|"
                             r"cardiac (?:rehab|surgery|arrest)|bypass surgery|"
                             r"(?:heart|triple|double|quadruple) bypass",
    "blood thinners and bleeding": r"blood thinners?|anti-?coagulants?|warfarin|coumadin|"
                                   r"apixaban|rivaroxaban|clopidogrel|plavix|heparin|"
                                   r"ha?emophilia|bleeding disorders?|internal bleeding|"
                                   r"aspirin|bruise easily",
    "cancer": r"cancer|chemo(?:therapy)?|radiotherapy|lymph ?o?edema|lymph nodes?|"
              r"mastectomy|lumpectomy|tumou?rs?|lymphoma|leuka?emia",
    "lungs": r"asthma|inhalers?|copd|emphysema|collapsed lung|pneumothorax|pulmonary|"
             r"chest (?:tube|drain)|pleural|cystic fibrosis",
    "allergies": r"allerg(?:y|ies|ic)|latex",
    "bones and joints": r"osteoporosis|osteopenia|hip replacement|knee replacement",
    "long-term conditions": r"diabetes|diabetics?|pcos|(?:medical|health) conditions?|"
                            r"fibromyalgia|hiv|hepatitis|"
                            r"immunosuppressed|kidney disease|liver disease|implants?|"
                            r"ehlers[- ]danlos|eds|hsd|hypermobil\w*|(?:rheumatoid )?arthritis|"
                            r"lupus|dialysis|neuropathy|lymph(?:atic)? drainage surgery",
    "pregnancy": r"pregnan(?:t|cy)",
    "medicines": r"painkillers?|naproxen|ibuprofen|paracetamol|co-?codamol|codeine|tramadol|"
                 r"gabapentin|pregabalin|amitriptyline|steroids?|anti-?inflammator(?:y|ies)|nsaids?|"
                 r"diclofenac|morphine|opioids?|medications?|prescriptions?|prescribed",
    "mental health": r"depression|ptsd|mental health|anxiety|panic attacks?|trauma|bipolar|"
                     r"anti-?depressants?|anti-?anxiety|schizophrenia|eating disorder",
    "fainting": r"faint(?:ed|ing|s)?|passed out|light-?headed|needle phobi[ac]",
}
PATTERNS = {name: re.compile(rf"(?<![\w'-])(?:{words})(?![\w'-])", re.IGNORECASE)
            for name, words in GROUPS.items()}


def named(text: str) -> List[str]:
    """The groups whose words the text names."""
    return [name for name, pattern in PATTERNS.items() if pattern.search(text)]
