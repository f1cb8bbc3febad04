"""The answers themselves: every FAQ key, short, and with the clinic's real contact details."""

import re

import yaml
from conftest import PROJECT_ROOT
from test_nlu_heldout import FAQ_KEYS, NEW_FAQ_KEYS

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
ARTICLE = PROJECT_ROOT.parent / "shared" / "clinic" / "dry-needling-article.txt"


def test_every_faq_key_has_one_answer():
    keys = sorted(k.split("/", 1)[1] for k in DOMAIN["responses"] if k.startswith("utter_faq/"))
    assert keys == sorted(FAQ_KEYS + NEW_FAQ_KEYS)


def test_answers_are_at_most_three_sentences():
    for key, variants in DOMAIN["responses"].items():
        if key.startswith("utter_faq/"):
            text = variants[0]["text"]
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
            assert len(sentences) <= 3, key


def test_clinic_details_match_the_clinic_article():
    slots = DOMAIN["slots"]
    if ARTICLE.exists():  # the clinic's own article, beside the project
        article = ARTICLE.read_text(encoding="utf-8")
        assert slots["clinic_phone"]["initial_value"] in article
        assert slots["clinic_email"]["initial_value"] in article
    assert slots["clinic_phone"]["initial_value"] == "07305541126"
    assert slots["clinic_email"]["initial_value"] == "info@msrehab.co.uk"
