from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import DeleteAccountForm, PreferencesForm, ProfileForm
from accounts.models import Block
from config.ratelimit import rate_limit
from forum.models import Post, Thread

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
        response = HttpResponse(services.export_zip(request.user), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="haven-data.zip"'
        return response
    return render(request, "accounts/export.html")


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user, form.cleaned_data["mode"])
        logout(request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete_account.html", {"form": form})
