"""Method detail (safe messaging): a post that describes a method of suicide or self-harm in specific
terms gets gentle guidance before it is published, whoever it is about; once published it is flagged
for moderators and carries a content warning its author can see and change."""

import pytest
from django.urls import reverse

from forum import services as forum_services
from forum.models import ContentWarning, Post
from moderation.method_detail import find_method_detail
from moderation.models import Flag, FlagReason, Priority, QueueEntry

pytestmark = pytest.mark.django_db

ABOUT_A_CLIENT = "My client swallowed 40 co-codamol last week and is in resus now; I can't stop shaking."


@pytest.mark.parametrize(
    "text",
    [
        ABOUT_A_CLIENT,
        "He'd been keeping his methadone in a shoebox, two weeks' worth.",
        "She tied her dressing gown cord to the banister.",
        "I keep looking at the multi-storey by the station, the top level near the ring road.",
        "Used the razor blade from a pencil sharpener on my thigh.",
        "The caller said she was on her way to the bridge over the estuary.",
        "Picked up another prescription, 56 zopiclone now with the ones from last month.",
        "took 2 of my sleeping tablets with half a bottle of vodka",
        "Two boxes of the Endone are in my locker.",
    ],
)
def test_specific_descriptions_are_method_detail(text):
    assert find_method_detail(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "My patient took an overdose at the weekend and is recovering.",
        "We lost a colleague to suicide last year.",
        "She's on 20 mg of sertraline daily and it's helping.",
        "Two paracetamol every four hours for the headache, as prescribed.",
        "If I get one more email I'm jumping off the roof lol",
        "We talked about self-harm in supervision.",
        "The bridge on my commute was closed for repairs again.",
        "Three years on citalopram and I finally feel like myself.",
        "Six weeks of sertraline before it kicked in, worth the wait.",
        "Took two paracetamol and went to bed early, this headache is killing me.",
        "Picked up my repeat prescription of sertraline, 28 tablets, and some ibuprofen for my knee.",
        "Restarted escitalopram at 5mg under my GP.",
        "Worked till nine sorting out a warfarin chart.",
        "I want to take all my tablets at once in the morning rather than spread out, is that ok?",
        "I've been stockpiling Calpol and Nurofen for emergencies, two kids under five.",
        "Seeing my GP about the escitalopram, which I've been on for a year and which isn't touching this.",
    ],
)
def test_general_mentions_and_everyday_talk_are_not(text):
    assert find_method_detail(text) == []


def test_the_composer_holds_a_method_detail_draft_with_guidance(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": ABOUT_A_CLIENT})
    page = response.content.decode()
    assert response.status_code == 200
    assert "describes how someone might harm themselves" in page
    assert not Post.objects.filter(body=ABOUT_A_CLIENT).exists()


def test_a_published_method_detail_post_is_flagged_and_gets_a_content_warning(member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ABOUT_A_CLIENT)
    post.refresh_from_db()
    assert post.content_warning == ContentWarning.SUICIDE_SELF_HARM
    flag = Flag.objects.get(post=post, reason=FlagReason.METHOD_DETAIL)
    assert flag.is_automatic and "quantity" in flag.note
    assert QueueEntry.objects.get(post=post).priority == Priority.METHOD_DETAIL


def test_an_authors_own_content_warning_is_kept(member, thread):
    post = forum_services.reply(
        thread=thread, author=member, body=ABOUT_A_CLIENT, content_warning=ContentWarning.GRAPHIC
    )
    post.refresh_from_db()
    assert post.content_warning == ContentWarning.GRAPHIC


def test_method_detail_in_an_opening_post_warns_on_the_thread_too(member, category):
    thread = forum_services.create_thread(
        author=member, category=category, title="Tonight's shift", body=ABOUT_A_CLIENT
    )
    thread.refresh_from_db()
    assert thread.content_warning == ContentWarning.SUICIDE_SELF_HARM


def test_the_detector_never_hides_a_post(member, thread):
    post = forum_services.reply(thread=thread, author=member, body=ABOUT_A_CLIENT)
    post.refresh_from_db()
    assert post.state == Post.State.PUBLISHED
