"""The circles pages: a member's circles (join, leave, invitations), and a circle's management for
its moderators and its organisation's admins (invite, withdraw an invitation, remove a member,
appoint moderators). Forum views, because a circle is shown through its categories; the writes are
orgs/services.py, the rules orgs/permissions.py.

A circle that is not the viewer's to see is not there (404), so its name never leaks by its id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Category
from orgs import permissions, selectors, services
from orgs.access import circles_of
from orgs.forms import InviteForm, RoleForm
from orgs.models import Circle, CircleInvitation, CircleMembership


@login_required
def circles(request):
    page = selectors.circles_page(request.user)
    categories: dict[int, list[Category]] = {}
    for category in Category.objects.readable_by(request.user).filter(circle__isnull=False):
        categories.setdefault(category.circle_id, []).append(category)
    for membership in page.memberships:
        membership.categories = categories.get(membership.circle_id, [])  # type: ignore[attr-defined]
    context = {
        "page": page,
        "organisations": selectors.organisation_resources(request.user),
        "administered": selectors.administered_organisations(request.user),
    }
    return render(request, "forum/circles.html", context)


def _circle_for_joining(request, pk) -> Circle:
    circle = get_object_or_404(Circle.objects.select_related("organisation"), pk=pk)
    if (
        not permissions.can_join_circle(request.user, circle)
        and circle.pk not in circles_of(request.user).member_of
    ):
        raise Http404("No such circle.")
    return circle


def _attempt(request, action, done: str) -> None:
    """Run ACTION (a service call) and tell the member DONE, or why the service refused."""
    try:
        action()
    except services.CircleError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, done)


def _accept(request, invitation: CircleInvitation):
    _attempt(
        request,
        lambda: services.accept_invitation(invitation, request.user),
        f"Welcome to {invitation.circle.name}.",
    )
    return redirect("circles:index")


@login_required
@require_POST
def join(request, pk):
    circle = _circle_for_joining(request, pk)
    _attempt(
        request,
        lambda: services.join_circle(circle, request.user),
        f"Welcome to {circle.name}. Its categories are on your home page.",
    )
    return redirect("circles:index")


@login_required
@require_POST
def leave(request, pk):
    circle = get_object_or_404(Circle, pk=pk, pk__in=sorted(circles_of(request.user).member_of))
    services.leave_circle(circle, request.user)
    messages.success(request, f"You've left {circle.name}. Your posts there stay.")
    return redirect("circles:index")


def _my_invitation(request, pk) -> CircleInvitation:
    return get_object_or_404(
        CircleInvitation.objects.usable().select_related("circle"), pk=pk, invitee=request.user
    )


@login_required
@require_POST
def accept(request, pk):
    return _accept(request, _my_invitation(request, pk))


@login_required
@require_POST
def decline(request, pk):
    invitation = _my_invitation(request, pk)
    services.decline_invitation(invitation, request.user)
    messages.success(request, "Invitation declined.")
    return redirect("circles:index")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_link(request, token):
    """An invitation link: shows which circle it is for, and joins on POST (single-use)."""
    invitation = services.invitation_for_link(token)
    if invitation is None:
        raise Http404("This invitation link has expired, was withdrawn or has been used.")
    if request.method == "POST":
        return _accept(request, invitation)
    return render(request, "forum/circle_invitation.html", {"invitation": invitation})


# --- Management -----------------------------------------------------------------------------------


def _managed_circle(request, pk) -> Circle:
    circle = get_object_or_404(Circle.objects.select_related("organisation"), pk=pk)
    if not permissions.can_manage_circle(request.user, circle):
        raise Http404("No such circle.")
    return circle


def _render_manage(request, circle, *, form=None, new_link=None):
    context = {
        "circle": circle,
        "members": selectors.circle_members(circle),
        "invitations": selectors.waiting_invitations(circle),
        "events": selectors.recent_events(circle),
        "form": form or InviteForm(),
        "new_link": new_link,
        "can_appoint": permissions.can_appoint_moderators(request.user, circle),
    }
    return render(request, "forum/circle_manage.html", context)


@login_required
def manage(request, pk):
    return _render_manage(request, _managed_circle(request, pk))


@login_required
@require_POST
def invite(request, pk):
    circle = _managed_circle(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_manage(request, circle, form=form)
    try:
        if form.cleaned_data.get("link"):
            _invitation, token = services.create_invitation_link(circle, request.user)
            link = request.build_absolute_uri(reverse("circles:invitation_link", args=[token]))
            return _render_manage(request, circle, new_link=link)
        services.invite_member(circle, request.user, form.cleaned_data["invitee"])
    except services.CircleError as error:
        form.add_error(None, str(error))
        return _render_manage(request, circle, form=form)
    messages.success(request, f"{form.cleaned_data['invitee'].display_name} is invited.")
    return redirect("circles:manage", pk=circle.pk)


@login_required
@require_POST
def revoke(request, pk):
    invitation = get_object_or_404(CircleInvitation.objects.select_related("circle"), pk=pk)
    _managed_circle(request, invitation.circle_id)
    _attempt(
        request, lambda: services.revoke_invitation(invitation, request.user), "The invitation is withdrawn."
    )
    return redirect("circles:manage", pk=invitation.circle_id)


def _managed_membership(request, pk) -> CircleMembership:
    membership = get_object_or_404(
        CircleMembership.objects.active().select_related("circle", "member"), pk=pk
    )
    _managed_circle(request, membership.circle_id)
    return membership


@login_required
@require_POST
def remove_member(request, pk):
    membership = _managed_membership(request, pk)
    _attempt(
        request,
        lambda: services.remove_member(membership, request.user),
        f"{membership.member.display_name} is no longer in the circle.",
    )
    return redirect("circles:manage", pk=membership.circle_id)


@login_required
@require_POST
def set_role(request, pk):
    membership = _managed_membership(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose member or circle moderator.")
        return redirect("circles:manage", pk=membership.circle_id)
    _attempt(
        request,
        lambda: services.set_circle_role(membership, request.user, form.cleaned_data["role"]),
        "The role is changed.",
    )
    return redirect("circles:manage", pk=membership.circle_id)
