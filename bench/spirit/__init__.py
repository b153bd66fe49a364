"""Spirit (django-spirit from PyPI), the peer forum bench/run.py compares Haven with.

It runs in its own virtualenv (bench/.spirit, git-ignored, made by bench/run.py from
requirements.txt) against its own database on the same PostgreSQL, under the same gunicorn
settings as Haven. Nothing here is imported by Haven itself.
"""
