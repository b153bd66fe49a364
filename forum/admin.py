from django.contrib import admin

from forum.models import Category, Post, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "access", "thread_count", "post_count"]
    list_editable = ["position", "access"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "author",
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
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "position", "author", "created_at", "is_deleted"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author", "parent"]
    readonly_fields = ["body_html", "direct_reply_count"]

    def has_delete_permission(self, request, obj=None):
        return False  # posts are only ever soft-deleted, through the site
