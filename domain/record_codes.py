"""Short random record codes that staff note in their confidential files.

A code is 7 random symbols of Crockford's base32 alphabet plus 1 check symbol, shown as
XXXX-XXXX. The check is the Damm algorithm over the quasigroup x∘y = a·x ⊕ y on GF(32)
(modulus x^5 + x^2 + 1, a = x). For a ∉ {0, 1} this quasigroup is totally anti-symmetric:
(c∘x)∘y = (c∘y)∘x gives (a + 1)·x = (a + 1)·y, so x = y. Hence the check catches every
single-symbol substitution (each row and column is a permutation) and every adjacent
transposition, the two most common copying errors.
"""

import secrets
from collections.abc import Sequence
from typing import Protocol

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_LENGTH = 7
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_CROCKFORD_ALIASES = str.maketrans("ILO", "110")  # applied after upper-casing

_MODULUS = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
_A = 0b10  # the element x


def _gf32_mul(x: int, y: int) -> int:
    product = 0
    while y:
        if y & 1:
            product ^= x
        y >>= 1
        x <<= 1
        if x & 0b100000:
            x ^= _MODULUS
    return product


_TABLE = [[_gf32_mul(_A, x) ^ y for y in range(32)] for x in range(32)]  # _TABLE[x][y] = x∘y


def _interim(raw: str) -> int:
    state = 0
    for symbol in raw:
        state = _TABLE[state][_VALUE[symbol]]
    return state


def _check_symbol(data: str) -> str:
    # The check c brings the state to 0: a·state ⊕ c = 0, so c = a·state.
    return ALPHABET[_gf32_mul(_A, _interim(data))]


class _Chooser(Protocol):
    def choice(self, seq: Sequence[str], /) -> str: ...


def new_code(rng: _Chooser = secrets) -> str:
    """A fresh formatted code; rng needs a choice() method (secrets, or random.Random in tests)."""
    data = "".join(rng.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return format_code(data + _check_symbol(data))


def normalize(text: str) -> str | None:
    """The 8 symbols of a code as typed (any case, spaces, hyphens, I/L for 1, O for 0), or None."""
    raw = "".join(text.split()).replace("-", "").upper().translate(_CROCKFORD_ALIASES)
    if len(raw) != DATA_LENGTH + 1 or any(symbol not in _VALUE for symbol in raw):
        return None
    return raw


def is_valid(text: str) -> bool:
    raw = normalize(text)
    return raw is not None and _interim(raw) == 0


def format_code(raw8: str) -> str:
    raw = normalize(raw8)
    if raw is None:
        raise ValueError("Not an 8-symbol record code.")  # the code itself stays out of logs
    return hyphenate(raw)


def hyphenate(stored: str) -> str:
    """A stored (normalized) code as staff read and write it: XXXX-XXXX."""
    return f"{stored[:4]}-{stored[4:]}"
