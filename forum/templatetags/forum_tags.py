"""Template access to the rules in forum/permissions.py, so templates never restate them."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html

from forum import notifications, permissions

register = template.Library()


@register.simple_tag
def moment(when):
    """WHEN as `<time>`: the date and time as text, the same for every reader and every minute
    (so a cached fragment can hold it), which static/js/haven.js turns into "3 minutes ago" in
    the reader's browser and keeps current. Without JavaScript the absolute time stays, with its
    zone (the site's TIME_ZONE)."""
    if not when:
        return ""
    local = timezone.localtime(when, timezone.get_default_timezone())
    return format_html(
        '<time datetime="{}" data-relative>{}</time>',
        when.isoformat(timespec="seconds"),
        dateformat.format(local, "j M Y, H:i T"),
    )


@register.filter
def machine_time(moment):
    """MOMENT for a <time datetime="...">: ISO 8601 to the second (HTML allows at most three
    digits of a second's fractions, and Django's "c" format gives six)."""
    if not moment:
        return ""
    return moment.isoformat(timespec="seconds")


@register.filter
def editable_by(post, user):
    return permissions.can_edit_post(user, post)


@register.filter
def deletable_by(post, user):
    return permissions.can_delete_post(user, post)


@register.filter
def history_visible_to(post, user):
    return post.edited_at is not None and permissions.can_see_revisions(user, post)


@register.filter
def repliable_by(thread, user):
    return permissions.can_reply(user, thread)


@register.filter
def member_name(member):
    """A member's public name; posts of deleted accounts read "Former member"."""
    return member.display_name if member is not None else "Former member"


@register.filter
def flaggable_by(post, user):
    return permissions.can_flag(user, post)


@register.filter
def appealable_by(post, user):
    return permissions.can_appeal_post(user, post)


@register.filter
def byline(post):
    """How a post's author is shown to others: "Anonymous member", "Former member" or their name."""
    return notifications.byline(post)


@register.filter
def thread_byline(thread):
    if thread.is_anonymous:
        return "Anonymous member"
    return member_name(thread.author)


@register.filter
def reactable_by(post, user):
    return permissions.can_react(user, post)


@register.filter
def reaction_count(post, kind):
    return getattr(post, f"{kind}_count", 0)
