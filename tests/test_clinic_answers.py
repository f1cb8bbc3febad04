"""Every answer that depends on a clinic fact, with the fact filled in and left empty,
through the Rasa server's own response generator (rasa_addons/nlg.py) reading a
clinic file as it does at start."""

import asyncio

import pytest
from conftest import PROJECT_ROOT, domain_text
from harness.clinic_files import FILLED
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.nlg import ClinicResponses

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
AFTER_ANSWER = ["Ask another question", "Book an appointment"]


def reply(response: str, question: str) -> dict:
    """What the server says for `response` after the patient typed `question`."""
    tracker = DialogueStateTracker.from_events("patient", [UserUttered(question)])
    return asyncio.run(ClinicResponses(domain=DOMAIN).generate(response, tracker, "rest"))


@pytest.fixture
def monday_morning(monkeypatch):
    monkeypatch.setenv("CLINIC_NOW", "2026-12-21T10:00:00Z")


CASES = [  # key, question, the facts, what the answer must say with them
    ("location", "where is the clinic", {"address": FILLED["address"]},
     "The clinic is at 1 Test Street, Testtown TE1 1ST."),
    ("location", "is the car park free", {"parking": FILLED["parking"]},
     "Parking: free in the clinic's own car park."),
    ("location", "how do i get there", {"getting_there": FILLED["getting_there"]},
     "Five minutes' walk from Testtown station; step-free entrance."),
    ("opening_hours", "are you open now", {"opening_hours": FILLED["opening_hours"]},
     "Yes, the clinic is open now, until 6pm (UK time)."),
    ("opening_hours", "do you do it on saturdays", {"opening_hours": FILLED["opening_hours"]},
     "On Saturdays the clinic is open 9am to 1pm (UK time)."),
    ("cost", "how much is a session", {"prices": FILLED["prices"]},
     "The clinic's prices are Dry needling (45 minutes): £50; Follow-up (30 minutes): £40."),
    ("insurance", "can i pay by card", {"payment_methods": FILLED["payment_methods"]},
     "You can pay by card or cash."),
    ("insurance", "do you take bupa", {"insurers": FILLED["insurers"]},
     "The clinic works with these insurers: Bupa and AXA Health."),
    ("other_services", "what other treatments do you do",
     {"other_treatments": FILLED["other_treatments"]},
     "Besides dry needling, the clinic offers sports massage and IASTM."),
]
EMPTY = {"address": "", "getting_there": "", "parking": "", "opening_hours": {},
         "prices": {}, "payment_methods": [], "insurers": [], "other_treatments": []}


@pytest.mark.parametrize("key, question, facts, said", CASES)
def test_a_fact_given_is_told(clinic_file, monday_morning, key, question, facts, said):
    clinic_file(**{**EMPTY, **facts})
    message = reply(f"utter_faq/{key}", question)
    assert said in message["text"]
    assert "{" not in message["text"]
    assert [b["title"] for b in message["buttons"]] == AFTER_ANSWER


@pytest.mark.parametrize("key, question, facts, said", CASES)
def test_a_fact_left_empty_gets_the_honest_answer(clinic_file, monday_morning, key,
                                                  question, facts, said):
    clinic_file(**EMPTY)
    text = reply(f"utter_faq/{key}", question)["text"]
    assert text == domain_text(f"utter_faq/{key}")
    assert "I don't have" in text and "07305541126" in text and said not in text


def test_a_question_about_parking_gets_the_parking_first(clinic_file):
    clinic_file(**FILLED)
    assert reply("utter_faq/location", "is the car park free")["text"].startswith(
        "Parking: free in the clinic's own car park. The clinic is at 1 Test Street")
    assert reply("utter_faq/location", "where are you")["text"].startswith(
        "The clinic is at 1 Test Street")


def test_a_missing_fact_beside_a_given_one_is_said_and_handed_off(clinic_file):
    clinic_file(**{**EMPTY, "address": FILLED["address"], "insurers": ["Bupa"]})
    parking = reply("utter_faq/location", "is the car park free")["text"]
    assert parking == ("I don't have parking details here. The clinic is at 1 Test Street, "
                       "Testtown TE1 1ST. The team will tell you where to park: call "
                       "07305541126 or e-mail info@msrehab.co.uk.")
    card = reply("utter_faq/insurance", "can i pay by card")["text"]
    assert card.startswith("I don't have details of how you can pay.")
    assert "07305541126" in card


def test_the_shipped_clinic_file_keeps_every_unknown_fact_honest(monkeypatch):
    monkeypatch.delenv("CLINIC_FILE", raising=False)
    for key, question, _, _ in CASES:
        if key == "other_services":  # the article names IASTM
            assert "IASTM" in reply(f"utter_faq/{key}", question)["text"]
        else:
            assert reply(f"utter_faq/{key}", question)["text"] == domain_text(f"utter_faq/{key}")


def test_contact_details_in_every_answer_come_from_the_clinic_file(clinic_file):
    clinic_file(phone="020 7946 0958", email="hello@clinic.example")
    text = reply("utter_contact_options", "how can i contact you")["text"]
    assert "020 7946 0958" in text and "hello@clinic.example" in text
    assert "07305541126" not in text


def test_an_answer_with_no_fact_is_unchanged(clinic_file):
    clinic_file(**FILLED)
    assert reply("utter_faq/does_it_hurt", "does it hurt")["text"] == \
        domain_text("utter_faq/does_it_hurt")


def test_the_answer_is_worked_out_when_asked(clinic_file, monkeypatch):
    clinic_file(**FILLED)  # Monday 21 December 2026, 10:00 and 20:00
    monkeypatch.setenv("CLINIC_NOW", "2026-12-21T10:00:00Z")
    assert reply("utter_faq/opening_hours", "are you open now")["text"].startswith("Yes")
    monkeypatch.setenv("CLINIC_NOW", "2026-12-21T20:00:00Z")
    assert reply("utter_faq/opening_hours", "are you open now")["text"].startswith(
        "The clinic is closed now.")
