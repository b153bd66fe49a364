import datetime
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from forum import services
from forum.models import Category, Thread
from moderation import peer_services

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = factory.django.Password(PASSWORD)
    is_trusted = True  # newcomers (pre-moderated) are made explicitly with is_trusted=False
    # members have agreed to the current privacy notice (tests/accounts/test_consent.py covers those who haven't)
    consented_notice_version = factory.LazyFunction(lambda: settings.HAVEN_PRIVACY_NOTICE_VERSION)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class SettledMemberFactory(UserFactory):
    """A member who joined a month ago: past the first days, before which private messages are
    closed (HAVEN_MESSAGES_MIN_DAYS)."""

    date_joined = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


class IdentityProviderMemberFactory(UserFactory):
    """A member who signed in through their organisation's identity provider (orgs/identity.py)
    and added nothing since: no email address and no password."""

    email = None
    password = factory.django.Password(None)  # unusable

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        pass  # no address to verify


def give_totp(user):
    """USER with an authenticator app set up (moderators act as moderators only with one)."""
    TOTP.activate(user, generate_totp_secret())
    return user


class ModeratorFactory(UserFactory):
    """A moderator who has set up two-factor sign-in, and so acts as one (User.acts_as_moderator)."""

    is_moderator = True

    @factory.post_generation
    def authenticator(user, create, extracted, **kwargs):
        if create and extracted is not False:
            give_totp(user)


def mark_recently_reauthenticated(client, user):
    """What allauth's reauthentication page records after the member re-enters their password."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "A place to talk."


def make_thread(*, author=None, category=None, title="A thread title", body="Opening post", replies=0):
    """A thread through the real service, optionally with REPLIES replies by other members."""
    thread = services.create_thread(
        author=author or UserFactory(), category=category or CategoryFactory(), title=title, body=body
    )
    for n in range(replies):
        services.reply(thread=thread, author=UserFactory(), body=f"Reply number {n + 1}")
    thread.refresh_from_db()
    return thread


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orgs.Organisation"

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class CircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orgs.Circle"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Circle {n}")
    joining = "invitation"


def add_to_circle(circle, member, role="member"):
    """MEMBER in CIRCLE (as a circle moderator with ROLE="moderator"), as the admin adds them."""
    from orgs.models import CircleMembership

    return CircleMembership.objects.create(circle=circle, member=member, role=role)


def add_to_organisation(organisation, member, role="member"):
    from orgs.models import OrganisationMembership

    return OrganisationMembership.objects.create(organisation=organisation, member=member, role=role)


def make_peer_supporter(member=None, *, course="Peer support foundations"):
    """A member a moderator made a peer supporter, through the real service."""
    member = member or UserFactory()
    peer_services.grant_peer_supporter(
        member, ModeratorFactory(), trained_on=datetime.date(2026, 1, 15), course=course
    )
    member.refresh_from_db()
    return member


def age_thread(thread, hours):
    """Move THREAD's start HOURS into the past (the watch reads created_at)."""
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))
    thread.refresh_from_db()
    return thread


def link_identity_provider(organisation, *, client_id, secret, server_url, name=None):
    """What an operator does in the admin: a SocialApp (allauth's) for the organisation's OpenID
    Connect client, and the organisation's IdentityProvider pointing at it."""
    from allauth.socialaccount.models import SocialApp

    from orgs.models import IdentityProvider

    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=client_id,
        name=name or organisation.name,
        client_id=client_id,
        secret=secret,
        settings={"server_url": server_url},
    )
    IdentityProvider.objects.create(organisation=organisation, app=app)
    return app


def link_saml_identity_provider(
    organisation, *, client_id, provider, name=None, certificate=None, metadata_url=None
):
    """What an operator does in the admin for a SAML 2.0 provider: a SocialApp (allauth's, provider
    "saml") with the provider's entity id, sign-on URL and certificate (PROVIDER: a running
    tests/idp/saml.py provider), and the organisation's IdentityProvider pointing at it. With
    METADATA_URL, the entity id and that URL only: Haven reads the rest from the provider's
    metadata, as an operator whose provider publishes it would configure it."""
    from allauth.socialaccount.models import SocialApp

    from orgs.models import IdentityProvider

    idp = (
        {"entity_id": provider.entity_id, "metadata_url": metadata_url}
        if metadata_url
        else {
            "entity_id": provider.entity_id,
            "sso_url": provider.sso_url,
            "x509cert": certificate or provider.certificate,
        }
    )
    app = SocialApp.objects.create(
        provider="saml",
        provider_id=client_id,
        name=name or organisation.name,
        client_id=client_id,
        settings={
            "idp": idp,
            # The test client's host, "testserver", has no dot, which python3-saml refuses by default.
            "advanced": {"allow_single_label_domains": True},
        },
    )
    IdentityProvider.objects.create(organisation=organisation, app=app)
    return app


class ReferralEntryFactory(factory.django.DjangoModelFactory):
    """A referral entry: the deployment's own unless given an organisation."""

    class Meta:
        model = "orgs.ReferralEntry"

    organisation = None
    kind = "employee_assistance"
    name = factory.Sequence(lambda n: f"Support service {n}")
    description = "Free, confidential counselling."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Topic"

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ResourcePageFactory(factory.django.DjangoModelFactory):
    """A published resource page, reviewed a month ago and due again in eleven months."""

    class Meta:
        model = "resources.ResourcePage"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource page {n}")
    slug = factory.Sequence(lambda n: f"resource-page-{n}")
    summary = "A short summary."
    body = "Some **helpful** words."
    status = "published"
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    next_review = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
