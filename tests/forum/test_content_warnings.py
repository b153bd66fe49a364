import pytest
from django.urls import reverse

from forum import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned(category, member):
    return services.create_thread(
        author=member,
        category=category,
        title="A hard night",
        body="Detailed account",
        content_warning="violence",
    )


def test_the_body_is_collapsed_behind_the_warning(member_client, warned):
    page = member_client.get(warned.get_absolute_url()).content.decode()
    assert '<details class="content-warning">' in page
    assert "<strong>Content warning:</strong> Violence" in page


def test_lists_show_the_warning(member_client, warned):
    assert (
        "<strong>Content warning:</strong> Violence"
        in member_client.get(reverse("forum:latest")).content.decode()
    )


def test_members_can_always_expand_chosen_warnings(client, warned):
    reader = UserFactory(expanded_warnings=["violence"])
    client.force_login(reader)
    assert '<details class="content-warning" open>' in client.get(warned.get_absolute_url()).content.decode()


def test_other_warnings_stay_collapsed_for_that_member(client, category, member):
    thread = services.create_thread(
        author=member, category=category, title="t1 t", body="x", content_warning="abuse"
    )
    client.force_login(UserFactory(expanded_warnings=["violence"]))
    assert '<details class="content-warning">' in client.get(thread.get_absolute_url()).content.decode()


def test_search_snippets_are_collapsed_too(member_client, warned):
    page = member_client.get(reverse("forum:search"), {"q": "detailed account"}).content.decode()
    assert '<details class="content-warning">' in page


def test_warnings_work_without_javascript(member_client, warned):
    """<details> opens natively; no script is involved in hiding or showing."""
    page = member_client.get(warned.get_absolute_url()).content.decode()
    assert "<summary>" in page


def test_other_needs_a_description(member_client, category):
    response = member_client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "Tough one", "body": "x", "content_warning": "other"},
    )
    assert "Please say what the warning is about." in response.content.decode()


def test_a_reply_can_carry_its_own_warning(member_client, thread):
    member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "graphic memory", "content_warning": "other", "content_warning_note": "medical detail"},
    )
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Other (medical detail)" in page


def test_editing_can_add_a_warning(member_client, thread):
    member_client.post(
        reverse("forum:edit_post", args=[thread.opening_post.pk]),
        {"title": thread.title, "body": "Opening post body", "content_warning": "abuse"},
    )
    thread.refresh_from_db()
    assert thread.content_warning == "abuse"
