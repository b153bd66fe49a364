"""Sign-in through an organisation's identity provider, behind a pseudonymity firewall (issue 23,
item 2).

An organisation's provider (an OpenID Connect server or a SAML 2.0 identity provider: one of
allauth's SocialApps, linked to the organisation by `IdentityProvider`) attests one thing only: that the person signing in is one of
the organisation's people. Haven keeps a keyed hash of the provider's identifier for them (the
"subject") so that they come back to the same account, and nothing else the provider says: no
name, no work email, no claims, no tokens. The member picks a pseudonym on their first sign-in, as
everyone does, and may add an email for notifications later. Without HAVEN_IDENTITY_HASH_KEY nobody,
the organisation included, can tell which member a subject they know belongs to.

allauth's flow stays allauth's; this adapter (SOCIALACCOUNT_ADAPTER) adjusts three of its hooks:
- `populate_user` runs as soon as the provider's answer is read, before allauth looks the account
  up, keeps it in the session or saves it: the subject (OpenID Connect's `sub`, SAML's NameID)
  becomes its hash (SocialAccount.uid), and the claims or attributes (`extra_data`), addresses and
  phone are dropped; the new member has no email or name.
- `pre_social_login` drops the tokens (an ID token carries the claims too), refuses a provider
  that belongs to no organisation, and makes a returning member a member of the organisation again.
- `save_user` makes the new member (with the pseudonym from the sign-up form) a member of the
  provider's organisation, in the same transaction as their account.

When the provider's server does not answer, the visitor gets a calm 502 page (never a 500):
`IdentityProviderUnavailableMiddleware` for the log-in redirect, which allauth does not guard, and
`on_authentication_error` for the callback, which allauth turns into an authentication error.
"""

import logging
from collections.abc import Callable
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

import requests
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import build_auth
from allauth.utils import get_request_param
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from lxml import etree
from onelogin.saml2.errors import OneLogin_Saml2_Error

from orgs import provisioning, services
from orgs.models import IdentityProvider, Organisation, identity_digest

logger = logging.getLogger(__name__)

# allauth's views that talk to the provider's server (its discovery document, token and keys).
PROVIDER_VIEWS = {"openid_connect_login", "openid_connect_callback"}
# allauth's SAML views (allauth.socialaccount.providers.saml): they fetch the provider's metadata
# when it is configured by URL, and read the Host header directly (python3-saml's request).
ACS_SESSION_SECONDS = 300
SAML_VIEWS = {"saml_login", "saml_acs", "saml_finish_acs", "saml_sls", "saml_metadata"}


class ForcingSAMLProvider(SAMLProvider):
    """allauth's SAML provider (SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]), which also
    passes on a request to sign in afresh: the link that OpenID Connect gives `prompt=login`
    (confirming an account's deletion, templates/accounts/delete_account_sign_in_again.html) asks
    a SAML provider with ForceAuthn="true", so that it asks for the password again rather than
    answering from a session someone left open. allauth's own `redirect` sends every request
    without it."""

    package = "allauth.socialaccount.providers.saml"  # where allauth finds its URLs and views

    def get_redirect_from_request_kwargs(self, request: HttpRequest) -> dict:
        kwargs = super().get_redirect_from_request_kwargs(request)
        auth_params = get_request_param(request, "auth_params", "") or ""
        kwargs["force_authn"] = "prompt=login" in auth_params.split("&")
        return kwargs

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: dict | None = None,
        force_authn: bool = False,
        **kwargs: Any,
    ) -> HttpResponse:
        auth = build_auth(request, self)
        # return_to="": allauth's choice (None would return to the current view).
        location = auth.login(return_to="", force_authn=force_authn)
        self.stash_redirect_state(
            request, process, next_url, data, state_id=auth.get_last_request_id(), **kwargs
        )
        return HttpResponseRedirect(location)


def _signed_logout_message(request: HttpRequest) -> bool:
    """Whether a request to the SAML logout endpoint carries a signed logout message (a request
    from the provider, or its answer to one of Haven's), as the HTTP-Redirect binding signs it."""
    has_message = "SAMLRequest" in request.GET or "SAMLResponse" in request.GET
    return has_message and bool(request.GET.get("Signature")) and bool(request.GET.get("SigAlg"))


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The page for a provider whose server did not answer: try again later."""
    response = render(request, "orgs/identity_provider_unavailable.html", status=502)
    response["Cache-Control"] = "no-store"
    return response


class IdentityProviderUnavailableMiddleware:
    """A 502 page instead of a 500 when allauth's provider views could not reach the provider's
    server: the log-in view fetches the provider's configuration before redirecting, outside any
    error handling of allauth's. And the site's pages, never a 500 or a bare text, for what
    allauth's SAML views do not handle themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        acs_session = getattr(request, "saml_acs_session", None)
        if match and match.url_name == "saml_acs" and acs_session is not None and acs_session.session_key:
            # allauth keeps the posted assertion (name and email attributes included) in a session
            # of its own until the browser reaches the finish view, which deletes it. One the browser
            # never finishes expires in minutes, not weeks, and goes with the next retention run.
            acs_session.set_expiry(ACS_SESSION_SECONDS)
            acs_session.save()
        if match and match.url_name == "saml_sls" and response.status_code == 400:
            # allauth's SAML logout view answers a logout message it cannot accept with the bare
            # reason in plain text: the visitor gets the site's page instead.
            return render(request, "400.html", status=400)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # A request without a Host header (HTTP/1.0) would be a KeyError in allauth's SAML views:
        # they are given the host Django validated (ALLOWED_HOSTS) instead.
        match = request.resolver_match
        if match and match.url_name in SAML_VIEWS and "HTTP_HOST" not in request.META:
            request.META["HTTP_HOST"] = request.get_host()
        if match and match.url_name == "saml_sls" and not _signed_logout_message(request):
            # python3-saml checks a logout message's signature only when one is sent (or when every
            # message must be signed, which most providers' sign-in answers are not): an unsigned
            # one would let any page sign a member out. A provider signs its logout messages.
            return render(request, "400.html", status=400)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if isinstance(exception, requests.RequestException) and match and match.url_name in PROVIDER_VIEWS:
            return unavailable_response(request)
        if isinstance(exception, URLError) and match and match.url_name in SAML_VIEWS:
            return unavailable_response(request)  # the provider's metadata URL did not answer
        if isinstance(exception, etree.XMLSyntaxError) and match and match.url_name in SAML_VIEWS:
            # An answer that is not XML at all, which allauth's view does not catch.
            return render(request, "socialaccount/authentication_error.html", status=400)
        if isinstance(exception, AssertionError) and match and match.url_name == "saml_sls":
            # python3-saml asserts that there is an address to answer a provider's logout request
            # at, and there is none when the provider's settings give no `slo_url` (and its
            # metadata none): the member is signed out by then; the provider gets no answer.
            logger.warning("SAML single logout: the identity provider's settings have no slo_url")
            return HttpResponseRedirect(get_account_adapter(request).get_logout_redirect_url(request))
        if isinstance(exception, OneLogin_Saml2_Error) and match and match.url_name in SAML_VIEWS:
            # The provider's settings in the admin are incomplete or invalid: the operator's to fix.
            logger.error("SAML identity provider misconfigured: %s", exception)
            return render(request, "orgs/identity_provider_unlinked.html", status=503)
        return None


def organisation_of(sociallogin: SocialLogin) -> Organisation | None:
    """The organisation whose provider SOCIALLOGIN came through; None for a provider that is not
    linked to one (or not configured in the database)."""
    app = sociallogin.provider.app
    if app is None or app.pk is None:
        return None
    link = IdentityProvider.objects.select_related("organisation").filter(app_id=app.pk).first()
    return link.organisation if link is not None else None


def provider_urls(settings: dict) -> list[str]:
    """The URLs a SocialApp's SETTINGS send browsers to: an OpenID Connect provider's server, a
    SAML provider's sign-on URL (or, configured by metadata, the metadata's host)."""
    idp = settings.get("idp")
    if not isinstance(idp, dict):
        idp = {}
    return [
        str(url) for url in (settings.get("server_url"), idp.get("sso_url"), idp.get("metadata_url")) if url
    ]


def identity_provider_origins() -> list[str]:
    """The origins (scheme://host[:port]) of the organisations' identity providers."""
    origins = set()
    for link in IdentityProvider.objects.select_related("app"):
        for url in provider_urls(link.app.settings):
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def allows_forms_to_identity_providers(view: Callable) -> Callable:
    """VIEW, with its page allowed to send a form on to the identity providers. The sign-in buttons
    post to Haven, which redirects to the provider, and browsers apply the page's CSP
    `form-action` to that redirect too: the providers' origins join 'self' there."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        config: dict[str, Any] = {
            **settings.SECURE_CSP,
            "form-action": [CSP.SELF, *identity_provider_origins()],
        }
        return csp_override(config)(view)(request, *args, **kwargs)

    return wrapped


class IdentityProviderAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Exception | None = None,
        extra_context: dict | None = None,
    ) -> None:
        if isinstance(exception, requests.RequestException):
            raise ImmediateHttpResponse(unavailable_response(request))
        super().on_authentication_error(request, provider, error, exception, extra_context)

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> Any:
        account = sociallogin.account
        organisation = organisation_of(sociallogin)
        # What SCIM matches a sign-in against (orgs/provisioning.py): a digest per organisation.
        # The flow carries only this, never the subject, to the step that records the sign-in.
        # allauth sets the login's state after this hook, so the digest waits on the request until
        # pre_social_login, in this same request, moves it into the state.
        if organisation is not None:
            setattr(request, ORGANISATION_DIGEST, identity_digest(organisation.pk, account.uid))
        account.extra_data = {}
        account.uid = identity_digest(account.provider, account.uid)
        sociallogin.email_addresses = []
        sociallogin.phone = None
        # The new member (sociallogin.user) is left as allauth made it: no email, no name.
        return sociallogin.user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        sociallogin.token = None  # never stored (SOCIALACCOUNT_STORE_TOKENS), nor kept in the session
        digest = getattr(request, ORGANISATION_DIGEST, None)
        if digest:
            sociallogin.state[ORGANISATION_DIGEST] = digest
        organisation = organisation_of(sociallogin)
        if organisation is None:
            raise ImmediateHttpResponse(render(request, "orgs/identity_provider_unlinked.html", status=403))
        if sociallogin.is_existing:
            _record_sign_in(request, organisation, sociallogin.user, sociallogin)
        elif sociallogin.state.get("process") == AuthProcess.CONNECT and request.user.is_authenticated:
            # A member connecting their organisation's provider to the account they have.
            _record_sign_in(request, organisation, request.user, sociallogin)

    @transaction.atomic  # the member, their hashed subject and their membership
    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        member = super().save_user(request, sociallogin, form=form)
        organisation = organisation_of(sociallogin)
        if organisation is not None:  # checked in pre_social_login; unlinked since: no membership
            _record_sign_in(request, organisation, member, sociallogin)
        return member


ORGANISATION_DIGEST = "haven_organisation_digest"


def _record_sign_in(
    request: HttpRequest, organisation: Organisation, member: Any, sociallogin: SocialLogin
) -> None:
    """The provider vouched for MEMBER: their organisation membership, with the digest SCIM knows
    them by, unless SCIM has deprovisioned them (then the sign-in is refused)."""
    digest = sociallogin.state.get(ORGANISATION_DIGEST)
    try:
        if digest:
            provisioning.record_sign_in_by_digest(organisation, member, digest)
        else:
            services.join_through_identity_provider(organisation, member)
    except provisioning.IdentityDeprovisioned:
        raise ImmediateHttpResponse(
            render(request, "orgs/identity_provider_unlinked.html", {"deprovisioned": True}, status=403)
        ) from None
