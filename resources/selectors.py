"""Read queries for the resource pages: the list (optionally by topic) and one page."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from resources.models import ResourcePage, Topic


@dataclass
class ResourceList:
    pages: list[ResourcePage]
    topics: list[Topic]  # every topic, for the filter
    topic: Topic | None  # the one chosen, if any


# As a plain list on each page (`topic_list`): a related manager per row cost more than the row.
_TOPICS = Prefetch("topics", queryset=Topic.objects.order_by("position", "name"), to_attr="topic_list")


def resource_list(user: User | AnonymousUser, topic_slug: str = "") -> ResourceList:
    """The pages USER may read (ResourcePage.objects.visible_to), by title, with their topics; only
    those with TOPIC_SLUG when given. An unknown topic is a 404. Three queries however many pages."""
    topics = list(Topic.objects.all())
    topic = None
    if topic_slug:
        topic = next((candidate for candidate in topics if candidate.slug == topic_slug), None)
        if topic is None:
            raise Http404("There is no such topic.")
    pages = ResourcePage.objects.visible_to(user).defer("body", "body_html").prefetch_related(_TOPICS)
    if topic is not None:
        pages = pages.filter(topics=topic)
    return ResourceList(pages=list(pages.order_by("title")), topics=topics, topic=topic)


def resource_page(user: User | AnonymousUser, slug: str) -> ResourcePage:
    """The page at SLUG if USER may read it (a draft is a 404 to everyone but staff)."""
    return get_object_or_404(ResourcePage.objects.visible_to(user).prefetch_related(_TOPICS), slug=slug)
