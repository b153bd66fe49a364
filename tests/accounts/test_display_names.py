"""Display names that could pass for someone else are refused, wherever a name is chosen: at sign-up,
on the profile page and in the admin (one rule, accounts/names.py). Audit issue 25, item 5."""

import html
import importlib

import pytest
from django.apps import apps
from django.contrib.admin import site
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts import names
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "newcomer@example.org",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
    "consent": "on",
}
CYRILLIC_A = "\u0430"  # looks like a Latin a
GREEK_CAPITAL_IOTA = "\u0399"  # looks like a Latin I
RESERVED_NAMES = [
    "Anonymous member",
    "Former member",
    "Former Member 12",
    "Haven Team",
    "Haven",
    "Safe Haven",
    "Jo the Moderator",
    "Moderators",
    "m0derator",
    "M.o.d.e.r.a.t.o.r",
    "Mod Team",
    "Mod Jo",
    "JoMod",
    "Admin",
    "adm1n",
    "Admin1",
    "A d m i n",
    "Administrator",
    "Sysadmin",
    "Staff",
    "5taff",
    "Support Team",
    "System",
    "Deleted",
    "Deleted user",
    "Official",
    "H4ven Team",
]
ORDINARY_NAMES = [
    "Badminton Fan",
    "Staffordshire Nurse",
    "Modern Nurse",
    "Moderate Jo",
    "Havenly",
    "Systemic Thinker",
    "Peer Support Jo",
    "Anne M",
    "Dev R",
]
NAMES_IN_ONE_OTHER_SCRIPT = ["Иван Петров", "Ελένη", "田中さん", "김민지", "Yuki 雪"]


def _sign_up(client, display_name: str):
    return client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})


def _refused_with(response, message: str) -> bool:
    return response.status_code == 200 and html.escape(message) in response.content.decode()


def _rename(client, display_name: str):
    return client.post(reverse("accounts:edit_profile"), {"display_name": display_name, "bio": "Hello"})


# --- Sign-up --------------------------------------------------------------------------------------


@pytest.mark.parametrize("display_name", RESERVED_NAMES)
def test_sign_up_refuses_names_that_could_pass_for_haven_or_a_missing_member(client, display_name):
    response = _sign_up(client, display_name)
    assert response.status_code == 200
    assert "are kept for Haven itself, so that nobody is misled." in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_the_refusal_names_the_reserved_word(client):
    response = _sign_up(client, "Kind m0derator")
    assert "Please choose another name: names with “moderator” in them" in response.content.decode()


@pytest.mark.parametrize("display_name", ORDINARY_NAMES)
def test_sign_up_accepts_ordinary_names_that_contain_a_reserved_word_inside_another(client, display_name):
    response = _sign_up(client, display_name)
    assert response.status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).display_name == display_name


@pytest.mark.parametrize(
    ("display_name", "alphabets"),
    [
        (f"Quiet H{CYRILLIC_A}rbour", "Cyrillic and Latin"),
        (f"{GREEK_CAPITAL_IOTA}van", "Greek and Latin"),
        ("Ivan Петров", "Cyrillic and Latin"),
    ],
)
def test_sign_up_refuses_names_that_mix_alphabets(client, display_name, alphabets):
    response = _sign_up(client, display_name)
    assert _refused_with(
        response,
        f"Please use letters from one alphabet: this name mixes {alphabets} letters, which can look alike.",
    )
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("display_name", NAMES_IN_ONE_OTHER_SCRIPT)
def test_sign_up_accepts_names_written_in_another_alphabet(client, display_name):
    assert _sign_up(client, display_name).status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).display_name == display_name


@pytest.mark.parametrize(
    ("existing", "look_alike"),
    [
        ("Quiet Harbour", "quiet.harbour"),
        ("Quiet Harbour", "Quiet_Harbour"),
        ("Quiet Harbour", "QuietHarbour"),
        ("Ian Grey", "lan Grey"),  # a small L for a capital i
        ("Member 1", "Member l"),
        ("Rob", "R0b"),
        ("POMA", "РОМА"),  # wholly Cyrillic, so not mixed, but it reads as the Latin name
        ("Grace", "𝐆𝐫𝐚𝐜𝐞"),  # mathematical bold letters
    ],
)
def test_sign_up_refuses_a_look_alike_of_an_existing_members_name(client, existing, look_alike):
    UserFactory(display_name=existing)
    response = _sign_up(client, look_alike)
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_a_look_alike_gets_the_too_close_message(client):
    UserFactory(display_name="POMA")
    response = _sign_up(client, "РОМА")
    assert _refused_with(response, "That name is too close to an existing member's name.")


def test_the_same_name_in_another_case_is_still_already_taken(client):
    UserFactory(display_name="Quiet Harbour")
    assert _refused_with(_sign_up(client, "QUIET HARBOUR"), "That display name is already taken.")


def test_a_deleted_members_name_can_be_taken_again(client, member):
    from forum import member_services

    name = member.display_name
    member_services.delete_account(member, member_services.KEEP_POSTS)
    assert _sign_up(client, name).status_code == 302


@pytest.mark.parametrize(
    "display_name",
    [
        "Jo\u3164",  # a Hangul filler, a letter that shows nothing
        "Jo\u200bMo",  # a zero-width space
        "Jo\u202eoM",  # a right-to-left override
        "Jo\u0301e",  # a combining accent on its own
        "𝐀𝐝𝐦𝐢𝐧",  # mathematical bold letters
        "ＡＤＭＩＮ",  # fullwidth letters
        "a" * 31,
        "🙂 Smile",
        "x",
        "  ",
    ],
)
def test_odd_names_get_a_form_error_never_a_server_error(client, display_name):
    response = _sign_up(client, display_name)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


# --- Renaming on the profile page -----------------------------------------------------------------


def test_renaming_to_a_reserved_name_is_refused(member_client, member):
    response = _rename(member_client, "Haven Team")
    assert "are kept for Haven itself" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name != "Haven Team"


def test_renaming_to_a_mixed_alphabet_name_is_refused(member_client, member):
    response = _rename(member_client, f"Quiet H{CYRILLIC_A}rbour")
    assert _refused_with(
        response,
        "Please use letters from one alphabet: this name mixes Cyrillic and Latin letters, which can look alike.",
    )


def test_renaming_to_a_look_alike_of_another_member_is_refused(member_client, member):
    UserFactory(display_name="Grace")
    response = _rename(member_client, "GRACE")
    assert _refused_with(response, "That display name is already taken.")
    response = _rename(member_client, "G.race")
    assert _refused_with(response, "That name is too close to an existing member's name.")
    member.refresh_from_db()
    assert member.display_name != "G.race"


def test_a_member_may_restyle_their_own_name(member_client):
    member = UserFactory(display_name="Quiet Harbour")
    member_client.force_login(member)
    assert _rename(member_client, "quiet.harbour").status_code == 302
    member.refresh_from_db()
    assert member.display_name == "quiet.harbour"


def test_a_name_chosen_before_the_rules_may_be_kept_while_editing_the_profile(member_client):
    member = UserFactory(display_name="Admin Jo")  # written directly, as the rules never saw it
    member_client.force_login(member)
    response = _rename(member_client, "Admin Jo")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio == "Hello"


# --- The admin ------------------------------------------------------------------------------------


def _admin_change_form(rf, member, **changes):
    request = rf.post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = site._registry[User].get_form(request, member, change=True)
    data = {**model_to_dict(member), **changes}
    data = {key: value for key, value in data.items() if value is not None and key != "password"}
    return form_class(data, instance=member)


def test_the_admin_refuses_a_look_alike_and_a_reserved_name(rf):
    UserFactory(display_name="POMA")
    member = UserFactory()
    form = _admin_change_form(rf, member, display_name="РОМА")
    assert not form.is_valid()
    assert form.errors["display_name"] == ["That name is too close to an existing member's name."]
    member.refresh_from_db()
    form = _admin_change_form(rf, member, display_name="Moderator Jo")
    assert not form.is_valid()
    assert "kept for Haven itself" in form.errors["display_name"][0]


def test_the_admins_add_form_refuses_a_reserved_name(rf):
    request = rf.post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = site._registry[User].get_form(request, None, change=False)
    password = "a-long-enough-passphrase"
    data = {
        "email": "new@example.org",
        "password1": password,
        "password2": password,
        "usable_password": "true",
    }
    form = form_class({**data, "display_name": "Haven Team"})
    assert not form.is_valid()
    assert "kept for Haven itself" in form.errors["display_name"][0]
    assert form_class({**data, "display_name": "Quiet Harbour"}).is_valid()


def test_the_admin_saves_an_ordinary_rename(rf):
    member = UserFactory()
    form = _admin_change_form(rf, member, display_name="Quiet Harbour")
    assert form.is_valid(), form.errors
    form.save()
    member.refresh_from_db()
    assert (member.display_name, member.display_name_skeleton) == ("Quiet Harbour", "quietharbour")


# --- The stored skeletons -------------------------------------------------------------------------


def test_every_saved_name_stores_its_skeletons():
    member = UserFactory(display_name="Ian Grey")
    assert (member.display_name_skeleton, member.display_name_cased_skeleton) == names.skeletons("Ian Grey")
    member.display_name = "Quiet Harbour"
    member.save(update_fields=["display_name"])
    member.refresh_from_db()
    assert member.display_name_skeleton == "quietharbour"


def test_the_database_refuses_two_look_alike_names_however_they_are_saved():
    UserFactory(display_name="POMA")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(display_name="РОМА")


def test_the_migration_keeps_the_earliest_of_existing_look_alikes_and_leaves_the_others():
    migration = importlib.import_module("accounts.migrations.0006_display_name_skeletons")
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    User.objects.update(display_name_skeleton=None, display_name_cased_skeleton=None)
    # Names as they might be from before: two look alike, the third stands apart.
    User.objects.filter(pk=first.pk).update(display_name="Quiet Harbour")
    User.objects.filter(pk=second.pk).update(display_name="quiet.harbour")
    User.objects.filter(pk=third.pk).update(display_name="Grace")

    migration.fill_skeletons(apps, schema_editor=None)

    stored = dict(User.objects.values_list("display_name", "display_name_skeleton"))
    assert stored == {"Quiet Harbour": "quietharbour", "quiet.harbour": None, "Grace": "grace"}


def test_a_look_alike_name_taken_during_sign_up_comes_back_as_a_form_error(client, monkeypatch):
    """Two sign-ups at once: the second passes the check before the first is saved, then meets the
    database's look-alike constraint; it gets its form back with the reason, not a 500."""
    from accounts import names as names_module

    monkeypatch.setattr(names_module, "check_display_name", lambda name, member=None: None)
    UserFactory(display_name="Quiet Harbour")
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "quiet.harbour",
            "email": "late@example.org",
            "password1": "a-long-test-password-1",
            "password2": "a-long-test-password-1",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "a moment ago" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()
