import pytest
from django.urls import reverse

from forum import services

pytestmark = pytest.mark.django_db


def _edit(client, post, **data):
    return client.post(reverse("forum:edit_post", args=[post.pk]), data)


def test_author_edits_a_reply_and_the_old_version_is_kept(client, thread, other_member):
    reply = services.reply(thread=thread, author=other_member, body="Original words")
    client.force_login(other_member)
    response = _edit(client, reply, body="Better words")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Better words"
    assert reply.body_html == "<p>Better words</p>\n"
    assert reply.edited_at is not None
    assert list(reply.revisions.values_list("body", flat=True)) == ["Original words"]


def test_every_earlier_version_is_kept(member_client, thread):
    post = thread.opening_post
    for body in ["second", "third"]:
        _edit(member_client, post, title=thread.title, body=body)
    assert list(post.revisions.order_by("id").values_list("body", flat=True)) == [
        "Opening post body",
        "second",
    ]


def test_editing_the_opening_post_can_change_the_title(member_client, thread):
    _edit(member_client, thread.opening_post, title="A clearer title", body="Opening post body")
    thread.refresh_from_db()
    assert thread.title == "A clearer title"
    assert thread.opening_post.revisions.get().title == "Carrying it home"


def test_saving_without_changes_makes_no_revision(member_client, thread):
    _edit(member_client, thread.opening_post, title=thread.title, body="Opening post body")
    assert not thread.opening_post.revisions.exists()


def test_edited_marker_shows_on_the_thread_page(member_client, thread):
    _edit(member_client, thread.opening_post, title=thread.title, body="Changed")
    assert 'class="edited"' in member_client.get(thread.get_absolute_url()).content.decode()


def test_editing_another_members_post_is_refused(client, thread, other_member):
    client.force_login(other_member)
    response = _edit(client, thread.opening_post, title="Hijacked", body="Hijacked")
    assert response.status_code == 403
    thread.opening_post.refresh_from_db()
    assert thread.opening_post.body == "Opening post body"


def test_edit_form_of_another_members_post_is_refused(client, thread, other_member):
    client.force_login(other_member)
    assert client.get(reverse("forum:edit_post", args=[thread.opening_post.pk])).status_code == 403


def test_logged_out_visitor_cannot_edit(client, thread):
    assert _edit(client, thread.opening_post, body="x").status_code == 302


def test_only_the_author_sees_earlier_versions(client, thread, member, other_member):
    services.edit_post(post=thread.opening_post, editor=member, body="Redacted version")
    url = reverse("forum:post_history", args=[thread.opening_post.pk])
    client.force_login(other_member)
    assert client.get(url).status_code == 403
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Opening post body" in page


def test_edit_and_delete_links_show_only_to_the_author(client, thread, member, other_member):
    edit_url = reverse("forum:edit_post", args=[thread.opening_post.pk])
    client.force_login(other_member)
    assert edit_url not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(member)
    assert edit_url in client.get(thread.get_absolute_url()).content.decode()
