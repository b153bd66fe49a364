from django.contrib.admin.apps import AdminConfig


class HavenAdminConfig(AdminConfig):
    """The admin app, using Haven's admin site (staff with MFA only; see config/admin.py)."""

    default_site = "config.admin.HavenAdminSite"
