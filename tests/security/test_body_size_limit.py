"""Request bodies over the site's limit are refused before any of them is read: 413 with a calm
page. The limit is DATA_UPLOAD_MAX_MEMORY_SIZE (1 MB) for every body, multipart uploads included,
except the verification upload, which takes a document of up to HAVEN_VERIFICATION_MAX_UPLOAD_BYTES
and the rest of its form."""

import io
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import VerificationApplication

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
TOO_LARGE = "That was more than Haven can take at once"


class UnreadBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise AssertionError("the body of a refused request was read")


def _declared_upload(client: Client, path: str, size: int):
    """POST a multipart body declared as SIZE bytes long, which must be refused unread."""
    return client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": UnreadBody()},
    )


def test_an_anonymous_100_mb_upload_is_refused_before_its_body_is_read():
    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check reads the form
    client.cookies["csrftoken"] = "a" * 32
    response = _declared_upload(client, reverse("accounts:verification"), 100 * MB)
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()


def test_a_members_multipart_upload_over_1_mb_is_refused(member_client):
    avatar = SimpleUploadedFile("big.png", b"x" * (MB + 1))
    response = member_client.post(reverse("accounts:edit_profile"), {"display_name": "Ash", "file": avatar})
    assert response.status_code == 413
    page = response.content.decode()
    assert TOO_LARGE in page and "Back to Haven" in page


def test_a_form_over_1_mb_is_refused_with_the_413_page(member_client, thread):
    response = member_client.post(reverse("forum:reply", args=[thread.pk]), {"body": "x" * (MB + 1)})
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()


def test_the_verification_upload_takes_a_document_up_to_its_own_limit(
    member_client, member, settings, tmp_path
):
    settings.HAVEN_PRIVATE_UPLOADS_DIR = tmp_path
    document = PDF + b"0" * (settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES - len(PDF))
    form = {
        "role": "nurse",
        "licence_number": "12A3456E",
        "issuing_body": "Nursing and Midwifery Council",
        "document": SimpleUploadedFile("registration.pdf", document, content_type="application/pdf"),
    }
    response = member_client.post(reverse("accounts:verification"), form)
    assert response.status_code == 302
    assert VerificationApplication.objects.get(member=member).document


def test_the_verification_upload_over_its_limit_is_refused_unread(member_client):
    size = settings.HAVEN_VERIFICATION_MAX_UPLOAD_BYTES + MB
    assert _declared_upload(member_client, reverse("accounts:verification"), size).status_code == 413


def test_other_pages_do_not_get_the_verification_uploads_limit(member_client):
    assert _declared_upload(member_client, reverse("accounts:edit_profile"), 2 * MB).status_code == 413


def test_a_chunked_body_without_a_length_is_refused(member_client, thread):
    response = member_client.generic(
        "POST",
        reverse("forum:reply", args=[thread.pk]),
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadBody()},
    )
    assert response.status_code == 411
    assert "We couldn’t understand that request" in response.content.decode()


def test_gunicorn_limits_request_lines_and_headers_no_looser_than_its_defaults():
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"))
    assert 0 < config["limit_request_line"] <= 4094
    assert 0 < config["limit_request_fields"] <= 100
    assert 0 < config["limit_request_field_size"] <= 8190
