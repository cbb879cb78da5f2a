"""Uploads: limited in size, checked by content (PDF, images, Office documents), stored under
random names, and served only through permission-checked views, as attachments with nosniff.

Kept files are reached only through Django's storage API (the local disk or a bucket every
machine shares: storage_config.py), by their storage name, never by a local path
(tests/core/test_kept_files_only_through_storage.py)."""
from __future__ import annotations

import mimetypes
import os
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible

from isvimed_planning.safe_export import safe_filename

# Signatures of the accepted kinds: (magic bytes, kind).
_SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),  # .doc/.xls/.ppt
]
_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ALLOWED_TEXT = "PDF, imágenes (PNG, JPG, GIF) o documentos de Office (Word, Excel, PowerPoint)"
# The name's extension must be one of its sniffed kind's: a PDF named poly.html would be opened by
# whoever downloads it as a page of this site's origin (the download's type follows the name).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "application/vnd.ms-office": (".doc", ".xls", ".ppt"),
    _OOXML["word/"]: (".docx",),
    _OOXML["xl/"]: (".xlsx",),
    _OOXML["ppt/"]: (".pptx",),
}
_KIND_NAMES = {
    "application/pdf": "PDF", "image/png": "imagen PNG", "image/jpeg": "imagen JPG", "image/gif": "imagen GIF",
    "application/vnd.ms-office": "documento de Office", _OOXML["word/"]: "documento de Word",
    _OOXML["xl/"]: "libro de Excel", _OOXML["ppt/"]: "presentación de PowerPoint",
}
ALLOWED_EXTENSIONS_TEXT = ", ".join(ext for exts in EXTENSIONS.values() for ext in exts)


def sniff(upload) -> str | None:
    """The content type the bytes show, or None when they are not an accepted kind."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".replace(".", ",")


def validate_upload(upload) -> str:
    """Raises a Spanish ValidationError, or returns the sniffed content type."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"El archivo pesa {_megabytes(upload.size)} MB; el máximo es {_megabytes(limit)} MB.", code="too_big"
        )
    if upload.size == 0:
        raise ValidationError("El archivo está vacío.", code="empty")
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(f"Tipo de archivo no permitido: solo se aceptan {ALLOWED_TEXT}.", code="bad_type")
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in EXTENSIONS[kind]:
        raise ValidationError(
            f"«{os.path.basename(upload.name or '')[:120]}» no tiene la extensión de su contenido "
            f"({_KIND_NAMES[kind]}: {' o '.join(EXTENSIONS[kind])}). Solo se aceptan {ALLOWED_TEXT}, "
            f"cada uno con su extensión: {ALLOWED_EXTENSIONS_TEXT}.",
            code="bad_extension",
        )
    return kind


def random_name(original: str) -> str:
    """A random stored name that keeps only a safe extension of the original."""
    ext = os.path.splitext(original)[1].lower()
    if not ext[1:].isalnum() or len(ext) > 6:
        ext = ""
    return f"{secrets.token_urlsafe(18)}{ext}"


@deconstructible
class upload_to:  # noqa: N801 - used like a function in model fields: upload_to("evidence")
    """`upload_to` for FileFields: random names under `prefix/` (serialisable in migrations)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return f"{self.prefix}/{random_name(filename)}"

    def __eq__(self, other) -> bool:
        return isinstance(other, upload_to) and other.prefix == self.prefix


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Serve a stored file as a download, never rendered inline by the browser.

    Streamed from the file's storage (`FieldFile.open`: the disk, or the bucket, whose backend
    spools the object to a temporary file beyond AWS_S3_MAX_MEMORY_SIZE), never from a `.path`."""
    download_name = safe_filename(download_name)
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def spooled_response(fileobj, *, content_type: str) -> FileResponse:
    """A download sent in blocks from an open temporary file (closed once sent): a generated
    file too large to copy into the process (isvimed_planning.xlsx.download). The caller names it
    with safe_export.set_download_name."""
    response = FileResponse(fileobj, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
