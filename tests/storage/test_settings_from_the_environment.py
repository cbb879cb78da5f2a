"""Where kept files live comes from the environment: the local disk unless a bucket is named;
a bucket is private, never overwritten; a value that cannot be right stops the start loudly."""
import pytest

from isvimed_planning.env import ImproperlyConfiguredEnv
from isvimed_planning.storage_config import FILESYSTEM_BACKEND, S3_BACKEND, default_storage_from_env
from tests.core.test_settings_env import run_django

NAMES = (
    "STORAGE_BACKEND", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_LOCATION", "AWS_S3_ADDRESSING_STYLE", "AWS_S3_MAX_MEMORY_SIZE",
)


@pytest.fixture
def env(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return default_storage_from_env()

    return set_env


def test_nothing_set_keeps_files_on_the_local_disk(env):
    assert env() == {"BACKEND": FILESYSTEM_BACKEND}
    assert env(STORAGE_BACKEND="filesystem", AWS_STORAGE_BUCKET_NAME="ignorado") == {"BACKEND": FILESYSTEM_BACKEND}


def test_a_bucket_keeps_files_in_s3_compatible_storage_private_and_never_overwritten(env):
    default = env(
        AWS_STORAGE_BUCKET_NAME="isvimed", AWS_S3_ENDPOINT_URL="http://minio:9000", AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="clave", AWS_SECRET_ACCESS_KEY="secreto", AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="/produccion/",
    )
    assert default == {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": "isvimed", "endpoint_url": "http://minio:9000", "region_name": "us-east-1",
            "access_key": "clave", "secret_key": "secreto", "addressing_style": "path", "location": "produccion",
            "default_acl": None, "querystring_auth": True, "file_overwrite": False, "max_memory_size": 5 * 1024 * 1024,
        },
    }


def test_without_keys_the_machine_role_gives_the_credentials(env):
    options = env(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="isvimed")["OPTIONS"]
    assert (options["access_key"], options["secret_key"], options["endpoint_url"]) == (None, None, None)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"STORAGE_BACKEND": "disco"}, "STORAGE_BACKEND='disco' must be filesystem or s3."),
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME."),
        ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_ACCESS_KEY_ID": "clave"},
         "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither"),
        ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "minio:9000"},
         "AWS_S3_ENDPOINT_URL='minio:9000' must start with one of: https://, http://"),
        ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ADDRESSING_STYLE": "x"}, "AWS_S3_ADDRESSING_STYLE='x' must be path"),
        ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_MAX_MEMORY_SIZE": "5MB"}, "AWS_S3_MAX_MEMORY_SIZE='5MB' is not an integer."),
    ],
)
def test_a_value_that_cannot_be_right_is_refused(env, values, message):
    with pytest.raises(ImproperlyConfiguredEnv) as refused:
        env(**values)
    assert str(refused.value).startswith(message)


def test_the_start_stops_with_one_line_when_the_bucket_is_missing():
    result = run_django({"DEBUG": "1", "STORAGE_BACKEND": "s3"}, "check")
    assert result.returncode != 0
    assert result.stderr.splitlines() == ["Configuration error: STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME."]
