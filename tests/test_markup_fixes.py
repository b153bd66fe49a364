"""Markup the Nu Html Checker refused (issue 24, item 7); the browser journeys check every page
they visit with it, these keep the two fixes in the fast suite."""

import re
from itertools import pairwise

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_help_text_with_a_list_is_not_inside_a_paragraph(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "<ul>" in page  # the password rules are a list
    assert not re.search(r"<p[^>]*>(?:(?!</p>).)*<ul>", page, re.DOTALL)


def test_thread_titles_on_latest_follow_an_h2(member_client, thread):
    page = member_client.get(reverse("forum:latest")).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page[page.index("<main") :])]
    assert all(after - before <= 1 for before, after in pairwise(levels))


def test_radio_choices_are_named_by_a_fieldset_not_an_empty_label(member_client):
    page = member_client.get(reverse("accounts:delete_account")).content.decode()
    assert '<label for="">' not in page
    assert "<legend>" in page
