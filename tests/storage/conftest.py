"""Kept files in an S3 bucket (moto's in-process mock), configured the way production is: through
the environment read by isvimed_planning.storage_config. MEDIA_ROOT points to an empty temporary
folder that must stay empty: nothing may reach the local disk."""
from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from isvimed_planning.storage_config import S3_BACKEND, default_storage_from_env

BUCKET = "isvimed-archivos"
REGION = "us-east-1"


class Bucket:
    def __init__(self, client, media: Path):
        self.client = client
        self.media = media

    def names(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=name)["Body"].read()

    def acl_grants(self, name: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]

    def local_files(self) -> list[Path]:
        return sorted(p for p in self.media.rglob("*")) if self.media.exists() else []


@pytest.fixture
def bucket(settings, tmp_path, monkeypatch):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    for name in ("STORAGE_BACKEND", "AWS_S3_ENDPOINT_URL", "AWS_LOCATION", "AWS_S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "clave-de-prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secreto-de-prueba")
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        default = default_storage_from_env()
        assert default["BACKEND"] == S3_BACKEND
        settings.STORAGES = {**settings.STORAGES, "default": default}  # resets default_storage
        yield Bucket(client, media)
