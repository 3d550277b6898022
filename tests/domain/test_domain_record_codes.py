import random
import re

import pytest

from domain import record_codes
from domain.record_codes import ALPHABET, format_code, is_valid, new_code, normalize

CODE_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def sample_codes(count, seed=2026):
    rng = random.Random(seed)
    return [normalize(new_code(rng)) for _ in range(count)]


def test_alphabet_is_crockford_base32():
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32 and not set("ILOU") & set(ALPHABET)


def test_gf32_modulus_is_irreducible():
    """Every non-zero element has an inverse, so GF(32) really is a field."""
    mul = record_codes._gf32_mul
    assert mul(0b10000, 0b10) == 0b00101  # x^5 = x^2 + 1
    assert all(any(mul(x, y) == 1 for y in range(1, 32)) for x in range(1, 32))


def test_operation_is_a_totally_anti_symmetric_quasigroup():
    table = record_codes._TABLE
    for row in range(32):
        assert sorted(table[row]) == list(range(32))
        assert sorted(table[x][row] for x in range(32)) == list(range(32))
    for c in range(32):
        for x in range(32):
            for y in range(x + 1, 32):
                assert table[table[c][x]][y] != table[table[c][y]][x]


def test_new_codes_are_formatted_and_valid():
    rng = random.Random(7)
    codes = [new_code(rng) for _ in range(500)]
    assert all(CODE_PATTERN.fullmatch(code) and is_valid(code) for code in codes)
    assert len(set(codes)) == 500
    assert is_valid(new_code())  # default rng: secrets


def test_new_code_is_reproducible_with_a_seeded_rng():
    assert new_code(random.Random(1)) == new_code(random.Random(1))


def test_every_single_substitution_is_caught():
    for raw in sample_codes(300):
        for position in range(8):
            for symbol in ALPHABET:
                if symbol != raw[position]:
                    assert not is_valid(raw[:position] + symbol + raw[position + 1 :]), (raw, position, symbol)


def test_every_adjacent_transposition_is_caught():
    checked = 0
    for raw in sample_codes(3000, seed=11):
        for position in range(7):
            a, b = raw[position], raw[position + 1]
            if a != b:
                assert not is_valid(raw[:position] + b + a + raw[position + 2 :]), (raw, position)
                checked += 1
    assert checked > 3000 * 7 * 0.9


def test_check_symbol_uses_the_whole_alphabet():
    assert {raw[-1] for raw in sample_codes(2000, seed=3)} == set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "raw"),
    [
        ("abcd-efgh", "ABCDEFGH"),
        (" AB CD - EF GH ", "ABCDEFGH"),
        ("ilo0-ILO0", "1100" + "1100"),
        ("l0l0l0l0", "10101010"),
        ("ABCD\tEFGH", "ABCDEFGH"),
    ],
)
def test_normalize_accepts_what_people_type(typed, raw):
    assert normalize(typed) == raw


@pytest.mark.parametrize("typed", ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFGU", "ABCD_EFGH", "ÄBCD-EFGH"])
def test_normalize_rejects_non_codes(typed):
    assert normalize(typed) is None
    assert not is_valid(typed)


def test_is_valid_accepts_sloppy_typing_of_a_valid_code():
    code = next(c for c in (new_code(random.Random(n)) for n in range(1000)) if "0" in c or "1" in c)
    sloppy = code.lower().replace("0", "o").replace("1", "l").replace("-", " ")
    assert is_valid(sloppy)


def test_format_code():
    assert format_code("abcd1234") == "ABCD-1234"
    assert format_code("ABCD-1234") == "ABCD-1234"
    with pytest.raises(ValueError):
        format_code("ABC")
