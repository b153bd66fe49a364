"""A member's check-ins and instrument answers are theirs: in their data export, and deleted with
their account whichever way they chose for their posts."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from checkins import services
from checkins.models import CheckIn, InstrumentResponse
from forum import member_services
from tests.checkins import harbour_scale
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"work_weight": 4, "sleep": 2, "support": 3, "switch_off": 2}


@pytest.fixture
def reflections(member):
    services.record_check_in(member, answers=ANSWERS, note="A heavy week.")
    instrument, _ = services.import_instrument(harbour_scale())
    services.take_instrument(member, instrument, dict.fromkeys("123456", 3))


def _download(client):
    response = client.post(reverse("accounts:export"))
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_the_members_check_ins(member_client, reflections):
    data = json.loads(_download(member_client).read("haven-data.json"))
    [check_in] = data["check_ins"]
    assert check_in["note"] == "A heavy week."
    assert check_in["answers"]["How heavy did the work feel this week?"] == {"value": 4, "label": "Heavy"}


def test_the_export_holds_the_members_instrument_answers_and_scores(member_client, reflections):
    data = json.loads(_download(member_client).read("haven-data.json"))
    [response] = data["instrument_answers"]
    assert response["answers"]["2"] == 3
    assert [score["name"] for score in response["scores"]] == ["Weight carried", "Meaning and support"]


def test_the_readable_export_lists_the_check_ins(member_client, reflections):
    readable = _download(member_client).read("haven-data.md").decode()
    assert "## Your check-ins (1)" in readable
    assert "- How heavy did the work feel this week?: Heavy (4)" in readable
    assert "> A heavy week." in readable
    assert "The Harbour Scale" in readable


def test_the_export_holds_nobody_elses_check_ins(member_client, reflections):
    services.record_check_in(UserFactory(), answers=ANSWERS, note="Someone else's week.")
    assert "Someone else" not in _download(member_client).read("haven-data.json").decode()


@pytest.mark.parametrize("mode", [member_services.KEEP_POSTS, member_services.DELETE_POSTS])
def test_deleting_the_account_deletes_check_ins_and_instrument_answers(member, reflections, mode):
    someone_else = UserFactory()
    services.record_check_in(someone_else, answers=ANSWERS)
    member_services.delete_account(member, mode)
    assert not CheckIn.objects.filter(member=member).exists()
    assert not InstrumentResponse.objects.filter(member=member).exists()
    assert CheckIn.objects.filter(member=someone_else).exists()
