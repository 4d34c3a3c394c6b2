"""The production-like container setup, checked without a Docker engine.

docker-compose.yml is read with PyYAML and the Dockerfile as text, so a change that
would break `docker compose up` (a missing healthcheck, a database URL pointing at
the wrong host, a secret key that silently defaults to empty) fails here first.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"


# --- docker-compose.yml helpers -------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def service(name: str) -> dict:
    services = compose().get("services") or {}
    assert name in services, f"docker-compose.yml has no service {name!r}"
    return services[name]


def environment(name: str) -> dict[str, str]:
    """A service's environment as a dict, whether written as a mapping or as KEY=value items."""
    env = service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def mounts(name: str) -> dict[str, str]:
    """A service's volume mounts as {source: target}, for both the short and the long syntax."""
    result = {}
    for volume in service(name).get("volumes") or []:
        if isinstance(volume, str):
            source, _, rest = volume.partition(":")
            target = rest.split(":")[0]
        else:
            source, target = volume.get("source", ""), volume.get("target", "")
        result[source] = target
    return result


def healthcheck_command(name: str) -> str:
    check = service(name).get("healthcheck") or {}
    assert not check.get("disable"), f"the healthcheck of {name!r} is disabled"
    test = check.get("test")
    assert test, f"service {name!r} has no healthcheck test command"
    if isinstance(test, str):
        return test
    assert test[0] in {"CMD", "CMD-SHELL"}, f"healthcheck of {name!r} does not run a command: {test!r}"
    assert len(test) > 1, f"healthcheck of {name!r} has an empty command"
    return " ".join(test[1:])


# --- Dockerfile helpers ---------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with comments dropped and continuation lines joined."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def last_instruction(keyword: str) -> str | None:
    found = [arguments for name, arguments in dockerfile_instructions() if name == keyword]
    return found[-1] if found else None


def command_words(arguments: str) -> list[str]:
    """The words of a CMD, in exec form (a JSON list) or shell form."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return shlex.split(arguments)


# --- services and healthchecks --------------------------------------------------------------


def test_compose_defines_a_db_and_an_app_service():
    services = compose().get("services") or {}
    assert {"db", "app"} <= set(services)


def test_the_database_is_postgres_16():
    image = service("db").get("image", "")
    name, _, tag = image.rpartition(":") if ":" in image else (image, "", "")
    assert name.split("/")[-1] == "postgres", f"db image is {image!r}, not postgres"
    assert tag.split(".")[0].split("-")[0] == "16", f"db image {image!r} is not PostgreSQL 16"


def test_the_database_has_a_healthcheck_using_pg_isready():
    assert "pg_isready" in healthcheck_command("db")


def test_the_app_has_a_healthcheck_that_asks_for_readiness():
    assert "/readyz" in healthcheck_command("app")


def test_the_app_waits_for_a_healthy_database():
    depends_on = service("app").get("depends_on")
    assert isinstance(depends_on, dict), "app.depends_on must use the long form to carry a condition"
    assert "db" in depends_on, "app does not depend on db"
    assert (depends_on["db"] or {}).get("condition") == "service_healthy"


def test_only_the_proxy_is_published_on_port_8000():
    ports = [str(port) for port in service("proxy").get("ports") or []]
    assert any(port.split(":")[-1].split("/")[0] == "8000" for port in ports), ports
    # An app server reachable from outside would believe a forged X-Forwarded-For.
    for naam in app_servers():
        assert not service(naam).get("ports"), f"{naam} is published past the proxy"


def app_servers() -> list[str]:
    """The services that run `portfolio serve` (the image's CMD): every one but the worker."""
    return [
        naam
        for naam, inhoud in (compose().get("services") or {}).items()
        if inhoud.get("build") and not inhoud.get("command")
    ]


def test_two_app_servers_and_a_worker_share_one_installation():
    servers = app_servers()
    assert len(servers) >= 2, servers
    assert service("worker").get("command") == ["portfolio", "worker"]
    gedeeld = ["PORTFOLIO_DATABASE_URL", "PORTFOLIO_SECRET_KEY", "PORTFOLIO_OPSLAG", "PORTFOLIO_S3_BUCKET"]
    waarden = {naam: [environment(naam).get(k) for k in gedeeld] for naam in [*servers, "worker"]}
    assert len({tuple(v) for v in waarden.values()}) == 1, waarden
    assert environment("app")["PORTFOLIO_OPSLAG"] == "s3"
    assert environment("app")["PORTFOLIO_S3_ENDPOINT_URL"].startswith("http://objecten:")


def test_the_proxy_sends_requests_to_every_app_server():
    command = service("proxy").get("command") or []
    doelen = {command[i + 1].split(":")[0] for i, woord in enumerate(command) if woord == "--to"}
    assert doelen == set(app_servers()), command


def test_the_app_servers_trust_forwarded_addresses_from_the_proxy_only():
    proxy_adres = service("proxy")["networks"]["intern"]["ipv4_address"]
    for naam in app_servers():
        assert environment(naam).get("PORTFOLIO_TRUSTED_PROXIES") == proxy_adres


# --- volumes --------------------------------------------------------------------------------


def test_named_volumes_pgdata_and_bestanden_are_declared():
    declared = compose().get("volumes") or {}
    assert {"pgdata", "bestanden"} <= set(declared)


def test_the_database_keeps_its_data_in_the_pgdata_volume():
    assert mounts("db").get("pgdata") == "/var/lib/postgresql/data"


def test_evidence_files_are_stored_in_the_bestanden_volume():
    storage_dir = environment("app").get("PORTFOLIO_STORAGE_DIR")
    assert storage_dir, "app does not set PORTFOLIO_STORAGE_DIR"
    assert mounts("app").get("bestanden") == storage_dir


def test_audit_checkpoints_outlive_the_container_in_their_own_volume():
    checkpoint_dir = environment("app").get("PORTFOLIO_AUDIT_CHECKPOINT_DIR")
    assert checkpoint_dir, "app does not set PORTFOLIO_AUDIT_CHECKPOINT_DIR"
    assert "auditcheckpoints" in (compose().get("volumes") or {})
    assert mounts("app").get("auditcheckpoints") == checkpoint_dir


# --- app settings ---------------------------------------------------------------------------


def test_the_app_runs_in_production_mode():
    assert environment("app").get("PORTFOLIO_ENVIRONMENT") == "production"


def test_the_app_connects_to_the_db_service_with_psycopg():
    url = environment("app").get("PORTFOLIO_DATABASE_URL", "")
    assert url.startswith("postgresql+psycopg://"), url
    parts = urlsplit(url)
    assert parts.hostname == "db", f"database URL points at {parts.hostname!r}, not the db service"


def test_the_database_url_matches_the_database_service_credentials():
    url = urlsplit(environment("app").get("PORTFOLIO_DATABASE_URL", ""))
    db_env = environment("db")
    credentials = url.netloc.rpartition("@")[0]
    user, _, password = credentials.partition(":")
    assert user == db_env.get("POSTGRES_USER")
    assert password == db_env.get("POSTGRES_PASSWORD")
    assert url.path.lstrip("/") == db_env.get("POSTGRES_DB")


def test_the_secret_key_must_be_given_when_compose_starts():
    secret = environment("app").get("PORTFOLIO_SECRET_KEY", "")
    assert re.fullmatch(r"\$\{PORTFOLIO_SECRET_KEY:\?[^}]+\}", secret), (
        f"PORTFOLIO_SECRET_KEY must use the ${{PORTFOLIO_SECRET_KEY:?message}} form, got {secret!r}"
    )


# --- Dockerfile -----------------------------------------------------------------------------


def test_the_image_runs_as_a_non_root_user():
    user = last_instruction("USER")
    assert user, "the Dockerfile has no USER instruction, so the app runs as root"
    assert user.split(":")[0] not in {"root", "0"}, f"USER {user} is root"


def test_the_image_has_a_healthcheck():
    healthcheck = last_instruction("HEALTHCHECK")
    assert healthcheck, "the Dockerfile has no HEALTHCHECK"
    assert healthcheck.split()[0].upper() != "NONE"
    assert "/healthz" in healthcheck


def test_the_image_starts_portfolio_serve_on_all_interfaces():
    cmd = last_instruction("CMD")
    assert cmd, "the Dockerfile has no CMD"
    words = command_words(cmd)
    assert words[:2] == ["portfolio", "serve"], words
    assert "--host" in words, "without --host the app only listens on 127.0.0.1 inside the container"
    assert words[words.index("--host") + 1] == "0.0.0.0", words  # noqa: S104 - it must listen on all
