"""The user admin with members who joined through their organisation's sign-in and have no email
address (User.email is optional since accounts migration 0009)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import IdentityProviderMemberFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def test_member_list_shows_members_without_email(staff_client):
    IdentityProviderMemberFactory(display_name="Quiet Harbour")

    response = staff_client.get(reverse("admin:accounts_user_changelist"), {"q": "Quiet"})

    assert response.status_code == 200
    assert "Quiet Harbour" in response.content.decode()


def test_saving_a_member_without_email_keeps_none_beside_another(staff_client):
    IdentityProviderMemberFactory()
    member = IdentityProviderMemberFactory(display_name="Quiet Harbour")
    page = staff_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"email": "", "display_name": "Still Harbour", "groups": [], "user_permissions": []})
    data.update({"date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})

    response = staff_client.post(reverse("admin:accounts_user_change", args=[member.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.display_name == "Still Harbour"
    assert member.email is None
    assert User.objects.filter(email__isnull=True).count() == 2
