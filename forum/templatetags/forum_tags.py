"""Template access to the rules in forum/permissions.py, so templates never restate them."""

from django import template

from forum import fragments, notifications, permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    """base.html's header, cached per member (see forum.fragments.render_site_header)."""
    return fragments.render_site_header(context)


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
