"""The `resources:` pages: the list of resource pages (filterable by topic) and a page. Open to
everyone, signed in or not, like the crisis page that links to them: they are the site's own
writing, not members'."""

from django.shortcuts import render
from django.utils import timezone

from resources import selectors
from resources.permissions import can_manage_resources


def resource_list(request):
    listing = selectors.resource_list(request.user, request.GET.get("topic", ""))
    context = {
        "listing": listing,
        "staff": can_manage_resources(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "resources/list.html", context)


def resource_page(request, slug):
    page = selectors.resource_page(request.user, slug)
    staff = can_manage_resources(request.user)
    context = {"page": page, "staff": staff, "review_overdue": staff and page.review_is_overdue()}
    return render(request, "resources/page.html", context)
