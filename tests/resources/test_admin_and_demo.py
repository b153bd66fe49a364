"""Staff write resource pages in the admin (through the one sanitiser), and the demo seeds a few
pages and deployment referral entries that say they are examples."""

import pytest
from django.urls import reverse
from django.utils import timezone

from orgs.models import ReferralEntry
from resources.demo import seed_resources
from resources.models import ResourcePage
from tests.factories import TopicFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


def test_staff_write_a_page_in_the_admin_and_its_body_is_sanitised(client):
    staff = give_totp(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(staff)
    topic = TopicFactory()
    today = timezone.localdate()
    response = client.post(
        reverse("admin:resources_resourcepage_add"),
        {
            "title": "Moral injury",
            "slug": "moral-injury",
            "status": "published",
            "summary": "When the system asks you to act against your values.",
            "body": "Words <script>alert(1)</script> and **more**",
            "topics": [topic.pk],
            "reviewed_on": today.isoformat(),
            "next_review": today.replace(year=today.year + 1).isoformat(),
        },
    )
    assert response.status_code == 302
    page = ResourcePage.objects.get(slug="moral-injury")
    assert "<script" not in page.body_html and "<strong>more</strong>" in page.body_html
    assert (page.updated_by, list(page.topics.all())) == (staff, [topic])


def test_the_demo_seeds_published_pages_with_topics():
    assert seed_resources() == 5
    assert ResourcePage.objects.published().count() == 5
    assert all(page.topics.exists() for page in ResourcePage.objects.all())


def test_the_demo_seeds_deployment_referral_entries_that_say_they_are_examples():
    seed_resources()
    entries = ReferralEntry.objects.filter(organisation=None)
    assert entries.count() == 4
    assert all("(example)" in entry.name and "example entry" in entry.description for entry in entries)


def test_seeding_the_demo_twice_adds_nothing():
    seed_resources()
    assert seed_resources() == 0
    assert (ResourcePage.objects.count(), ReferralEntry.objects.count()) == (5, 4)
