"""The central store's settings: built-in defaults, then a TOML file, then environment variables.

The TOML file holds flat keys named like the :class:`ServerConfig` fields::

    database_url = "postgresql+psycopg://hcdesk@db.example.internal/hcdesk"
    host = "0.0.0.0"
    port = 8765
    tls_cert = "/etc/hcdesk/server.crt"   # relative paths are relative to the file
    tls_key = "/etc/hcdesk/server.key"
    access_token_minutes = 15
    refresh_token_days = 30
    log_level = "info"

A key the server does not know is an error that names it, so a typing mistake in a security
setting is never silently ignored. Database URLs are shown only through :func:`redact_url`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hcdesk.errors import HcdeskError

ENV_CONFIG = "HCDESK_SERVER_CONFIG"
ENV_DATABASE_URL = "HCDESK_SERVER_DATABASE_URL"
ENV_HOST = "HCDESK_SERVER_HOST"
ENV_PORT = "HCDESK_SERVER_PORT"
ENV_TLS_CERT = "HCDESK_SERVER_TLS_CERT"
ENV_TLS_KEY = "HCDESK_SERVER_TLS_KEY"

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


class ConfigError(HcdeskError):
    """The configuration file or an environment variable holds something unusable."""

    default_message = "The central store's configuration holds something it cannot use."


def default_database_url() -> str:
    import platformdirs

    path = platformdirs.user_data_path("hcdesk-server", appauthor=False) / "central.db"
    return f"sqlite:///{path}"


@dataclass
class ServerConfig:
    database_url: str = field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = 8765
    tls_cert: Path | None = None
    tls_key: Path | None = None
    access_token_minutes: float = 15
    refresh_token_days: float = 30
    log_level: str = "info"
    # Failed logins allowed per username and client address within the window, then 429.
    login_max_failures: int = 5
    login_window_seconds: int = 300
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto headers uvicorn trusts ("" = none).
    forwarded_allow_ips: str = ""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if not self.database_url:
            raise ConfigError("database_url is empty.")
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, not {self.port}.")
        if self.access_token_minutes <= 0 or self.refresh_token_days <= 0:
            raise ConfigError("access_token_minutes and refresh_token_days must be positive.")
        if self.access_token_minutes > 24 * 60:
            raise ConfigError("access_token_minutes must be at most one day (1440).")
        if self.log_level.lower() not in LOG_LEVELS:
            raise ConfigError(
                f"log_level must be one of {', '.join(LOG_LEVELS)}, not {self.log_level!r}."
            )
        self.log_level = self.log_level.lower()
        if self.login_max_failures < 1 or self.login_window_seconds < 1:
            raise ConfigError("login_max_failures and login_window_seconds must be at least 1.")

    @property
    def access_token_seconds(self) -> int:
        return max(1, round(self.access_token_minutes * 60))

    @property
    def refresh_token_seconds(self) -> int:
        return max(1, round(self.refresh_token_days * 86400))

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None and self.tls_key is not None

    def redacted(self) -> dict[str, Any]:
        """The settings as shown to a person: the database password hidden."""
        values = dataclasses.asdict(self)
        values["database_url"] = redact_url(self.database_url)
        return values


def redact_url(url: str) -> str:
    """A database URL with its password replaced by ``***`` (safe for logs and messages)."""
    try:
        import sqlalchemy as sa

        parsed = sa.make_url(url)
        secret_keys = [k for k in parsed.query if "password" in k.lower()]
        if secret_keys:  # libpq also takes ?password=... in the query string
            parsed = parsed.update_query_dict({k: "***" for k in secret_keys})
        return parsed.render_as_string(hide_password=True)
    except Exception:  # not a URL we can parse: show only its scheme
        scheme, sep, _rest = url.partition("://")
        return f"{scheme}://***" if sep else "***"


_FIELDS = {f.name: f for f in dataclasses.fields(ServerConfig)}
_PATH_FIELDS = {"tls_cert", "tls_key"}
_INT_FIELDS = {"port", "login_max_failures", "login_window_seconds"}
_NUMBER_FIELDS = {"access_token_minutes", "refresh_token_days"}


def _coerce(name: str, value: Any, base: Path | None, source: str) -> Any:
    """Check one setting's type; ``source`` names where it came from for the message."""
    if name in _INT_FIELDS:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ConfigError(f"{source}: {name} must be a whole number.") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{source}: {name} must be a whole number.")
        return value
    if name in _NUMBER_FIELDS:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise ConfigError(f"{source}: {name} must be a number.") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{source}: {name} must be a number.")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{source}: {name} must be text.")
    if name in _PATH_FIELDS:
        if not value:
            return None
        path = Path(value).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        return path
    return value


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> ServerConfig:
    """Defaults, overridden by the TOML file (``path`` or $HCDESK_SERVER_CONFIG), then by env."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    if path is None and env.get(ENV_CONFIG):
        path = Path(env[ENV_CONFIG])
    if path is not None:
        path = path.expanduser()
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"The configuration file {path} does not exist.") from None
        except OSError as exc:
            raise ConfigError(f"The configuration file {path} cannot be read: {exc}.") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"The configuration file {path} is not valid TOML: {exc}.") from None
        for key, value in data.items():
            if key not in _FIELDS:
                known = ", ".join(sorted(_FIELDS))
                raise ConfigError(f"{path}: unknown setting {key!r}. Known settings: {known}.")
            values[key] = _coerce(key, value, path.parent, str(path))
    for name, var in (
        ("database_url", ENV_DATABASE_URL),
        ("host", ENV_HOST),
        ("port", ENV_PORT),
        ("tls_cert", ENV_TLS_CERT),
        ("tls_key", ENV_TLS_KEY),
    ):
        if var in env:
            values[name] = _coerce(name, env[var], None, var)
    return ServerConfig(**values)
