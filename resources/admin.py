"""Resource pages and their topics in the admin (staff with two-factor authentication).

The body is Markdown, rendered through the one sanitiser when the page is saved; "View on site"
shows a draft as members will see it once published.
"""

from django.contrib import admin
from django.utils import timezone

from resources.models import ResourcePage, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("current", "Up to date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review__lt=today)
        if self.value() == "current":
            return queryset.filter(next_review__gte=today)
        return queryset


@admin.register(ResourcePage)
class ResourcePageAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "reviewed_on", "next_review", "review_overdue", "updated_at"]
    list_filter = ["status", ReviewDueFilter, "topics"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = [
        "title", "slug", "status", "summary", "body", "topics", "reviewed_on", "next_review",
        "updated_at", "updated_by",
    ]  # fmt: skip

    @admin.display(boolean=True, description="Review overdue")
    def review_overdue(self, page):
        return page.review_is_overdue()

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
