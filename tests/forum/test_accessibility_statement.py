"""The accessibility statement (/accessibility/): open to everyone, linked from every page's footer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_tells_visitors_where_to_report_a_problem(client, settings, django_assert_num_queries):
    settings.HAVEN_CONTACT_EMAIL = "access@example.org"
    with django_assert_num_queries(0):  # a visitor's page reads nothing from the database
        response = client.get(reverse("forum:accessibility"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "WCAG 2.2" in page and "What does not conform yet" in page
    assert 'href="mailto:access@example.org"' in page


def test_every_pages_footer_links_to_the_statement(member_client):
    page = member_client.get(reverse("forum:latest")).content.decode()
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert f'href="{reverse("forum:accessibility")}"' in footer
