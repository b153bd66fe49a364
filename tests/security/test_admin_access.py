"""Who the admin lets in, and where everyone else ends up: never in a redirect loop."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

SIGNED_IN_NON_STAFF = {
    "member": dict,
    "moderator": lambda: {"is_moderator": True},
    "newcomer": lambda: {"is_trusted": False},
}


@pytest.mark.parametrize("who", SIGNED_IN_NON_STAFF)
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/?next=/admin/", "/admin/accounts/user/"])
def test_signed_in_non_staff_get_the_403_page_with_a_way_home(who, path):
    user = give_totp(UserFactory(**SIGNED_IN_NON_STAFF[who]()))
    client = Client()
    client.force_login(user)
    response = client.get(path, follow=True)  # a redirect loop raises RedirectCycleError
    assert response.status_code == 403
    page = response.content.decode()
    assert "The admin is for Haven’s staff only." in page
    assert '<a class="button button-secondary" href="/">Back to Haven</a>' in page


def test_staff_without_two_factor_are_sent_to_set_it_up():
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(
        (reverse("mfa_activate_totp"), reverse("account_reauthenticate"))
    )


def test_staff_with_two_factor_get_in():
    client = Client()
    client.force_login(give_totp(UserFactory(is_staff=True)))
    assert client.get("/admin/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_sites_login():
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    assert response.status_code == 200
