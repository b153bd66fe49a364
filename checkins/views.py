"""A member's private check-in: this week's form, the page after saving, the history, and
imported instruments. Every view shows only the signed-in member's own rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from checkins import instruments, selectors, services
from checkins.forms import CheckInForm, InstrumentForm
from checkins.models import Instrument
from checkins.questions import QUESTIONS
from orgs.selectors import referral_directory


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    """This week's check-in; saving again in the same week changes it."""
    existing = selectors.check_in_for_week(request.user, services.week_of(request.user))
    form = CheckInForm(request.POST or None, check_in=existing)
    if request.method == "POST" and form.is_valid():
        services.record_check_in(request.user, answers=form.answers(), note=form.cleaned_data["note"])
        return redirect("checkins:saved")
    context = {"form": form, "existing": existing, "instruments": selectors.instruments_to_take()}
    return render(request, "checkins/check_in.html", context)


@login_required
def saved(request):
    """After saving: the answers given back, and where support is, calmly."""
    this_week = selectors.check_in_for_week(request.user, services.week_of(request.user))
    if this_week is None:
        return redirect("checkins:check_in")
    answers = [(question.text, question.label(getattr(this_week, question.field))) for question in QUESTIONS]
    context = {"check_in": this_week, "answers": answers, "directory": referral_directory(request.user)}
    return render(request, "checkins/saved.html", context)


@login_required
def history(request):
    """Every check-in and instrument result of the member, newest first. Two queries."""
    rows = [
        (check_in, [(q.short, q.label(getattr(check_in, q.field))) for q in QUESTIONS])
        for check_in in selectors.check_ins(request.user)
    ]
    context = {"rows": rows, "results": selectors.results_by_instrument(request.user)}
    return render(request, "checkins/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def instrument(request, slug):
    """Take an imported instrument privately, and see one's earlier results with it."""
    chosen = get_object_or_404(Instrument, key=slug)
    definition = instruments.parse(chosen.definition)
    form = InstrumentForm(definition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.take_instrument(request.user, chosen, form.answers())
        messages.success(request, "Saved. Only you can see your answers and results.")
        return redirect(reverse("checkins:instrument", args=[chosen.key]) + "#results")
    context = {
        "instrument": chosen,
        "definition": definition,
        "form": form,
        "results": selectors.instrument_results(request.user, chosen),
    }
    return render(request, "checkins/instrument.html", context)
