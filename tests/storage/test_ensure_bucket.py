"""docker-compose.yml's one-shot `bucket` service: `manage.py ensure_storage_bucket` creates the
private bucket once, leaves an existing one alone, and does nothing with the file system."""
import io

import boto3
from django.core.management import call_command
from moto import mock_aws

from isvimed_planning.storage_config import default_storage_from_env
from tests.storage.conftest import BUCKET, REGION


def run() -> str:
    out = io.StringIO()
    call_command("ensure_storage_bucket", stdout=out)
    return out.getvalue().strip()


def test_the_bucket_is_created_once_and_stays_private(settings, monkeypatch):
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("STORAGE_BACKEND", raising=False)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "clave-de-prueba")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secreto-de-prueba")
    with mock_aws():
        settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
        client = boto3.client("s3", region_name=REGION)
        assert client.list_buckets()["Buckets"] == []

        assert run() == f"Bucket {BUCKET} creado (privado)."
        assert run() == f"El bucket {BUCKET} ya existe."

        assert [bucket["Name"] for bucket in client.list_buckets()["Buckets"]] == [BUCKET]
        grants = client.get_bucket_acl(Bucket=BUCKET)["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only


def test_with_the_file_system_there_is_no_bucket(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert run() == "Los archivos se guardan en disco (MEDIA_ROOT): no hay bucket que crear."
