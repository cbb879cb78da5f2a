"""Where kept files live, read from the environment (isvimed_planning/settings.py calls it).

Every kept file (evidence, attachments, uploaded workbooks, matrix snapshots) goes only through
Django's storage API, so that every web process and worker sees the same files:

- on the local disk under MEDIA_ROOT (one machine), the default; or
- in an S3-compatible bucket (several machines: AWS S3, MinIO, Ceph…) when STORAGE_BACKEND=s3,
  or when AWS_STORAGE_BUCKET_NAME is set and STORAGE_BACKEND is not.

The bucket is private: no ACL is sent (the bucket's own, private, applies), links handed out
would be signed and expiring (querystring_auth) though the views never hand any (they stream
the file after checking permissions), and a stored name is never overwritten.
"""
from __future__ import annotations

from .env import ImproperlyConfiguredEnv, env_int, env_str, env_url

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"


def default_storage_from_env() -> dict:
    """STORAGES["default"] as the environment asks; raises ImproperlyConfiguredEnv on a value
    that cannot be right."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "").strip()
    backend = env_str("STORAGE_BACKEND", "s3" if bucket else "filesystem").strip().lower()
    if backend == "filesystem":
        return {"BACKEND": FILESYSTEM_BACKEND}
    if backend != "s3":
        raise ImproperlyConfiguredEnv(f"STORAGE_BACKEND={backend!r} must be filesystem or s3.")
    if not bucket:
        raise ImproperlyConfiguredEnv("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    key = env_str("AWS_ACCESS_KEY_ID", "").strip()
    secret = env_str("AWS_SECRET_ACCESS_KEY", "").strip()
    if bool(key) != bool(secret):
        raise ImproperlyConfiguredEnv(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (the machine's role gives them)."
        )
    endpoint = env_url("AWS_S3_ENDPOINT_URL", "", ("https", "http")) if env_str("AWS_S3_ENDPOINT_URL", "") else ""
    addressing = env_str("AWS_S3_ADDRESSING_STYLE", "").strip().lower()
    if addressing not in ("", "path", "virtual", "auto"):
        raise ImproperlyConfiguredEnv(f"AWS_S3_ADDRESSING_STYLE={addressing!r} must be path, virtual or auto.")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "").strip() or None,
            "access_key": key or None,
            "secret_key": secret or None,
            "addressing_style": addressing or None,
            "location": env_str("AWS_LOCATION", "").strip("/"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # A file read back (a download, a worker's import) is spooled to a temporary file of
            # the reading process beyond this many bytes instead of being held in memory.
            "max_memory_size": env_int("AWS_S3_MAX_MEMORY_SIZE", 5 * 1024 * 1024),
        },
    }
