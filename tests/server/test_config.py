"""Server settings: defaults, TOML file, environment overrides, clear errors, redacted URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcdesk.server.config import ConfigError, ServerConfig, load_config, redact_url


def test_defaults_without_file_or_environment() -> None:
    cfg = load_config(None, env={})
    assert cfg.host == "127.0.0.1"
    assert cfg.port == 8765
    assert cfg.tls_cert is None and cfg.tls_key is None and not cfg.tls
    assert cfg.access_token_minutes == 15
    assert cfg.refresh_token_days == 30
    assert cfg.log_level == "info"
    assert cfg.database_url.startswith("sqlite:///")
    assert cfg.database_url.endswith("hcdesk-server/central.db")


def test_toml_file_then_environment_override(tmp_path: Path) -> None:
    path = tmp_path / "server.toml"
    path.write_text(
        'database_url = "postgresql+psycopg://hcdesk:s3cret@db/hcdesk"\n'
        'host = "0.0.0.0"\nport = 9000\n'
        'tls_cert = "certs/server.crt"\ntls_key = "/etc/hcdesk/server.key"\n'
        'access_token_minutes = 5\nrefresh_token_days = 7.5\nlog_level = "WARNING"\n',
        encoding="utf-8",
    )
    cfg = load_config(path, env={})
    assert cfg.host == "0.0.0.0"
    assert cfg.port == 9000
    assert cfg.tls_cert == tmp_path / "certs" / "server.crt"  # relative to the file
    assert cfg.tls_key == Path("/etc/hcdesk/server.key")
    assert cfg.access_token_seconds == 300
    assert cfg.refresh_token_seconds == int(7.5 * 86400)
    assert cfg.log_level == "warning"

    env = {
        "HCDESK_SERVER_DATABASE_URL": "sqlite:////srv/central.db",
        "HCDESK_SERVER_HOST": "10.1.2.3",
        "HCDESK_SERVER_PORT": "8443",
        "HCDESK_SERVER_TLS_CERT": "/tls/a.crt",
        "HCDESK_SERVER_TLS_KEY": "/tls/a.key",
    }
    cfg = load_config(path, env=env)
    assert cfg.database_url == "sqlite:////srv/central.db"
    assert cfg.host == "10.1.2.3"
    assert cfg.port == 8443
    assert (cfg.tls_cert, cfg.tls_key) == (Path("/tls/a.crt"), Path("/tls/a.key"))
    assert cfg.access_token_minutes == 5  # not overridden


def test_config_file_named_by_environment(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("port = 9100\n", encoding="utf-8")
    assert load_config(None, env={"HCDESK_SERVER_CONFIG": str(path)}).port == 9100


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("port = 9000\nacess_token_minutes = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'acess_token_minutes'"):
        load_config(path, env={})


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('port = "x"\n', "port must be a whole number"),
        ("port = 70000\n", "port must be between"),
        ("access_token_minutes = 0\n", "must be positive"),
        ('log_level = "loud"\n', "log_level must be one of"),
        ("host = 5\n", "host must be text"),
        ("port = \n", "not valid TOML"),
    ],
)
def test_bad_values_are_refused_clearly(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_config(path, env={})


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="HCDESK_SERVER_PORT: port must be a whole number"):
        load_config(None, env={"HCDESK_SERVER_PORT": "eighty"})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})


def test_database_password_is_redacted() -> None:
    url = "postgresql+psycopg://hcdesk:Tr0ub4dor@db.example/hcdesk"
    assert "Tr0ub4dor" not in redact_url(url)
    assert redact_url(url) == "postgresql+psycopg://hcdesk:***@db.example/hcdesk"
    cfg = ServerConfig(database_url=url)
    assert "Tr0ub4dor" not in repr(cfg.redacted())
    assert "Tr0ub4dor" not in redact_url("not a url at all Tr0ub4dor")
    in_query = redact_url(
        "postgresql+psycopg://hcdesk@db/hcdesk?password=Tr0ub4dor&sslmode=require"
    )
    assert "Tr0ub4dor" not in in_query and "sslmode=require" in in_query
