"""The profile's "Send a message" link, shown exactly when can_message allows it (otherwise its
plain reason), and the header's unread count of conversations."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from conversations.permissions import can_message

register = template.Library()


@register.simple_tag(takes_context=True)
def message_link(context, member) -> str:
    viewer = context["request"].user
    if not viewer.is_authenticated or viewer.pk == member.pk:
        return ""
    decision = can_message(viewer, member)
    if decision:
        return format_html(
            '<a class="button button-secondary button-small" href="{}">Send a message</a>',
            reverse("conversations:compose", args=[member.pk]),
        )
    return format_html('<p class="muted">{}</p>', decision.reason)
