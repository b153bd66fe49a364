import pytest
from django.urls import reverse

from forum.models import ContentWarning
from tests.factories import UserFactory, make_thread

pytestmark = pytest.mark.django_db


def _save(client, **overrides):
    warnings = {f"warning_{kind}": "collapsed" for kind in ContentWarning.values}
    data = {"email_notifications": "daily", "time_zone": "Europe/London", "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00", **warnings, "warning_violence": "show", **overrides}  # fmt: skip
    return client.post(reverse("accounts:preferences"), data)


def test_members_save_email_time_zone_quiet_hours_and_warnings(member_client, member):
    assert _save(member_client).status_code == 302
    member.refresh_from_db()
    assert (member.email_notifications, member.time_zone) == ("daily", "Europe/London")
    assert str(member.quiet_hours_start) == "22:00:00"
    assert member.expanded_warnings == ["violence"]


def test_quiet_hours_need_both_ends(member_client, member):
    response = _save(member_client, quiet_hours_end="")
    assert "Set both the start and the end" in response.content.decode()


def test_an_unknown_time_zone_is_a_form_error(member_client):
    assert _save(member_client, time_zone="Mars/Olympus").status_code == 200


def test_hiding_the_post_list(client, member):
    thread = make_thread(author=member, title="Visible title here")
    member.hide_post_list = True
    member.save()
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert thread.title not in page


def _time_zone_select(client):
    page = client.get(reverse("accounts:preferences")).content.decode()
    return (
        page.split('name="time_zone"')[0].rsplit("<select", 1)[1]
        + page.split('name="time_zone"')[1].split(">")[0]
    )


def test_the_browsers_time_zone_is_offered_until_the_member_chooses_one(member_client):
    """The script preselects the browser's zone in a select marked for it (as sign-up fills its field)."""
    assert "data-browser-time-zone" in _time_zone_select(member_client)


def test_a_time_zone_the_member_chose_is_never_replaced_by_the_browsers(member_client, member):
    _save(member_client, time_zone="UTC")
    member.refresh_from_db()
    assert member.time_zone_chosen
    assert "data-browser-time-zone" not in _time_zone_select(member_client)
