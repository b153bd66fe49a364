"""A member's own pages: their profile, settings, verification, break, activity, export and
account deletion. They are forum views (a layer above accounts) because most show or change forum
data; their URLs keep the `accounts:` names (forum/member_urls.py, included by config/urls.py)."""

from allauth.account.decorators import reauthentication_required
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import consent as consent_rules
from accounts import services
from accounts.adapter import (
    DELETING_THE_ACCOUNT,
    FRESH_SIGN_IN_SECONDS,
    confirms_by_signing_in_again,
    signed_in_within,
)
from accounts.forms import ConsentForm, DeleteAccountForm, ProfileForm, VerificationForm
from accounts.models import Block, VerificationApplication
from accounts.ratelimit import rate_limit
from checkins import instruments
from checkins import selectors as checkin_selectors
from checkins.models import CheckIn, InstrumentResponse
from checkins.questions import HIGHEST, LOWEST, QUESTIONS, Question
from forum import charts, member_selectors, member_services
from forum.member_forms import PreferencesForm, TakeBreakForm
from forum.models import Category, Post, Reaction, Thread

User = get_user_model()
RECENT_POSTS_ON_PROFILE = 10


@login_required
def profile(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    own = member.pk == request.user.pk
    recent_posts = []
    if own or not member.hide_post_list:
        posts = Post.objects.visible_to(request.user).filter(
            author=member, thread__in=Thread.objects.visible_to(request.user)
        )
        if not own:
            posts = posts.filter(is_anonymous=False)  # never link anonymous posts to their author
        recent_posts = posts.select_related("thread").order_by("-created_at")[:RECENT_POSTS_ON_PROFILE]
    context = {
        "member": member,
        "recent_posts": recent_posts,
        "is_blocked": not own and Block.objects.filter(blocker=request.user, blocked=member).exists(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile", pk=request.user.pk)
    return render(request, "accounts/edit_profile.html", {"form": form})


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences are saved.")
        return redirect("accounts:preferences")
    blocked = Block.objects.filter(blocker=request.user).select_related("blocked")
    return render(request, "accounts/preferences.html", {"form": form, "blocked": blocked})


@login_required
@require_http_methods(["GET", "POST"])
def take_break(request):
    """Pause the forum for a while; during a break, the calm page saying when it ends (members land
    here after logging in, see accounts/adapter.py) and how to end it early."""
    member = request.user
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if member.is_on_break:
        if request.method == "POST":
            messages.info(request, "You're already taking a break. You can end it below.")
            return redirect("accounts:take_break")
        zone = member.zone
        context = {
            "zone": zone,
            "zone_name": zone.key.replace("_", " "),
            "set_aside": Category.objects.filter(pk__in=member.break_hidden_categories),
            "next_url": next_url,
        }
        return render(request, "accounts/on_break.html", context)
    form = TakeBreakForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        member_services.start_break(
            member, days=form.cleaned_data["days"], hidden_categories=form.cleaned_data["hidden_categories"]
        )
        return redirect("accounts:take_break")
    return render(request, "accounts/take_break.html", {"form": form})


@login_required
@require_POST
def end_break(request):
    if request.user.is_on_break:
        member_services.end_break(request.user)
        messages.success(request, "Welcome back. Your break has ended: notifications and email are on again.")
    return redirect("forum:latest")


@login_required
def activity(request):
    """The signed-in member's own activity as charts. Private: no URL shows anyone else's."""
    mine = member_selectors.member_activity(request.user)
    labels = [charts.week_label(week) for week in mine.weeks]
    writing = charts.bar_chart(
        slug="writing",
        title="Threads you started and replies you wrote, per week",
        labels=labels,
        series=[
            charts.Series("Threads started", mine.threads_started),
            charts.Series("Replies", mine.replies),
        ],
    )
    support = charts.bar_chart(
        slug="support",
        title="Reactions other members gave your posts, per week",
        labels=labels,
        series=[charts.Series(Reaction.Kind(kind).label, counts) for kind, counts in mine.reactions.items()],
    )
    trend = checkin_selectors.trend(request.user)
    context = {
        "activity": mine,
        "writing_chart": writing,
        "support_chart": support,
        "check_ins": trend,
        "check_in_charts": [(question.short, _check_in_chart(question, trend)) for question in QUESTIONS]
        if trend
        else [],
        "instrument_charts": _instrument_charts(checkin_selectors.results_by_instrument(request.user)),
    }
    return render(request, "accounts/activity.html", context)


def _instrument_charts(results: list[InstrumentResponse]) -> list[tuple[str, charts.LineChart]]:
    """A line per subscale of each instrument the member took, through their results, oldest
    first, on the subscale's range, its cut-offs named on the side."""
    taken: dict[int, list[InstrumentResponse]] = {}
    for response in reversed(results):
        taken.setdefault(response.instrument_id, []).append(response)
    drawn = []
    for responses in taken.values():
        instrument = responses[0].instrument
        definition = instruments.parse(instrument.definition)
        for subscale in definition.subscales:
            low, high = definition.score_range(subscale)
            points = [
                (formats.date_format(response.taken_at, "j M"), score["score"])
                for response in responses
                for score in response.scores
                if score["subscale"] == subscale.id and low <= score["score"] <= high
            ]
            if not points:
                continue
            labels, values = [label for label, _ in points], [value for _, value in points]
            chart = charts.line_chart(
                slug=f"reflection-{instrument.pk}-{subscale.id}",
                title=f"{instrument.name}: {subscale.name}, each time you answered",
                labels=labels,
                series=[charts.Series(subscale.name, values)],
                low=low,
                high=high,
                y_labels={band.start: band.label for band in subscale.bands},
                label_heading="Answered on",
                description=f"{len(values)} results, most recently {charts.plain_number(values[-1])} "
                f"({instruments.band_for(subscale, values[-1]).label}).",
                width=charts.NARROW_WIDTH,
            )
            drawn.append((f"{instrument.name}: {subscale.name}", chart))
    return drawn


def _check_in_chart(question: Question, trend: list[CheckIn]) -> charts.LineChart:
    """One question's answers across the member's check-ins, labelled in the question's words."""
    answers = [getattr(check_in, question.field) for check_in in trend]
    weeks = [charts.week_label(check_in.week) for check_in in trend]
    if len(trend) == 1:
        description = f"One check-in, the week of {weeks[0]}: {question.label(answers[0])}."
    else:
        description = (
            f"{len(trend)} check-ins from the week of {weeks[0]} to the week of {weeks[-1]}: "
            f"{question.label(answers[0])} at first, {question.label(answers[-1])} most recently."
        )
    middle = (LOWEST + HIGHEST) // 2
    return charts.line_chart(
        slug=f"check-in-{question.field}",
        title=f"{question.short}, week by week",
        labels=weeks,
        series=[charts.Series(question.short, answers)],
        low=LOWEST,
        high=HIGHEST,
        y_labels={value: question.label(value) for value in (LOWEST, middle, HIGHEST)},
        description=description,
        format_value=lambda value: question.label(int(value)),
        width=charts.NARROW_WIDTH,
    )


@login_required
@require_http_methods(["GET", "POST"])
def verification(request):
    """Apply for the "Verified: ROLE" badge, and see where one's application stands."""
    applications = request.user.verification_applications.order_by("-created_at")
    pending = applications.filter(status=VerificationApplication.Status.PENDING).first()
    form = None if pending else VerificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            messages.info(request, "You already have an application waiting for a moderator.")
            return redirect("accounts:verification")
        if form.is_valid():
            try:
                services.apply_for_verification(request.user, **form.cleaned_data)
            except services.VerificationError as error:
                messages.info(request, str(error))
            else:
                messages.success(
                    request, "Thank you. A moderator will review your application and let you know."
                )
            return redirect("accounts:verification")
    context = {
        "form": form,
        "pending": pending,
        "last_decision": applications.exclude(status=VerificationApplication.Status.PENDING).first(),
        "verified_categories": Category.objects.exclude(access=Category.Access.OPEN),
    }
    return render(request, "accounts/verification.html", context)


@login_required
@require_POST
def withdraw_verification(request):
    try:
        services.withdraw_verification(request.user)
    except services.VerificationError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, "Your application is withdrawn, and your number and document are deleted.")
    return redirect("accounts:verification")


@login_required
@require_POST
def block(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    if member.pk == request.user.pk:
        messages.info(request, "You can't block yourself.")
    elif request.POST.get("unblock"):
        services.unblock(request.user, member)
        messages.success(request, f"You've unblocked {member.display_name}.")
    else:
        services.block(request.user, member)
        messages.success(
            request,
            f"You've blocked {member.display_name}. Their posts are collapsed for you and they can't "
            "mention or notify you. They won't be told.",
        )
    return redirect("accounts:profile", pk=member.pk)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("export")
def export(request):
    if request.method == "POST":
        response = HttpResponse(member_services.export_zip(request.user), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="haven-data.zip"'
        return response
    return render(request, "accounts/export.html")


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True, app=DELETING_THE_ACCOUNT)  # asks even just after logging in
def delete_account(request):
    if confirms_by_signing_in_again(request.user) and not signed_in_within(request, FRESH_SIGN_IN_SECONDS):
        # Nothing is deleted; once they are back from their provider, this page opens as usual.
        providers = SocialAccount.objects.filter(user=request.user).values_list("provider", flat=True)
        return render(
            request, "accounts/delete_account_sign_in_again.html", {"providers": sorted(set(providers))}
        )
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_services.delete_account(request.user, form.cleaned_data["mode"])
        logout(request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent(request):
    """Consent to processing health information: asked at sign-up, and again here when the privacy
    notice changes (config/middleware.py sends members here) or after it was withdrawn."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_rules.give_consent(request.user)
        messages.success(
            request, "Thank you. Your consent is recorded; you can withdraw it here at any time."
        )
        return redirect(next_url or "accounts:consent")
    context = {
        "form": form,
        "next": next_url,
        "needs_consent": consent_rules.needs_consent(request.user),
        "records": request.user.consents.order_by("-given_at"),
    }
    return render(request, "accounts/consent.html", context)


@login_required
@require_POST
def withdraw_consent(request):
    consent_rules.withdraw_consent(request.user)
    messages.info(
        request,
        "Your consent is withdrawn. Haven can't keep what you write without it, so choose below what "
        "happens to your account and posts, or give your consent again on the privacy page.",
    )
    return redirect("accounts:delete_account")


def privacy_notice(request):
    """The privacy notice, built from the deployment's settings and versioned
    (HAVEN_PRIVACY_NOTICE_VERSION): open to everyone, members or not."""
    context = {
        "version": settings.HAVEN_PRIVACY_NOTICE_VERSION,
        "operator": settings.HAVEN_OPERATOR_NAME,
        "contact": settings.HAVEN_CONTACT_EMAIL,
        "data_protection_contact": settings.HAVEN_DATA_PROTECTION_CONTACT or settings.HAVEN_CONTACT_EMAIL,
        "mail_processor": settings.HAVEN_MAIL_PROCESSOR,
        "hosting_processor": settings.HAVEN_HOSTING_PROCESSOR,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "retain": {
            "read_notifications": settings.HAVEN_RETAIN_READ_NOTIFICATIONS_DAYS,
            "notifications": settings.HAVEN_RETAIN_NOTIFICATIONS_DAYS,
            "deleted_posts": settings.HAVEN_RETAIN_DELETED_POSTS_DAYS,
            "declined_verifications": settings.HAVEN_RETAIN_DECLINED_VERIFICATIONS_DAYS,
            "email_records": settings.HAVEN_RETAIN_FINISHED_TASKS_DAYS,
            "audit_years": round(settings.HAVEN_RETAIN_AUDIT_LOG_DAYS / 365, 1),
        },
    }
    return render(request, "accounts/privacy_notice.html", context)
