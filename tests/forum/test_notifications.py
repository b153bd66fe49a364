import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Notification
from forum.notifications import notify_moderation
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def test_notifications_page_lists_yours_newest_first(member_client, member, other_member):
    notify_moderation(member, "first", "/latest/")
    notify_moderation(member, "second", "/latest/")
    notify_moderation(other_member, "not yours")
    page = member_client.get(reverse("forum:notifications")).content.decode()
    assert page.index("second") < page.index("first")
    assert "not yours" not in page


def test_unread_count_in_the_header(member_client, member):
    notify_moderation(member, "hello")
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert '<span class="count">1<span class="visually-hidden"> unread</span></span>' in page


def test_opening_a_notification_marks_it_read_and_follows_it(member_client, member):
    notification = notify_moderation(member, "hello", "/guidelines/")
    response = member_client.get(reverse("forum:open_notification", args=[notification.pk]))
    assert response.url == "/guidelines/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(member_client, other_member):
    notification = notify_moderation(other_member, "private")
    assert member_client.get(reverse("forum:open_notification", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(member_client, member):
    notify_moderation(member, "a")
    notify_moderation(member, "b")
    member_client.post(reverse("forum:mark_notifications_read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_mark_all_read_needs_post(member_client, member):
    notify_moderation(member, "a")
    assert member_client.get(reverse("forum:mark_notifications_read")).status_code == 405


def test_notifications_need_login(client):
    assert client.get(reverse("forum:notifications")).status_code == 302


def test_notifications_page_fetches_no_post_bodies(
    member_client, thread, other_member, django_assert_max_num_queries
):
    for n in range(3):
        services.reply(thread=thread, author=other_member, body=f"A long reply body number {n}")
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(5):
        response = member_client.get(reverse("forum:notifications"))
    shown = response.context["notifications"]
    assert len(shown) == 3 and all(item.post_id for item in shown)
    fetched = " ".join(query["sql"] for query in queries.captured_queries)
    for column in ("body", "body_html", "search_vector"):
        assert f'"forum_post"."{column}"' not in fetched


# --- Reaction wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "one", "three"),
    [
        ("support", "Someone sent support to your post in “Carrying it home”", "3 people sent support to"),
        ("relate", "Someone relates to your post in “Carrying it home”", "3 people relate to"),
        ("helpful", "Someone found your post in “Carrying it home” helpful", "3 people found your post"),
    ],
)
def test_reaction_notifications_read_as_sentences(thread, member, kind, one, three):
    post = thread.opening_post
    services.toggle_reaction(post=post, member=UserFactory(), kind=kind)
    assert Notification.objects.get(recipient=member, kind="reaction").message == one
    for _ in range(2):
        services.toggle_reaction(post=post, member=UserFactory(), kind=kind)
    batch = Notification.objects.get(recipient=member, kind="reaction")
    assert batch.count == 3 and batch.message.startswith(three)


def test_a_reaction_batch_is_not_mistaken_for_another_kind_named_in_the_title(member, category):
    thread = make_thread(author=member, category=category, title="How I relate to clients")
    services.toggle_reaction(post=thread.opening_post, member=UserFactory(), kind="helpful")
    services.toggle_reaction(post=thread.opening_post, member=UserFactory(), kind="relate")
    messages = set(Notification.objects.filter(recipient=member).values_list("message", flat=True))
    assert messages == {
        "Someone found your post in “How I relate to clients” helpful",
        "Someone relates to your post in “How I relate to clients”",
    }


def test_no_unread_count_in_the_header_during_a_break(member_client, member):
    from forum import member_services

    notify_moderation(member, "hello")
    member_services.start_break(member, days=7)
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert '<span class="visually-hidden"> unread</span>' not in page
