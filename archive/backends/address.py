"""Where a shared archive is: server, port, database, user and TLS mode, as the connect dialog asks
for them, and the `postgresql://` URL they make. The password travels in the URL only on its way
to the server; what is shown or remembered is the URL without it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

DEFAULT_PORT = 5432
SSL_MODES = ("prefer", "disable", "require", "verify-ca", "verify-full")
"""libpq's sslmode values: prefer (encrypt when the server can) is libpq's own default."""


@dataclass(frozen=True)
class ServerAddress:
    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = "prefer"

    @classmethod
    def from_url(cls, url: str) -> ServerAddress:
        """The address a `postgresql://user[:password]@host[:port]/database[?sslmode=…]` names
        (the password, if any, is left out)."""
        parts = urlsplit(url)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            raise ValueError(f"共享案例库地址「{url}」的端口无效。") from None
        mode = parse_qs(parts.query).get("sslmode", ["prefer"])[0]
        return cls(host=parts.hostname or "", database=unquote(parts.path.lstrip("/")),
                   user=unquote(parts.username or ""), port=port,
                   sslmode=mode if mode in SSL_MODES else "prefer")

    def problems(self) -> list[str]:
        """What is missing or wrong, one sentence per field, for the connect dialog."""
        found = []
        if not self.host.strip():
            found.append("请填写服务器地址。")
        if not self.database.strip():
            found.append("请填写数据库名。")
        if not self.user.strip():
            found.append("请填写用户名。")
        if not 0 < self.port < 65536:
            found.append(f"端口 {self.port} 无效（应在 1 到 65535 之间）。")
        if self.sslmode not in SSL_MODES:
            found.append(f"加密方式「{self.sslmode}」无效。")
        return found

    def url(self, password: str = "") -> str:
        """The URL to open; without `password`, the one to show and to remember."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        login = quote(self.user, safe="") + (f":{quote(password, safe='')}" if password else "")
        query = "" if self.sslmode == "prefer" else f"?sslmode={self.sslmode}"
        return f"postgresql://{login}@{host}:{self.port}/{quote(self.database, safe='')}{query}"

    @property
    def key(self) -> str:
        """The name its password is kept under in the system keyring."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def __str__(self) -> str:
        """As the window's title and status bar show it: database on server."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.database}@{self.host}{port}"
