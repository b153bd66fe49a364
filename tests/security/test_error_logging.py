"""What refusals write to the log: one line each, so that a 403 is not mistaken for a crash."""

import logging

import pytest
from django.urls import reverse

from tests.factories import make_thread

pytestmark = pytest.mark.django_db


def test_a_403_is_logged_as_one_line_without_a_traceback(caplog, member_client, other_member, category):
    someone_elses = make_thread(author=other_member, category=category).opening_post
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = member_client.get(reverse("forum:edit_post", args=[someone_elses.pk]))
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): /p/{someone_elses.pk}/edit/"
    assert record.exc_info is None
    assert "\n" not in logging.Formatter().format(record)
