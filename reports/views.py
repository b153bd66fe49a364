"""An organisation admin's report page and its CSV export (reports/selectors.py has the rules)."""

import csv
from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone

from forum import charts
from orgs.models import Organisation
from orgs.permissions import is_organisation_admin
from reports import selectors


@login_required
def organisation_report(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_organisation_admin(request.user, organisation):
        raise Http404("No such report.")  # whether an organisation exists is not a visitor's business
    tz = timezone.get_current_timezone()
    months = selectors.month_starts(timezone.now(), tz)
    offered = {month.strftime("%Y-%m"): month for month in months}
    chosen = request.GET.get("month") or months[-2].strftime("%Y-%m")  # the last whole month
    context = {
        "organisation": organisation,
        "months": [(key, _month_name(month)) for key, month in offered.items()],
    }
    if chosen not in offered:
        context["error"] = "Choose a month from the list: reports cover the last twelve months."
        return render(request, "reports/organisation_report.html", context, status=400)
    report = selectors.organisation_report(organisation, offered[chosen], tz)
    if request.GET.get("format") == "csv":
        return _csv(report)
    monthly = selectors.posts_per_month(organisation, months, tz)
    chart = charts.bar_chart(
        slug="posts-per-month",
        title="Posts in the circles per month",
        labels=[each.name for each in monthly],
        series=[charts.Series("Posts", [each.value if each.shown else None for each in monthly])],
        label_heading="Month",
        description=f"Threads and replies each month; a month whose posts came from fewer than "
        f"{selectors.MIN_MEMBERS} members shows a dash.",
    )
    context.update(
        report=report,
        chosen=chosen,
        month_name=_month_name(report.month),
        chart=chart,
        min_members=selectors.MIN_MEMBERS,
    )
    return render(request, "reports/organisation_report.html", context)


def _month_name(month) -> str:
    return formats.date_format(month, "F Y")


def _csv(report: selectors.OrganisationReport) -> HttpResponse:
    name = f"{report.organisation.slug}-{report.month:%Y-%m}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["Figure", _month_name(report.month)])
    for figure in [*report.figures, *(_outcome(part) for part in report.outcomes)]:
        writer.writerow([figure.name, figure.text if figure.shown else f"suppressed: {figure.text}"])
    return response


def _outcome(part: selectors.Figure) -> selectors.Figure:
    return replace(part, name=f"Possible crises closed: {part.name}")
