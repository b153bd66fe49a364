"""`manage.py delete_account`: an operator carries out a member's erasure request when the member
cannot sign in (for example, their organisation deprovisioned them and they have no email here),
exactly as the member's own deletion would."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forum import services
from forum.models import Post
from tests.factories import IdentityProviderMemberFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("delete_account", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


@pytest.fixture
def provider_member():
    return IdentityProviderMemberFactory(display_name="Quiet Harbour")


def test_it_deletes_the_account_as_the_members_own_deletion_does(provider_member):
    _run(provider_member.pk, "--keep-posts", "--no-input")
    provider_member.refresh_from_db()
    assert provider_member.is_deleted_account
    assert not provider_member.is_active
    assert provider_member.display_name.startswith("Former member")


def test_keeping_posts_leaves_them_as_by_a_former_member(provider_member, thread):
    post = services.reply(thread=thread, author=provider_member, body="What helped me this winter")
    _run(provider_member.pk, "--keep-posts", "--no-input")
    post.refresh_from_db()
    assert not post.is_deleted
    assert post.author is None  # shown as by "Former member"


def test_deleting_posts_deletes_them_too(provider_member, thread):
    post = services.reply(thread=thread, author=provider_member, body="What helped me this winter")
    _run(provider_member.pk, "--delete-posts", "--no-input")
    assert Post.objects.get(pk=post.pk).is_deleted


def test_it_says_what_it_did(provider_member):
    assert f"Deleted account {provider_member.pk}" in _run(provider_member.pk, "--keep-posts", "--no-input")


def test_it_asks_for_the_display_name_and_stops_on_another(provider_member, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "Quiet Harbor")
    with pytest.raises(CommandError, match="nothing was deleted"):
        _run(provider_member.pk, "--keep-posts")
    provider_member.refresh_from_db()
    assert not provider_member.is_deleted_account


def test_typing_the_display_name_goes_on(provider_member, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "Quiet Harbour")
    _run(provider_member.pk, "--keep-posts")
    provider_member.refresh_from_db()
    assert provider_member.is_deleted_account


def test_an_unknown_account_is_a_clear_error():
    with pytest.raises(CommandError, match="no account number 999999"):
        _run(999999, "--keep-posts", "--no-input")


def test_an_account_deleted_already_is_a_clear_error(provider_member):
    _run(provider_member.pk, "--keep-posts", "--no-input")
    with pytest.raises(CommandError, match="already deleted"):
        _run(provider_member.pk, "--delete-posts", "--no-input")


def test_it_needs_to_be_told_what_happens_to_the_posts(provider_member):
    with pytest.raises(CommandError):
        _run(provider_member.pk, "--no-input")
    provider_member.refresh_from_db()
    assert not provider_member.is_deleted_account


def test_the_admin_offers_no_raw_delete_of_an_account(provider_member):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import UserFactory, give_totp

    admin = Client()
    admin.force_login(give_totp(UserFactory(is_staff=True, is_superuser=True)))
    response = admin.post(reverse("admin:accounts_user_delete", args=[provider_member.pk]), {"post": "yes"})
    assert response.status_code == 403
    provider_member.refresh_from_db()
    assert provider_member.is_active
