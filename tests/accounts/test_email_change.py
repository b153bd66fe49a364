import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_changing_email_needs_verification_of_the_new_address(member_client, member, mailoutbox):
    response = member_client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    new_address = EmailAddress.objects.get(email="new@example.org")
    assert not new_address.verified
    assert any("/accounts/confirm-email/" in message.body for message in mailoutbox)
    member.refresh_from_db()
    assert member.email != "new@example.org"  # the old address stays until the new one is confirmed
