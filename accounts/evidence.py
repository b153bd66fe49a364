"""Verification evidence: where uploaded licence documents are kept and what may be uploaded.

Documents are stored under settings.HAVEN_PRIVATE_UPLOADS_DIR, outside the web root, under random
names, readable by the server's user only. The storage has no public URL at all: moderators
download a document through a moderator-only view while the application is pending, and the file
is deleted as soon as a moderator decides (see VerificationApplication.discard_evidence).
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage

# What a document's first bytes must be. The name and the browser's content type are ignored:
# both are whatever the uploader says they are.
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}
CONTENT_TYPES = {extension: content_type for extension, content_type in SIGNATURES.values()}


class PrivateUploadStorage(FileSystemStorage):
    """Files that are never served: no URL, owner-only permissions, location read from settings
    at each use (so tests and deployments can point it elsewhere)."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return str(settings.HAVEN_PRIVATE_UPLOADS_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private uploads have no public URL; moderators download them through a view.")


_storage = PrivateUploadStorage()


def private_storage() -> PrivateUploadStorage:
    """The storage of verification documents (a callable, so migrations don't freeze its path)."""
    return _storage


def document_name(instance, filename: str) -> str:
    """A random name that says nothing about the member or the original file."""
    extension = os.path.splitext(filename)[1].lower()
    return f"verification/{secrets.token_hex(16)}{extension}"


def document_type(uploaded) -> str | None:
    """The document's kind ("pdf", "png" or "jpg") from its first bytes, or None if it is none of them."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, (extension, _content_type) in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    return None


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lstrip("."), "application/octet-stream")
