"""A cached part is never stale: after each kind of write that changes what a post or a list row
shows to everyone, the page a reader gets with the cache warm from before the write is the page
they would get with no cache at all (forum/fragments.py keys on ids and versions that every such
write bumps)."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import ContentWarning, Post, Thread
from moderation import services as moderation_services
from moderation.models import FlagReason
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory
from tests.pages import page_without_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    author = UserFactory(display_name="First Writer", profession="Nurse")
    replier = UserFactory(display_name="Second Writer")
    thread = services.create_thread(
        author=author, category=CategoryFactory(), title="Night shifts", body="Opening words"
    )
    reply = services.reply(thread=thread, author=replier, body="A first answer")
    answer = services.reply(thread=thread, author=author, body="Thank you", parent=reply)
    return {"author": author, "replier": replier, "thread": thread, "reply": reply, "answer": answer}


def _moderator():
    return ModeratorFactory()


def _entry(post):
    return moderation_services.flag_post(post, UserFactory(), FlagReason.OTHER, "Please look").entry


def rename_author(scene):
    scene["author"].display_name = "Calmer Writer"
    scene["author"].save()


def change_profession(scene):
    scene["author"].profession = "Social worker"
    scene["author"].save(update_fields=["profession"])


def rename_the_answered_member(scene):  # "in reply to …" and "last reply by …"
    scene["replier"].display_name = "Renamed Replier"
    scene["replier"].save(update_fields=["display_name"])


def grant_a_badge(scene):  # written with a queryset update, as decide_verification does
    type(scene["author"]).objects.filter(pk=scene["author"].pk).update(verified_role="nurse")


def edit_a_post(scene):
    services.edit_post(post=scene["thread"].opening_post, editor=scene["author"], body="Edited words")


def edit_with_a_warning(scene):
    services.edit_post(
        post=scene["reply"],
        editor=scene["replier"],
        body="A first answer",
        content_warning=ContentWarning.GRAPHIC,
        content_warning_note="a hard shift",
    )


def redact_a_post(scene):
    moderation_services.redact_post(_entry(scene["reply"]), _moderator(), "Taken out", "Method detail")


def hide_a_post(scene):
    moderation_services.hide_post(_entry(scene["answer"]), _moderator(), "Unkind")


def delete_the_answered_post(scene):
    services.delete_post(post=scene["reply"])


def delete_the_last_reply(scene):
    services.delete_post(post=scene["answer"])


def add_a_warning(scene):
    services.add_content_warning(scene["thread"].opening_post, ContentWarning.ABUSE, "")


def react(scene):
    services.toggle_reaction(post=scene["reply"], member=UserFactory(), kind="support")


def reply_again(scene):
    services.reply(thread=scene["thread"], author=UserFactory(display_name="Third Writer"), body="Me too")


def rename_the_thread(scene):
    services.edit_post(
        post=scene["thread"].opening_post, editor=scene["author"], body="Opening words", title="Long nights"
    )


def lock_the_thread(scene):
    moderation_services.set_thread_locked(scene["thread"], _moderator(), True, "Resolved")


def pin_the_thread(scene):  # from the admin, which saves the row
    thread = Thread.objects.get(pk=scene["thread"].pk)
    thread.is_pinned = True
    thread.save()


def move_the_thread(scene):
    moderation_services.move_thread(scene["thread"], _moderator(), CategoryFactory(name="Elsewhere"), "Fits")


def delete_the_author_keeping_posts(scene):
    from forum import member_services

    member_services.delete_account(scene["replier"], member_services.KEEP_POSTS)


CHANGES = [
    rename_author,
    change_profession,
    rename_the_answered_member,
    grant_a_badge,
    edit_a_post,
    edit_with_a_warning,
    redact_a_post,
    hide_a_post,
    delete_the_answered_post,
    delete_the_last_reply,
    add_a_warning,
    react,
    reply_again,
    rename_the_thread,
    lock_the_thread,
    pin_the_thread,
    move_the_thread,
    delete_the_author_keeping_posts,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_page_cached_before_a_change_shows_the_change(scene, change, settings):
    # Two readers with the same history (reading moves their unread markers): one sees the cache.
    reader, twin = Client(), Client()
    members = UserFactory(display_name="Reader"), UserFactory(display_name="Reader Twin")
    reader.force_login(members[0])
    twin.force_login(members[1])
    pages = [f"{scene['thread'].get_absolute_url()}?page=1", reverse("forum:latest")]
    before = [page_without_tokens(reader, page) for page in pages]  # the cache is warm
    for page in pages:
        twin.get(page)
    change(scene)
    pages[0] = f"{Thread.objects.get(pk=scene['thread'].pk).get_absolute_url()}?page=1"  # a new title
    cached = [page_without_tokens(reader, page) for page in pages]
    settings.HAVEN_FRAGMENT_CACHE = False
    fresh = [
        page_without_tokens(twin, page)
        .replace("Reader Twin", "Reader")
        .replace(members[1].get_absolute_url(), members[0].get_absolute_url())
        for page in pages
    ]
    assert cached == fresh
    assert cached != before  # the change shows on one of the pages at least


def test_every_write_to_a_post_bumps_its_version(scene):
    post = scene["reply"]
    before = Post.objects.get(pk=post.pk).version
    Post.objects.filter(pk=post.pk).update(support_count=1)
    post.refresh_from_db()
    post.body_html = "<p>Changed</p>"
    post.save(update_fields=["body_html"])
    assert post.version == before + 2 == Post.objects.get(pk=post.pk).version


def test_a_private_setting_leaves_the_profile_version_alone(scene):
    member = scene["author"]
    before = member.profile_version
    member.mute_words = ["rota"]
    member.save(update_fields=["mute_words"])
    type(member).objects.filter(pk=member.pk).update(post_count=9)
    member.refresh_from_db()
    assert member.profile_version == before
