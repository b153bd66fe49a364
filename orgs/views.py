"""An organisation admin's own pages in orgs: the tokens their identity provider calls the SCIM
endpoint with (orgs/scim_views.py). The monthly report is in reports; circles are managed from
forum's circle pages."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from orgs import provisioning
from orgs.forms import ScimTokenForm
from orgs.models import Organisation, ScimToken
from orgs.permissions import is_organisation_admin


def _administered(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_organisation_admin(request.user, organisation):
        raise Http404("No such organisation.")  # whether one exists is not a visitor's business
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)  # a token can sign members out of their circles
def scim_tokens(request, slug):
    """The organisation's SCIM tokens, and a form for a new one, shown once on the page that made it."""
    organisation = _administered(request, slug)
    form = ScimTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _row, new_token = provisioning.create_scim_token(
            organisation, form.cleaned_data["name"], request.user
        )
        form = ScimTokenForm()
    users = reverse("scim:users", args=[organisation.slug])
    context = {
        "organisation": organisation,
        "tokens": ScimToken.objects.filter(organisation=organisation).order_by("revoked_at", "-created_at"),
        "form": form,
        "new_token": new_token,
        "endpoint": request.build_absolute_uri(users.removesuffix("/Users")),
    }
    response = render(request, "orgs/scim_tokens.html", context, status=400 if form.errors else 200)
    if new_token:
        response["Cache-Control"] = "no-store"  # the token is shown once: never kept by a cache
    return response


@login_required
@require_POST
def revoke_scim_token(request, slug, pk):
    organisation = _administered(request, slug)
    token = get_object_or_404(ScimToken, pk=pk, organisation=organisation)
    provisioning.revoke_scim_token(token)
    messages.success(request, f"“{token.name}” is revoked: it no longer works.")
    return redirect("orgs:scim_tokens", slug=organisation.slug)
