"""Haven's settings for a benchmark server: the site's own, with bench/urls.py routing the
benchmark's reference pages as well."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
