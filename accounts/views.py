from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from accounts.forms import ProfileForm
from forum.models import Post, Thread

User = get_user_model()
RECENT_POSTS_ON_PROFILE = 10


@login_required
def profile(request, pk):
    member = get_object_or_404(User, pk=pk, is_active=True)
    recent_posts = (
        Post.objects.visible_to(request.user)
        .filter(author=member, thread__in=Thread.objects.visible_to(request.user))
        .select_related("thread")
        .order_by("-created_at")[:RECENT_POSTS_ON_PROFILE]
    )
    return render(request, "accounts/profile.html", {"member": member, "recent_posts": recent_posts})


@login_required
def edit_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile", pk=request.user.pk)
    return render(request, "accounts/edit_profile.html", {"form": form})
