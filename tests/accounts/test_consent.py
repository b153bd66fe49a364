"""Explicit consent to processing health information (accounts/consent.py): separate and unticked
at sign-up, recorded with its time and the notice's version, withdrawable, and asked again when
the privacy notice changes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts import consent
from accounts.models import ConsentRecord
from forum import member_services
from tests.accounts.test_signup import SIGNUP
from tests.factories import UserFactory, make_thread

User = get_user_model()
pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_sign_up_box_is_not_ticked_for_the_visitor(client):
    page = client.get(reverse("account_signup")).content.decode()
    [box] = re.findall(r"<input[^>]*name=\"consent\"[^>]*>", page)
    assert 'type="checkbox"' in box
    assert "checked" not in box


def test_sign_up_without_consent_is_refused_with_a_clear_message(client):
    without = {key: value for key, value in SIGNUP.items() if key != "consent"}
    response = client.post(reverse("account_signup"), without)
    assert response.status_code == 200
    assert "Please tick the box to agree" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_sign_up_records_the_consent_with_the_notice_version(client, settings):
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "2027-01"
    client.post(reverse("account_signup"), SIGNUP)
    member = User.objects.get(email=SIGNUP["email"])
    record = ConsentRecord.objects.get(member=member)
    assert record.notice_version == "2027-01"
    assert record.given_at is not None and record.withdrawn_at is None
    assert not consent.needs_consent(member)


def test_a_member_who_agreed_to_the_current_notice_reads_pages_as_usual():
    member = UserFactory()
    assert client_for(member).get(reverse("forum:home")).status_code == 200


def test_a_changed_notice_asks_the_member_again_before_the_next_page(settings):
    member = UserFactory()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    response = client_for(member).get(reverse("forum:latest"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))
    assert "next=%2F" in response["Location"]


def test_agreeing_again_records_the_new_version_and_returns_to_the_page(settings):
    member = UserFactory()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    client = client_for(member)
    response = client.post(reverse("accounts:consent"), {"consent": "on", "next": reverse("forum:latest")})
    assert response["Location"] == reverse("forum:latest")
    member.refresh_from_db()
    assert member.consented_notice_version == "a-new-version"
    assert client.get(reverse("forum:latest")).status_code == 200


def test_agreeing_without_the_box_ticked_records_nothing(settings):
    member = UserFactory()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    response = client_for(member).post(reverse("accounts:consent"), {})
    assert response.status_code == 200
    assert not ConsentRecord.objects.filter(member=member).exists()


def test_the_consent_page_never_sends_a_member_to_another_site(settings):
    member = UserFactory()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    response = client_for(member).post(
        reverse("accounts:consent"), {"consent": "on", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == reverse("accounts:consent")


@pytest.mark.parametrize(
    "name",
    ["accounts:privacy", "forum:crisis", "forum:guidelines", "accounts:export", "accounts:delete_account"],
)
def test_the_pages_needed_to_decide_or_leave_stay_open(name, settings):
    member = UserFactory()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    response = client_for(member).get(reverse(name))
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(reverse("accounts:consent"))


def test_a_form_on_its_way_is_not_lost_to_the_question(settings):
    member = UserFactory()
    thread = make_thread()
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "a-new-version"
    client_for(member).post(
        reverse("forum:reply", args=[thread.pk]), {"body": "A reply written before the change"}
    )
    assert thread.posts.filter(author=member).exists()


def test_withdrawing_consent_is_recorded_and_leads_to_the_deletion_choices():
    member = UserFactory()
    consent.give_consent(member)
    response = client_for(member).post(reverse("accounts:withdraw_consent"))
    assert response["Location"] == reverse("accounts:delete_account")
    assert ConsentRecord.objects.get(member=member).withdrawn_at is not None
    member.refresh_from_db()
    assert consent.needs_consent(member)


def test_after_withdrawing_the_member_is_asked_before_any_other_page():
    member = UserFactory()
    client = client_for(member)
    client.post(reverse("accounts:withdraw_consent"))
    response = client.get(reverse("forum:latest"))
    assert response["Location"].startswith(reverse("accounts:consent"))


def test_visitors_are_never_asked():
    assert Client().get(reverse("forum:home")).status_code == 200


def test_the_privacy_notice_is_built_from_the_deployments_settings(client, settings):
    settings.HAVEN_OPERATOR_NAME = "Riverside Health Trust"
    settings.HAVEN_DATA_PROTECTION_CONTACT = "dpo@riverside.example"
    settings.HAVEN_MAIL_PROCESSOR = "Example Mail Ltd"
    settings.HAVEN_PRIVACY_NOTICE_VERSION = "2027-02"
    page = client.get(reverse("accounts:privacy")).content.decode()
    for text in ("Riverside Health Trust", "dpo@riverside.example", "Example Mail Ltd", "2027-02"):
        assert text in page


def test_the_privacy_notice_says_only_essential_cookies_are_used(client):
    assert "Only the cookies the site needs" in client.get(reverse("accounts:privacy")).content.decode()


def test_the_data_export_holds_the_consent_history():
    member = UserFactory()
    consent.give_consent(member)
    consent.withdraw_consent(member)
    [record] = member_services.member_data(member)["consent"]
    assert record["notice_version"] == consent.current_version()
    assert record["withdrawn_at"] is not None
