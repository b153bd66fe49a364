import pytest
from django.urls import reverse

from forum import services
from forum.models import Notification

pytestmark = pytest.mark.django_db


def test_notifications_page_lists_yours_newest_first(member_client, member, other_member):
    services.notify(member, "first", "/latest/")
    services.notify(member, "second", "/latest/")
    services.notify(other_member, "not yours")
    page = member_client.get(reverse("forum:notifications")).content.decode()
    assert page.index("second") < page.index("first")
    assert "not yours" not in page


def test_unread_count_in_the_header(member_client, member):
    services.notify(member, "hello")
    page = member_client.get(reverse("forum:latest")).content.decode()
    assert 'aria-label="1 unread">1</span>' in page


def test_opening_a_notification_marks_it_read_and_follows_it(member_client, member):
    notification = services.notify(member, "hello", "/guidelines/")
    response = member_client.get(reverse("forum:open_notification", args=[notification.pk]))
    assert response.url == "/guidelines/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(member_client, other_member):
    notification = services.notify(other_member, "private")
    assert member_client.get(reverse("forum:open_notification", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(member_client, member):
    services.notify(member, "a")
    services.notify(member, "b")
    member_client.post(reverse("forum:mark_notifications_read"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_mark_all_read_needs_post(member_client, member):
    services.notify(member, "a")
    assert member_client.get(reverse("forum:mark_notifications_read")).status_code == 405


def test_notifications_need_login(client):
    assert client.get(reverse("forum:notifications")).status_code == 302
