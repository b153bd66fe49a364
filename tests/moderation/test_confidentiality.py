"""The confidentiality guard: what it catches, what it leaves alone, and the confirm flow."""

from datetime import date

import pytest
from django.urls import reverse

from forum.demo import content
from forum.models import Post
from moderation.confidentiality import find_identifying_details
from moderation.models import Flag, Priority

TODAY = date(2026, 11, 23)

POSITIVES = [
    ("My client Sarah told me about the abuse", "a named client or patient"),
    ("I keep thinking about a patient called Tom Baker", "a named client or patient"),
    ("my young patient Ben said something", "a named client or patient"),
    ("You can reach her at jane.doe@example.org", "an email address"),
    ("His number is 07700 900123", "a phone number"),
    ("Call (555) 123-4567 if you need", "a phone number"),
    ("+44 20 7946 0958", "a phone number"),
    ("She was born 12/03/1985", "a date of birth"),
    ("DOB 3 March 1985", "a date of birth"),
    ("born on March 3, 2019", "a date of birth"),
    ("The family live at 42 Elm Street", "a street address"),
    ("near 7 Church Road", "a street address"),
    ("postcode SW1A 1AA", "a postcode"),
    ("in Beverly Hills, CA 90210", "a US ZIP code with state"),
]

SUPPORTIVE_PROSE = [
    "This caseload is killing me, but I'm hanging in there.",
    "I've been a therapist for 11 years and I still find Mondays hard.",
    "On 3 March 2026 I went to a workshop on vicarious trauma; it helped.",
    "Sessions at 9:30 and 14:00 leave me no time for lunch.",
    "I had 25 clients last year, which was too many.",
    "My clients have taught me a lot about resilience.",
    "My client and I worked on grounding exercises.",
    "One of my patients said something that stayed with me all week.",
    "My supervisor, Anne, suggested I reduce my hours.",
    "I run 3 mornings a week and take 10 minutes at the close of the day.",
    "In 2019 I moved to child protection.",
    "Read chapter 4 of The Body Keeps the Score.",
    "I called the EAP line and it was genuinely helpful.",
    "Take a break: 5-10 minutes between sessions makes a difference.",
    "My patient was discharged yesterday and I felt relieved.",
    "The client said they felt safer after our third session.",
    "We meet every Tuesday at 7pm for peer supervision.",
    "Grace, thank you for sharing this.",
    "It took me 2-3 months to feel like myself again.",
    "I work nights 3 nights a week, 12 hour shifts.",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_identifying_details_are_found(text, kind):
    assert kind in [finding.kind for finding in find_identifying_details(text, today=TODAY)]


@pytest.mark.parametrize("text", SUPPORTIVE_PROSE)
def test_ordinary_supportive_prose_is_left_alone(text):
    assert find_identifying_details(text, today=TODAY) == []


def test_no_false_alarms_on_the_demo_content():
    texts = [
        part for thread in content.THREADS for part in (thread[2], thread[3], *(r[1] for r in thread[4]))
    ]
    alarms = [text for text in texts if find_identifying_details(text, today=TODAY)]
    assert alarms == []
    assert len(texts) == 20


def test_false_positive_rate_on_written_examples_is_zero_and_recall_is_complete():
    """The numbers quoted in the closing note: detection on POSITIVES, false alarms on prose."""
    found = sum(bool(find_identifying_details(text, today=TODAY)) for text, _ in POSITIVES)
    false_alarms = sum(bool(find_identifying_details(text, today=TODAY)) for text in SUPPORTIVE_PROSE)
    assert (found, len(POSITIVES), false_alarms, len(SUPPORTIVE_PROSE)) == (14, 14, 0, 20)


@pytest.mark.django_db
def test_the_author_sees_a_warning_naming_what_looked_identifying(member_client, thread):
    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "My client Sarah said..."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This may identify a client or another real person" in page
    assert "a named client or patient" in page
    assert "My client Sarah" in page
    assert 'name="confirm_no_identifying_details"' in page
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_the_confirmation_box_is_only_shown_after_a_warning(member_client, thread):
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert 'name="confirm_no_identifying_details"' not in page


@pytest.mark.django_db
def test_editing_it_out_posts_without_a_flag(member_client, thread):
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "My client Sarah said..."})
    member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "A client said..."})
    assert thread.posts.count() == 2
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_confirming_posts_and_raises_a_confidentiality_flag(member_client, thread):
    member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "My client Sarah said...", "confirm_no_identifying_details": "on"},
    )
    post = Post.objects.get(thread=thread, position=2)
    assert post.state == Post.State.PUBLISHED
    flag = Flag.objects.get(post=post)
    assert (flag.reason, flag.is_automatic) == ("confidentiality", True)
    assert flag.entry.priority == Priority.CONFIDENTIALITY


@pytest.mark.django_db
def test_thread_titles_are_checked(member_client, category):
    response = member_client.post(
        reverse("forum:new_thread"),
        {"category": category.pk, "title": "About my client Sarah", "body": "..."},
    )
    assert "This may identify a client" in response.content.decode()


@pytest.mark.django_db
def test_edits_are_checked(member_client, thread):
    response = member_client.post(
        reverse("forum:edit_post", args=[thread.opening_post.pk]),
        {"title": thread.title, "body": "Call me on 07700 900123"},
    )
    assert "a phone number" in response.content.decode()
    thread.opening_post.refresh_from_db()
    assert thread.opening_post.body == "Opening post body"
