from django.contrib import admin

from forum.models import Category, Post, Thread, byline_text


class NamesAuthorsAsMembersSeeThem(admin.ModelAdmin):
    """Shows a post's or thread's author as members see them, so an anonymous one stays
    "Anonymous member" to staff too, and refuses filtering by author (which would list someone's
    anonymous posts). Revealing an author is a moderation action, with a reason, on the site."""

    @admin.display(description="author")
    def shown_author(self, obj) -> str:
        return byline_text(
            is_anonymous=obj.is_anonymous, author_name=obj.author.display_name if obj.author else None
        )

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split("__")[0] == "author":
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "access", "circle", "thread_count", "post_count"]
    list_filter = ["circle"]
    list_editable = ["position", "access"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count"]


@admin.register(Thread)
class ThreadAdmin(NamesAuthorsAsMembersSeeThem):
    list_display = [
        "title",
        "category",
        "shown_author",
        "reply_count",
        "last_activity_at",
        "is_pinned",
        "is_locked",
    ]
    list_filter = ["category", "is_pinned", "is_locked", "is_deleted"]
    list_select_related = ["category", "author"]
    search_fields = ["title"]
    fields = ["title", "category", "is_pinned", "is_locked"]


@admin.register(Post)
class PostAdmin(NamesAuthorsAsMembersSeeThem):
    list_display = ["pk", "thread", "position", "shown_author", "created_at", "is_deleted"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "parent"]
    exclude = ["author"]
    readonly_fields = ["shown_author", "body_html", "direct_reply_count"]

    def has_delete_permission(self, request, obj=None):
        return False  # posts are only ever soft-deleted, through the site
