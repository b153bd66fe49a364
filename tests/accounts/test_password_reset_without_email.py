"""Password reset for a member who joined through their organisation's sign-in and has no email
address (orgs/identity.py): there is nowhere to send a link, and the page says so."""

import pytest
from django.urls import reverse

from tests.factories import IdentityProviderMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_without_email_client(client):
    client.force_login(IdentityProviderMemberFactory())
    return client


def test_member_without_email_is_told_no_link_can_be_sent(member_without_email_client):
    response = member_without_email_client.get(reverse("account_reset_password"))

    assert response.status_code == 200
    assert (
        "We can’t send you a reset link: there is no email address on your account"
        in response.content.decode()
    )


def test_member_without_email_is_offered_to_set_a_password_or_add_an_address(member_without_email_client):
    page = member_without_email_client.get(reverse("account_reset_password")).content.decode()

    assert f'href="{reverse("account_set_password")}"' in page
    assert f'href="{reverse("account_email")}"' in page


def test_member_without_email_sending_the_form_anyway_gets_a_form_error_and_no_email(
    member_without_email_client, mailoutbox
):
    response = member_without_email_client.post(reverse("account_reset_password"), {"email": ""})

    assert response.status_code == 200
    assert mailoutbox == []


def test_visitor_is_told_that_organisation_sign_ins_have_no_password(client):
    page = client.get(reverse("account_reset_password")).content.decode()

    assert 'name="email"' in page
    assert "You have no password to reset: use your organisation’s button" in page
