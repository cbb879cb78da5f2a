"""docker-compose.yml checked without a Docker engine (none on CI's machines, so no `docker compose
config`): against the Compose Specification's JSON schema and for what the stack needs to start in
order. Each check is also run on a broken copy, to show it reports what it is there to catch."""

import json
from functools import cache
import re
import subprocess
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.test import override_settings
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
APP_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("web", "worker", "beat")


def load_yaml(text):
    # The safe loader resolves the x-app anchor and its `<<` merges the way Compose does.
    return YAML(typ="safe", pure=True).load(text)


def env_file_values(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


@cache
def compose_spec_validator():
    # The compose-spec schema as vendored (with its licence) in check-jsonschema's wheel, pinned in
    # pyproject.toml: a released copy of the specification's own schema, nothing committed here.
    schema = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def schema_errors(document) -> list[str]:
    return sorted(f"{error.json_path}: {error.message}" for error in compose_spec_validator().iter_errors(document))


def environment(service) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def waits_for(service, name) -> str | None:
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return "service_started" if name in depends_on else None
    return (depends_on.get(name) or {}).get("condition", "service_started") if name in depends_on else None


def stores_not_awaited(compose) -> list[str]:
    problems = [f"{name} has no health check" for name in ("postgres", "redis") if "healthcheck" not in compose["services"][name]]
    for name, service in compose["services"].items():
        env = environment(service)
        if "DATABASE_URL" in env and waits_for(service, "postgres") != "service_healthy":
            problems.append(f"{name} uses the database without waiting for postgres to be healthy")
        if "redis://" in env.get("CELERY_BROKER_URL", "") and waits_for(service, "redis") != "service_healthy":
            problems.append(f"{name} uses the broker without waiting for redis to be healthy")
    return problems


def app_services_differ(compose) -> list[str]:
    services = compose["services"]
    problems = [f"{name} has no image name, so Compose builds it a separate image" for name in APP_SERVICES if "image" not in services[name]]
    for key in ("image", "build", "env_file", "environment"):
        values = {name: services[name].get(key) for name in APP_SERVICES}
        if len({json.dumps(value, sort_keys=True) for value in values.values()}) > 1:
            problems.append(f"{key} differs between {', '.join(APP_SERVICES)}: {values}")
    if services["web"].get("env_file") not in (".env", [".env"]):
        problems.append("the application's settings do not come from .env")
    return problems


SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY$")
# `${NAME}` or `${NAME:?message}`: taken from .env, with no fallback written in this file.
FROM_ENV = re.compile(r"\$\{[A-Z0-9_]+(:?\?[^}]*)?\}")


def hard_coded_secrets(compose) -> list[str]:
    problems = []
    for name, service in compose["services"].items():
        for key, value in environment(service).items():
            if key == "SECRET_KEY":
                problems.append(f"{name} sets SECRET_KEY in docker-compose.yml instead of .env")
            elif SECRET_NAME.search(key) and not FROM_ENV.fullmatch(value):
                problems.append(f"{name}: {key}={value} is written in docker-compose.yml")
            for password in re.findall(r"://[^:/@]+:([^@]+)@", value):
                if not FROM_ENV.fullmatch(password):
                    problems.append(f"{name}: the password in {key} is written in docker-compose.yml")
    return problems


def migrate_not_first(compose) -> list[str]:
    services = compose["services"]
    migrate = services["migrate"]
    problems = []
    if "migrate" not in migrate.get("command", []):
        problems.append("the migrate service does not run `manage.py migrate`")
    if migrate.get("restart", "no") != "no":
        problems.append(f"migrate restarts ({migrate['restart']}) instead of running once")
    for name in LONG_RUNNING:
        if waits_for(services[name], "migrate") != "service_completed_successfully":
            problems.append(f"{name} starts without waiting for migrate to finish")
    return problems


SCALED = ("web", "worker")


def cannot_scale(compose) -> list[str]:
    """`docker compose up --scale web=2 --scale worker=2`: a fixed container name or host port
    makes the second replica fail to start."""
    problems = []
    for name in SCALED:
        service = compose["services"][name]
        if "container_name" in service:
            problems.append(f"{name} has container_name {service['container_name']}, so it cannot scale")
        if service.get("ports"):
            problems.append(f"{name} publishes host ports {service['ports']}, so it cannot scale")
    return problems


def not_one_cluster(compose) -> list[str]:
    """One beat (schedule in the database, healthy without a local file), a proxy that balances
    web, an S3 store every app service shares, and no volume of kept files on one machine."""
    services = compose["services"]
    problems = []
    beats = [name for name, service in services.items() if " beat" in " ".join(map(str, service.get("command") or []))]
    if beats != ["beat"]:
        problems.append(f"the services running celery beat are {beats}, not exactly one")
    beat = services.get("beat", {})
    if (beat.get("deploy") or {}).get("replicas", 1) != 1:
        problems.append("beat has more than one replica")
    if "--schedule" in (beat.get("command") or []) or "celerybeat-schedule" in json.dumps(beat):
        problems.append("beat keeps its schedule in a local file")
    if "beat_health" not in json.dumps(beat.get("healthcheck", {})):
        problems.append("beat's health check does not read the database (manage.py beat_health)")
    proxy = services.get("proxy")
    if proxy is None:
        problems.append("no proxy service in front of web")
    elif waits_for(proxy, "web") is None or not proxy.get("ports"):
        problems.append("the proxy neither waits for web nor publishes a port")
    if "storage" not in services:
        problems.append("no S3-compatible storage service")
    for name in APP_SERVICES:
        env = environment(services[name])
        if env.get("STORAGE_BACKEND") != "s3" or env.get("AWS_S3_ENDPOINT_URL", "").split("//")[-1].split(":")[0] != "storage":
            problems.append(f"{name} does not keep files in the shared storage service")
        if not env.get("CACHE_URL", "").startswith("redis://"):
            problems.append(f"{name} does not share the cache in Redis")
        if any("media" in str(volume) for volume in services[name].get("volumes") or []):
            problems.append(f"{name} mounts a volume of kept files")
    return problems


def test_the_proxy_balances_web_and_forwards_the_client_as_the_settings_expect():
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    proxy = load_yaml(COMPOSE_TEXT)["services"]["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert re.search(r"upstream isvimed_web \{\s*server web:8000;", config)
    assert "proxy_pass http://isvimed_web;" in config
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    listen = re.search(r"listen (\d+);", config).group(1)
    assert proxy["ports"] == [f"8000:{listen}"]
    env = environment(load_yaml(COMPOSE_TEXT)["services"]["web"])
    assert env["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-2}"  # the TLS proxy and this one


CHECKS = [stores_not_awaited, app_services_differ, hard_coded_secrets, migrate_not_first, cannot_scale, not_one_cluster]


def broken(edit):
    compose = load_yaml(COMPOSE_TEXT)
    edit(compose["services"])
    return compose


def test_docker_compose_yml_is_valid_under_the_compose_specification():
    assert schema_errors(load_yaml(COMPOSE_TEXT)) == []


@pytest.mark.parametrize(
    "text, error",
    [
        ("services:\n  web:\n    image: app\n    ports: 8000:8000\n", "$.services.web.ports: '8000:8000' is not of type 'array'"),
        ("service:\n  web:\n    image: app\n", "$: 'service' does not match any of the regexes: '^x-'"),
        ("services:\n  web:\n    image: app\n    depends_on:\n      db: {condition: when_ready}\n",
         "$.services.web.depends_on: {'db': {'condition': 'when_ready'}} is not valid under any of the given schemas"),
    ],
)
def test_a_compose_file_that_breaks_the_specification_is_reported(text, error):
    assert any(message.startswith(error) for message in schema_errors(load_yaml(text)))


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_the_compose_stack_starts_in_order_with_secrets_from_env(check):
    assert check(load_yaml(COMPOSE_TEXT)) == []


@pytest.mark.parametrize(
    "check, edit, problem",
    [
        (stores_not_awaited, lambda s: s["worker"]["depends_on"].pop("postgres"),
         "worker uses the database without waiting for postgres to be healthy"),
        (stores_not_awaited, lambda s: s["beat"]["depends_on"]["redis"].update(condition="service_started"),
         "beat uses the broker without waiting for redis to be healthy"),
        (app_services_differ, lambda s: s["worker"].update(image="other"), "image differs between"),
        (app_services_differ, lambda s: [s[name].pop("image") for name in APP_SERVICES],
         "web has no image name, so Compose builds it a separate image"),
        (hard_coded_secrets, lambda s: s["web"]["environment"].update(SECRET_KEY="abc"),
         "web sets SECRET_KEY in docker-compose.yml instead of .env"),
        (hard_coded_secrets, lambda s: s["postgres"]["environment"].update(POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-isvimed}"),
         "postgres: POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-isvimed} is written in docker-compose.yml"),
        (hard_coded_secrets, lambda s: s["web"]["environment"].update(DATABASE_URL="postgres://isvimed:isvimed@postgres/isvimed"),
         "web: the password in DATABASE_URL is written in docker-compose.yml"),
        (migrate_not_first, lambda s: s["migrate"].update(restart="unless-stopped"),
         "migrate restarts (unless-stopped) instead of running once"),
        (migrate_not_first, lambda s: s["web"]["depends_on"].pop("migrate"),
         "web starts without waiting for migrate to finish"),
        (cannot_scale, lambda s: s["web"].update(container_name="isvimed-web"),
         "web has container_name isvimed-web, so it cannot scale"),
        (cannot_scale, lambda s: s["worker"].update(ports=["5555:5555"]),
         "worker publishes host ports ['5555:5555'], so it cannot scale"),
        (not_one_cluster, lambda s: s.update(beat2=dict(s["beat"])),
         "the services running celery beat are ['beat', 'beat2'], not exactly one"),
        (not_one_cluster, lambda s: s["beat"].update(deploy={"replicas": 2}), "beat has more than one replica"),
        (not_one_cluster, lambda s: s["beat"]["command"].extend(["--schedule", "/srv/isvimed/var/celerybeat-schedule"]),
         "beat keeps its schedule in a local file"),
        (not_one_cluster, lambda s: s["beat"]["healthcheck"].update(test=["CMD-SHELL", "test -f /srv/isvimed/var/celerybeat-schedule"]),
         "beat keeps its schedule in a local file"),
        (not_one_cluster, lambda s: s.pop("proxy"), "no proxy service in front of web"),
        (not_one_cluster, lambda s: s.pop("storage"), "no S3-compatible storage service"),
        (not_one_cluster, lambda s: s["worker"].update(volumes=["media:/srv/isvimed/var/media"]),
         "worker mounts a volume of kept files"),
    ],
)
def test_each_compose_check_reports_a_broken_copy(check, edit, problem):
    assert any(found.startswith(problem) for found in check(broken(edit)))


def healthcheck_request(web, tmp_path, env) -> list[str]:
    """The arguments the web container's health check passes to curl, by running its command in a
    shell (as Docker does) with a stand-in curl that records them."""
    kind, command = web["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    stub = tmp_path / "curl"
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$CURL_ARGS"\n')
    stub.chmod(0o755)
    # `$$` is Compose's escape for a `$` left to the container's shell.
    shell_env = {**env, "PATH": f"{tmp_path}:/usr/bin:/bin", "CURL_ARGS": str(tmp_path / "args")}
    subprocess.run(["sh", "-c", command.replace("$$", "$")], env=shell_env, check=True, timeout=10)
    return (tmp_path / "args").read_text().splitlines()


def healthcheck_status(client, web, tmp_path) -> int:
    settings_env = env_file_values(ROOT / ".env.example")
    args = healthcheck_request(web, tmp_path, settings_env)
    url = urlsplit(next(arg for arg in args if arg.startswith("http")))
    assert url.port == 8000
    headers = {}
    for flag, value in zip(args, args[1:]):
        if flag in ("-H", "--header"):
            name, _, header_value = value.partition(":")
            headers[f"HTTP_{name.strip().upper().replace('-', '_')}"] = header_value.strip()
    allowed_hosts = [host.strip() for host in settings_env["ALLOWED_HOSTS"].split(",")]
    with override_settings(ALLOWED_HOSTS=allowed_hosts, SECURE_SSL_REDIRECT=True):
        return client.get(url.path, **headers).status_code


def test_the_web_health_check_gets_200_from_healthz_with_the_production_settings(client, db, tmp_path):
    web = load_yaml(COMPOSE_TEXT)["services"]["web"]
    assert healthcheck_status(client, web, tmp_path) == 200


def test_a_health_check_asking_for_a_host_outside_allowed_hosts_is_refused(client, db, tmp_path):
    web = load_yaml(COMPOSE_TEXT)["services"]["web"]
    web["healthcheck"]["test"] = ["CMD-SHELL", "curl -fsS http://localhost:8000/healthz || exit 1"]
    assert healthcheck_status(client, web, tmp_path) == 400
