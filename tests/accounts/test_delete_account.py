import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from forum import services
from forum.models import Notification, Post, Reaction
from tests.factories import PASSWORD, CategoryFactory, UserFactory, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db


def _delete(client, member, mode):
    mark_recently_reauthenticated(client, member)
    return client.post(reverse("accounts:delete_account"), {"mode": mode, "confirm": "on"})


def test_deletion_asks_for_the_password_again(member_client, member):
    response = member_client.post(reverse("accounts:delete_account"), {"mode": "anonymise", "confirm": "on"})
    assert response.url.startswith(reverse("account_reauthenticate"))
    member.refresh_from_db()
    assert member.is_active


def test_the_page_says_exactly_what_happens(member_client, member):
    mark_recently_reauthenticated(member_client, member)
    page = member_client.get(reverse("accounts:delete_account")).content.decode()
    assert "Keep my posts, shown as by “Former member”" in page
    assert "Delete my posts too" in page
    assert "can&#x27;t be undone" in page


def test_keeping_posts_shows_them_as_by_former_member(member_client, member, thread):
    reply = services.reply(thread=thread, author=UserFactory(), body="answer")
    services.toggle_reaction(post=reply, member=member, kind="support")
    email, name = member.email, member.display_name
    _delete(member_client, member, "anonymise")
    member.refresh_from_db()
    assert not member.is_active and member.is_deleted_account
    assert member.email != email and member.display_name != name and not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert Post.objects.get(pk=thread.opening_post.pk).author is None
    assert not Reaction.objects.exists()
    reply.refresh_from_db()
    assert reply.support_count == 0
    reader = Client()
    reader.force_login(UserFactory())
    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "Former member" in page and "Opening post body" in page and name not in page


def test_deleting_posts_leaves_placeholders_where_others_answered(member_client, member, thread):
    mine = services.reply(thread=thread, author=member, body="my reply")
    services.reply(thread=thread, author=UserFactory(), body="answering you", parent=mine)
    lonely = services.reply(thread=thread, author=member, body="unanswered")
    _delete(member_client, member, "delete")
    assert Post.objects.get(pk=mine.pk).is_deleted
    assert Post.objects.get(pk=lonely.pk).is_deleted
    reader = Client()
    reader.force_login(UserFactory())
    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "my reply" not in page and "unanswered" not in page
    assert "This post was deleted by its author." in page
    assert "answering you" in page


def test_a_deleted_member_cannot_log_in_and_is_logged_out(member_client, member):
    email = member.email
    _delete(member_client, member, "anonymise")
    assert member_client.get(reverse("forum:new_thread")).status_code == 302
    response = Client().post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 200  # the login form again, with an error


def test_moderation_records_survive_as_a_tombstone(member_client, member, thread):
    from moderation import services as moderation_services

    moderation_services.flag_post(
        services.reply(thread=thread, author=UserFactory(), body="x"), member, "spam"
    )
    _delete(member_client, member, "anonymise")
    assert User.objects.filter(pk=member.pk, is_deleted_account=True).exists()


def test_others_notifications_no_longer_name_the_deleted_member(member_client, member, other_member):
    """Issue 24, item 10: the header's notification menu shows the newest on every page."""
    theirs = services.create_thread(
        author=other_member, category=CategoryFactory(), title="Night shifts", body="Hi"
    )
    services.reply(thread=theirs, author=member, body="Me too")
    name = member.display_name
    assert Notification.objects.get(recipient=other_member).message.startswith(f"{name} replied")
    _delete(member_client, member, "anonymise")
    message = Notification.objects.get(recipient=other_member).message
    assert message.startswith("A former member replied") and name not in message
