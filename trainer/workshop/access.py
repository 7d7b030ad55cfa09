"""Who may vote on a workshop's voting page: the join code, the secret link, and the phones' device tokens.

A phone joins in one of two ways:

* **the secret link** in the QR code (``/inn/<secret>``): 128 random bits, never shown as text, so it cannot
  be guessed during a workshop's life;
* **the typed join code**, the fallback for a phone that cannot scan: four characters from 31 unambiguous
  symbols (31⁴ = 923,521 codes). Every wrong code counts against **one budget per code**
  (:data:`WRONG_CODE_BUDGET`), wherever it comes from; when the budget is spent the typed code stops
  working — for everyone, the right code too — until the presenter draws a new code. So whoever guesses,
  from however many addresses, has at most ``WRONG_CODE_BUDGET`` tries per code (a chance of 1 in
  ``923,521 / 50`` ≈ 18,000), and a room that shares one router is never locked out by its own typos
  before that; the QR link keeps working throughout.

A phone that joined gets a **device token** from the server: a random ID signed with a key derived from
the workshop's device salt (kept in the workshop store, so tokens survive a resume and are worth nothing
in another workshop). The page keeps it in an ``HttpOnly`` cookie; the server counts only votes that carry
a token it issued, so inventing device IDs no longer adds votes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading

#: Join-code characters: no 0/O, 1/I/L, so a code read off a projector is not mistyped.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 4
#: Wrong typed codes allowed per join code, from all phones together, before the typed code is shut.
WRONG_CODE_BUDGET = 50
#: The cookie that holds a phone's device token.
COOKIE_NAME = "bti_enhet"
#: How long a phone stays joined without joining again (a workshop day).
COOKIE_SECONDS = 12 * 3600

_TOKEN = re.compile(r"^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$")


def make_join_code(length: int = JOIN_CODE_LENGTH) -> str:
    """A random join code like ``K7QM`` (cryptographically random, unambiguous characters)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def make_secret() -> str:
    """A random secret for the QR link (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def normalise_code(code: str) -> str:
    """The code as typed, upper-cased and without spaces or dashes."""
    return re.sub(r"[\s-]", "", code).upper()


class JoinAccess:
    """The join code, the secret link, the wrong-code budget and the device tokens of one voting page.

    Thread-safe: the voting page's thread checks codes while the presenter may draw a new one.
    """

    def __init__(
        self, device_salt: str, *, join_code: str | None = None, secret: str | None = None, wrong_codes: int = 0
    ) -> None:
        """Access for a workshop whose device keys are salted with ``device_salt``; the code, the secret and
        the wrong codes counted so far are those kept for the workshop (new ones when None)."""
        self._lock = threading.Lock()
        self._key = hashlib.sha256(f"bti-enhet:{device_salt}".encode()).digest()
        self.join_code = normalise_code(join_code) if join_code else make_join_code()
        """The code shown on the projector."""
        self.secret = secret or make_secret()
        """The secret in the QR link."""
        self.wrong_codes = max(0, wrong_codes)
        """Wrong typed codes against the current join code."""

    @property
    def code_open(self) -> bool:
        """True while the typed join code is accepted (its wrong-code budget is not spent)."""
        with self._lock:
            return self.wrong_codes < WRONG_CODE_BUDGET

    def check_code(self, typed: str) -> bool | None:
        """True for the right code, False for a wrong one (counted), None when typed codes are shut."""
        given = normalise_code(typed)
        with self._lock:
            if self.wrong_codes >= WRONG_CODE_BUDGET:
                return None
            if hmac.compare_digest(given.encode(), self.join_code.encode()):
                return True
            self.wrong_codes += 1
            return False

    def check_secret(self, given: str) -> bool:
        """True when ``given`` is the QR link's secret."""
        return hmac.compare_digest(given.encode(), self.secret.encode())

    def new_code(self) -> str:
        """Draw a new join code and reset its budget (phones that joined keep their tokens)."""
        with self._lock:
            self.join_code = make_join_code()
            self.wrong_codes = 0
            return self.join_code

    def issue_token(self) -> str:
        """A new device token: a random ID and its signature."""
        device = secrets.token_urlsafe(16)
        return f"{device}.{self._sign(device)}"

    def device_of(self, token: str | None) -> str | None:
        """The device ID in ``token`` when this workshop issued it, else None."""
        match = _TOKEN.match(token or "")
        if match is None:
            return None
        device, signature = match.groups()
        return device if hmac.compare_digest(signature, self._sign(device)) else None

    def _sign(self, device: str) -> str:
        digest = hmac.new(self._key, device.encode(), hashlib.sha256).digest()[:16]
        return _b64(digest)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
