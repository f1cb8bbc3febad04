"""The answers themselves: every FAQ key, short, and with the clinic's real contact details."""

import re

import yaml
from conftest import PROJECT_ROOT
from test_nlu_heldout import FAQ_KEYS, NEW_FAQ_KEYS

from msrehab.clinic import load

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
    facts = yaml.safe_load((PROJECT_ROOT / "clinic.yml").read_text(encoding="utf-8"))
    if ARTICLE.exists():  # the clinic's own article, beside the project
        article = ARTICLE.read_text(encoding="utf-8")
        assert facts["phone"] in article
        assert facts["email"] in article
    assert facts["phone"] == "07305541126"
    assert facts["email"] == "info@msrehab.co.uk"


def test_the_shipped_clinic_file_gives_no_fact_the_article_does_not():
    """Address, hours, prices, payment and insurers are not in the clinic's article:
    they stay empty until the clinic gives them, so the answers say so honestly."""
    clinic = load(PROJECT_ROOT / "clinic.yml")
    assert (clinic.address, clinic.getting_there, clinic.parking) == ("", "", "")
    assert clinic.opening_hours == {} and clinic.closures == ()
    assert (clinic.prices, clinic.payment_methods, clinic.insurers) == ((), (), ())
    assert [t.split(" ")[0] for t in clinic.other_treatments] == ["IASTM"]
    if ARTICLE.exists():
        assert "IASTM" in ARTICLE.read_text(encoding="utf-8")
    assert clinic.details()["chat_retention_days"] == "30"
