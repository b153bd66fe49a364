import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from moderation import services
from moderation.models import ModerationAction
from tests.factories import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(flagged_entry, moderator):
    services.hide_post(flagged_entry, moderator, "Unkind")
    return ModerationAction.objects.get()


def test_entries_cannot_be_changed_through_the_model(logged):
    logged.reason = "rewritten"
    with pytest.raises(PermissionError):
        logged.save()
    with pytest.raises(PermissionError):
        logged.delete()


def test_the_database_refuses_updates_and_deletes(logged):
    for sql in [
        "UPDATE moderation_moderationaction SET reason = 'rewritten'",
        "DELETE FROM moderation_moderationaction",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert ModerationAction.objects.get().reason == "Unkind"


def test_queryset_update_and_delete_are_refused_too(logged):
    with pytest.raises(DatabaseError), transaction.atomic():
        ModerationAction.objects.update(reason="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        ModerationAction.objects.all().delete()


def test_admin_cannot_change_or_delete_entries(admin_client, admin_user, logged):
    give_totp(admin_user)
    assert admin_client.get(
        reverse("admin:moderation_moderationaction_change", args=[logged.pk])
    ).status_code in (200, 403)
    response = admin_client.post(
        reverse("admin:moderation_moderationaction_delete", args=[logged.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ModerationAction.objects.filter(pk=logged.pk).exists()


def test_moderators_browse_the_log(moderator_client, logged):
    page = moderator_client.get(reverse("moderation:audit_log")).content.decode()
    assert "Hid a post" in page
    assert "Unkind" in page
    assert "Rowan" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [({"kind": "hide"}, True), ({"kind": "warn"}, False), ({"member": "999999"}, False)],
)
def test_the_log_filters(moderator_client, logged, query, shown):
    response = moderator_client.get(reverse("moderation:audit_log"), query)
    assert (len(response.context["actions"]) == 1) is shown


def test_the_log_filters_by_moderator(moderator_client, logged, moderator, second_moderator):
    assert (
        len(moderator_client.get(reverse("moderation:audit_log"), {"actor": moderator.pk}).context["actions"])
        == 1
    )
    response = moderator_client.get(reverse("moderation:audit_log"), {"actor": second_moderator.pk})
    assert len(response.context["actions"]) == 0


def test_bad_filter_values_are_ignored_not_500(moderator_client, logged):
    response = moderator_client.get(reverse("moderation:audit_log"), {"kind": "nope", "actor": "x"})
    assert response.status_code == 200
