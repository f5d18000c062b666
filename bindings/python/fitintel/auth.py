"""Password login for the dashboards: scrypt hashes, compared in constant time.

A hash is stored as ``scrypt$N$r$p$salt_b64$hash_b64`` (standard base64) and comes from, in order:

1. the environment variable ``FITINTEL_PASSWORD_HASH``;
2. the file named by ``FITINTEL_AUTH_FILE`` (default ``~/.config/fitintel/auth.conf``), one line
   ``password_hash = scrypt$...`` (``#`` starts a comment).

``FITINTEL_DEV_MODE=true`` — exactly that text, lower case; "1", "yes" or "True" do not count —
bypasses the login for local development. With no hash configured and no development mode, every
password is refused and :func:`login` says how to make a hash::

    python3 -m fitintel.auth            # asks for the password twice, prints the hash
"""
from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import os
import math
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

__all__ = ["hash_password", "verify_password", "configured_hash", "auth_file", "dev_mode",
           "login", "LoginResult", "Throttle", "HASH_ENV", "FILE_ENV", "DEV_ENV", "SETUP_HINT"]

HASH_ENV = "FITINTEL_PASSWORD_HASH"
FILE_ENV = "FITINTEL_AUTH_FILE"
DEV_ENV = "FITINTEL_DEV_MODE"
DEFAULT_FILE = "~/.config/fitintel/auth.conf"

# scrypt cost: N=2**15, r=8, p=1 needs 32 MiB and ~0.1 s — slow for guessing, fine for one login.
_N, _R, _P = 2 ** 15, 8, 1
_SALT_BYTES, _HASH_BYTES = 16, 32
# Refuse stored parameters that would make one check eat memory or time (a tampered file).
_MAX_MEM, _MAX_P = 256 << 20, 16

SETUP_HINT = (f"No password is configured. Run `python3 -m fitintel.auth` to make a hash, then set "
              f"{HASH_ENV} to it or put the line `password_hash = <hash>` in {DEFAULT_FILE} "
              f"(or the file named by {FILE_ENV}). For local development only, "
              f"{DEV_ENV}=true skips the login.")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: OpenSSL's default (32 MiB) is just below what N=2**15, r=8 needs (128*N*r + extra).
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * n * r * p + (1 << 20))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = _N, r: int = _R, p: int = _P) -> str:
    """A new ``scrypt$N$r$p$salt$hash`` string for @password (random salt each time)."""
    if not isinstance(password, str) or not password:
        raise ValueError("the password must be a non-empty string")
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p, _HASH_BYTES)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str):
    """(n, r, p, salt, digest) of a stored hash, or None when it is malformed."""
    if not isinstance(stored, str):
        return None
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x, 10) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if n < 2 or n & (n - 1) or r < 1 or not 1 <= p <= _MAX_P or 128 * n * r * p > _MAX_MEM:
        return None
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        return None
    return n, r, p, salt, digest


def verify_password(password: str, stored: Optional[str]) -> bool:
    """True when @password matches the @stored hash. A malformed or missing hash, or an empty
    password, is simply False (never an exception). The digests are compared with
    :func:`hmac.compare_digest`, whose time does not depend on where they differ."""
    if not isinstance(password, str) or not password:
        return False
    parsed = _parse(stored) if stored else None
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    candidate = _scrypt(password, salt, n, r, p, len(digest))
    return hmac.compare_digest(candidate, digest)


def auth_file(env: Mapping[str, str] = os.environ) -> Path:
    """The configuration file that may hold the hash (``FITINTEL_AUTH_FILE`` or the default)."""
    name = env.get(FILE_ENV) or DEFAULT_FILE
    if name.startswith("~"):
        home = env.get("HOME")
        name = (home + name[1:]) if home else os.path.expanduser(name)
    return Path(name)


def _read_file_hash(path: Path) -> Optional[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        key, sep, value = line.partition("=")
        if sep and key.strip() == "password_hash" and value.strip():
            return value.strip()
    return None


def configured_hash(env: Mapping[str, str] = os.environ) -> Optional[str]:
    """The configured hash: ``FITINTEL_PASSWORD_HASH`` when set and not empty, else the
    ``password_hash`` line of :func:`auth_file`, else None."""
    value = (env.get(HASH_ENV) or "").strip()
    if value:
        return value
    return _read_file_hash(auth_file(env))


def dev_mode(env: Mapping[str, str] = os.environ) -> bool:
    """True only when ``FITINTEL_DEV_MODE`` is exactly ``true`` (so a stray "1" or "TRUE" left
    in a production environment does not open the dashboards)."""
    return env.get(DEV_ENV) == "true"


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one login attempt: whether it is accepted and what to tell the user."""
    ok: bool
    message: str


class Throttle:
    """At most @limit failed logins per key in any @window_s seconds (a sliding window). The
    dashboards keep one per session (its key) and one for the whole process (key ``"*"``), so
    neither one browser nor many can guess faster than that. Thread-safe: Streamlit runs each
    session in a thread of one process."""

    def __init__(self, limit: int, window_s: float, clock=time.monotonic):
        if limit < 1 or not window_s > 0:
            raise ValueError("a throttle needs limit >= 1 and window_s > 0")
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._failures: dict = {}
        self._lock = threading.Lock()

    def _recent(self, key) -> list:
        now = self._clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def wait(self, key) -> float:
        """Seconds until @key may try again; 0 when it may now."""
        with self._lock:
            recent = self._recent(key)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-self.limit] + self.window_s - self._clock())

    def failed(self, key) -> None:
        """Count a failed attempt of @key, now."""
        with self._lock:
            self._recent(key)
            self._failures.setdefault(key, []).append(self._clock())

    def forget(self, key) -> None:
        """Forget @key's failures (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)


# The dashboards' limits: 5 failures a minute for one session, 30 for the process.
SESSION_THROTTLE = Throttle(5, 60.0)
PROCESS_THROTTLE = Throttle(30, 60.0)
_PROCESS = "*"


def login(password: Optional[str], env: Mapping[str, str] = os.environ, *, session: object = None,
          session_throttle: Optional[Throttle] = None,
          process_throttle: Optional[Throttle] = None) -> LoginResult:
    """Check @password against the configuration in @env (development mode accepts anything).
    Failed attempts count against @session (any hashable key; None: one shared key) and the
    process; past either limit the password is not even checked until the window has passed."""
    if dev_mode(env):
        return LoginResult(True, f"Development mode ({DEV_ENV}=true): login skipped.")
    per_session = session_throttle or SESSION_THROTTLE
    per_process = process_throttle or PROCESS_THROTTLE
    wait = max(per_session.wait(session), per_process.wait(_PROCESS))
    if wait > 0:
        return LoginResult(False, f"Too many failed attempts; try again in {math.ceil(wait)} s.")
    stored = configured_hash(env)
    if stored is None:
        return LoginResult(False, SETUP_HINT)
    if _parse(stored) is None:
        return LoginResult(False, "The configured password hash is malformed; make a new one "
                                  "with `python3 -m fitintel.auth`.")
    if verify_password(password or "", stored):
        per_session.forget(session)
        return LoginResult(True, "Logged in.")
    per_session.failed(session)
    per_process.failed(_PROCESS)
    return LoginResult(False, "Wrong password.")


def main(argv: Optional[list] = None) -> int:
    """``python3 -m fitintel.auth``: read a password twice without echo, print its hash."""
    try:
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Again: ")
    except (EOFError, KeyboardInterrupt):
        print("no password read", file=sys.stderr)
        return 1
    if not first:
        print("the password must not be empty", file=sys.stderr)
        return 1
    if first != second:
        print("the passwords differ", file=sys.stderr)
        return 1
    print(hash_password(first))
    print(f"# set {HASH_ENV} to the line above, or write `password_hash = <it>` to "
          f"{DEFAULT_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
