"""An in-process keyring for tests: `keyring.set_keyring(MemoryKeyring())`."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only; `items` shows what was stored."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Like the real backends, deleting what is not there is an error."""
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(f"no password for {username} in {service}")
