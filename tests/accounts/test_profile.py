import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_profile_shows_public_fields_but_never_the_email(member_client):
    someone = UserFactory(display_name="Grace", profession="ICU nurse", bio="Night shifts.")
    make_thread(author=someone, title="After a hard shift")
    page = member_client.get(reverse("accounts:profile", args=[someone.pk])).content.decode()
    assert "Grace" in page
    assert "ICU nurse" in page
    assert "Night shifts." in page
    assert "After a hard shift" in page
    assert someone.email not in page


def test_profile_shows_join_date_and_post_count(member_client):
    someone = UserFactory()
    make_thread(author=someone)
    page = member_client.get(reverse("accounts:profile", args=[someone.pk])).content.decode()
    assert someone.date_joined.strftime("%B %Y") in page
    assert "<dt>Posts</dt><dd>1</dd>" in page


def test_profiles_are_for_logged_in_members_only(client, member):
    response = client.get(reverse("accounts:profile", args=[member.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_edits_own_profile(member_client, member):
    response = member_client.post(
        reverse("accounts:edit_profile"),
        {"display_name": "New Name", "profession": "Paramedic", "bio": "Hello"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.profession, member.bio) == ("New Name", "Paramedic", "Hello")


def test_profile_edit_refuses_a_taken_display_name(member_client, member):
    UserFactory(display_name="Taken")
    response = member_client.post(reverse("accounts:edit_profile"), {"display_name": "TAKEN"})
    assert "That display name is already taken." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != "TAKEN"


def test_profile_edit_requires_login(client):
    response = client.post(reverse("accounts:edit_profile"), {"display_name": "Hacker"})
    assert response.status_code == 302


def test_bio_longer_than_500_characters_gets_a_form_error(member_client):
    response = member_client.post(
        reverse("accounts:edit_profile"), {"display_name": "Fine", "bio": "x" * 501}
    )
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
