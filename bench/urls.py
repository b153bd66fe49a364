"""The site's URLs plus the benchmark's two reference pages (bench/ceiling.py).

Used only by benchmark servers, through bench/settings.py; config never imports bench, so a
normal run cannot route these pages.
"""

from django.urls import path

from bench.ceiling import ceiling, frame
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("bench/ceiling/", ceiling), path("bench/frame/", frame)]
