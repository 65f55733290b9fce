"""Passwords of shared archives, kept in the system's keyring (Windows Credential Manager, the Secret
Service of a Linux desktop), never in the settings file. Where no keyring is usable (a headless Linux
machine, CI) nothing is kept and the window asks each time.

A keyring may block while it asks to be unlocked: call these from a worker, not the UI thread.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

from archive.library import ServerAddress

log = logging.getLogger(__name__)

SERVICE = "CaseArchive"


def keyring_usable() -> bool:
    """Whether a real keyring is there: the fail and null backends have no positive priority."""
    try:
        return keyring.get_keyring().priority > 0
    except Exception:  # a broken backend's own error: no keyring, then
        log.info("no usable keyring", exc_info=True)
        return False


def saved_password(address: ServerAddress) -> str | None:
    if not keyring_usable():
        return None
    try:
        return keyring.get_password(SERVICE, address.key)
    except KeyringError as error:
        log.warning("could not read the keyring: %s", error)
        return None


def save_password(address: ServerAddress, password: str) -> bool:
    """Keep `password` for `address`; False when the keyring refused (the user is told)."""
    if not keyring_usable():
        return False
    try:
        keyring.set_password(SERVICE, address.key, password)
        return True
    except KeyringError as error:
        log.warning("could not write the keyring: %s", error)
        return False


def forget_password(address: ServerAddress) -> None:
    if not keyring_usable():
        return
    with contextlib.suppress(KeyringError):  # nothing was kept: nothing to forget
        keyring.delete_password(SERVICE, address.key)
