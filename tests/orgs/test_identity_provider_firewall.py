"""The pseudonymity firewall, table by table: after members have signed in through their
organisation's provider (which sends their real names and work emails unasked), posted and been
notified, no row of any table holds a real name, a work email or a raw subject identifier. Session
data is read decoded, as Haven itself reads it."""

import base64
import json
import re
from importlib import import_module
from urllib.parse import unquote_plus

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.test import Client

from accounts.models import User
from forum import services
from tests.factories import CategoryFactory
from tests.idp.provider import DESMOND, ROSALIND, first_sign_in, through_provider
from tests.idp.saml import first_saml_sign_in, start_saml_sign_in, through_saml_provider

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, ArrayField)


def what_the_provider_knows(person: dict) -> list[str]:
    return [
        person["first_name"],
        person["last_name"],
        person["email"],
        person["email"].partition("@")[0],
        person["username"],  # the subject
        person["username"].split("-")[1],  # the employee number inside it
    ]


def saml_messages(text: str) -> list[str]:
    """The SAML messages in TEXT, decoded: allauth keeps a posted assertion (base64, form-encoded)
    in a session of its own until the sign-in finishes."""
    encoded = re.findall(r"SAMLResponse=([A-Za-z0-9%+._-]+)", text)
    return [base64.b64decode(unquote_plus(message)).decode(errors="replace") for message in encoded]


def every_stored_text():
    """(table, column, text) for every text, char, JSON and array column of every row of every
    table Django knows, sessions decoded."""
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)]
        for row in model._default_manager.values(*[field.attname for field in fields]):
            for column, value in row.items():
                if value in (None, "", [], {}):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                if issubclass(model, AbstractBaseSession) and column == "session_data":
                    text = json.dumps(session_store().decode(value), default=str)
                    text += "".join(saml_messages(text))
                yield model._meta.db_table, column, text


def test_no_table_holds_a_real_name_work_email_or_subject(trust_a):
    category = CategoryFactory(name="Nights")
    rosalind = first_sign_in("trust-a", ROSALIND, "Quiet Harbour")
    first_sign_in("trust-a", DESMOND, "Steady Lantern")
    through_provider(rosalind, "trust-a", ROSALIND)  # and once more, as a returning member
    quiet_harbour = User.objects.get(display_name="Quiet Harbour")
    thread = services.create_thread(
        category=category, author=quiet_harbour, title="After nights", body="Hard week."
    )
    services.reply(
        thread=thread,
        author=User.objects.get(display_name="Steady Lantern"),
        body="@Quiet Harbour same here.",
    )

    needles = [needle.lower() for person in (ROSALIND, DESMOND) for needle in what_the_provider_knows(person)]
    rows = list(every_stored_text())
    found = [
        (table, column, needle)
        for table, column, text in rows
        for needle in needles
        if needle in text.lower()
    ]

    assert found == []
    tables = {table for table, _, _ in rows}
    assert {
        "socialaccount_socialaccount",
        "accounts_user",
        "accounts_membersession",
        "orgs_organisationmembership",
        "forum_post",
    } <= tables


def test_no_table_holds_what_a_saml_provider_sent(saml_trust_a):
    """The SAML provider sends each person's NameID (their employee number), real name and work
    email as signed attributes; after first and returning sign-ins and posts, none is stored."""
    category = CategoryFactory(name="Nights")
    first_assertion = start_saml_sign_in(Client(), "trust-a-saml", ROSALIND)
    assert ROSALIND["email"] in first_assertion.xml and ROSALIND["first_name"] in first_assertion.xml
    rosalind = first_saml_sign_in("trust-a-saml", ROSALIND, "Quiet Harbour")
    first_saml_sign_in("trust-a-saml", DESMOND, "Steady Lantern")
    through_saml_provider(rosalind, "trust-a-saml", ROSALIND)  # and once more, as a returning member
    services.create_thread(
        category=category,
        author=User.objects.get(display_name="Quiet Harbour"),
        title="After nights",
        body="Hard week.",
    )

    needles = [needle.lower() for person in (ROSALIND, DESMOND) for needle in what_the_provider_knows(person)]
    rows = list(every_stored_text())
    found = [
        (table, column, needle)
        for table, column, text in rows
        for needle in needles
        if needle in text.lower()
    ]

    assert found == []
    tables = {table for table, _, _ in rows}
    assert {
        "socialaccount_socialaccount",
        "accounts_user",
        "orgs_organisationmembership",
        "forum_post",
    } <= tables
