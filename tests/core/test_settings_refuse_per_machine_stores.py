"""With DEBUG off, a cache or a broker that only one process or one machine sees is refused at
start (one line), unless SINGLE_MACHINE=true accepts it: a second machine would otherwise split
the cache and never see the jobs. `make run` (DEBUG) keeps them as its defaults."""
import pytest

from tests.core.test_settings_env import PRODUCTION_ENV, run_django

CACHE_REFUSED = (
    "Configuration error: CACHE_URL=locmem:// keeps a separate cache in each process: with DEBUG off set "
    "CACHE_URL=redis://… (shared by every machine), or SINGLE_MACHINE=true to accept it."
)


def broker_refused(scheme):
    return (
        f"Configuration error: CELERY_BROKER_URL={scheme}:// queues jobs where only this machine sees them: "
        "with DEBUG off set CELERY_BROKER_URL=redis://…, or SINGLE_MACHINE=true to accept it."
    )


@pytest.fixture(autouse=True)
def _no_store_variables_from_the_outer_environment(monkeypatch):
    for name in ("CACHE_URL", "CELERY_BROKER_URL", "SINGLE_MACHINE"):
        monkeypatch.delenv(name, raising=False)


def without(*names, **values):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key not in names}
    return {**env, **values}


@pytest.mark.parametrize(
    "env, line",
    [
        (without(CACHE_URL="locmem://"), CACHE_REFUSED),
        (without(CELERY_BROKER_URL="filesystem://"), broker_refused("filesystem")),
        (without(CELERY_BROKER_URL="memory://"), broker_refused("memory")),
    ],
    ids=["locmem cache", "filesystem broker", "memory broker"],
)
def test_a_per_machine_cache_or_broker_stops_a_production_start_with_one_line(env, line):
    result = run_django(env, "check")
    assert result.returncode != 0
    assert result.stderr.splitlines() == [line]


def test_unset_cache_and_broker_are_the_per_machine_defaults_and_are_refused_too():
    result = run_django(without("CACHE_URL", "CELERY_BROKER_URL"), "check")
    assert result.stderr.splitlines() == [CACHE_REFUSED]
    result = run_django(without("CELERY_BROKER_URL"), "check")
    assert result.stderr.splitlines() == [broker_refused("filesystem")]


def test_single_machine_true_accepts_them_explicitly():
    env = without(CACHE_URL="locmem://", CELERY_BROKER_URL="filesystem://", SINGLE_MACHINE="true")
    result = run_django(env, "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "filesystem://"]


def test_make_run_keeps_them_as_defaults_with_debug_on():
    result = run_django(
        {"DEBUG": "1"}, "shell", "--no-imports", "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL, settings.SESSION_ENGINE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache", "filesystem://", "django.contrib.sessions.backends.db",
    ]
