"""Free-text screening: a table of what caseworkers type, with what each must (not) be refused for."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.identifying_text import (ADDRESS, DATE, EMAIL, NAME, PHONE, PLATE, SSN, Finding,
                                     find_identifying)

FOUND = [
    # Phone numbers
    ("call 253 555 0142", PHONE, "253 555 0142"),
    ("cell (253) 555-0142", PHONE, "(253) 555-0142"),
    ("ph 253.555.0142 after 5", PHONE, "253.555.0142"),
    ("+1 206 555 1234", PHONE, "+1 206 555 1234"),
    ("text her at 2065551234", PHONE, "2065551234"),
    ("new number 555-0142", PHONE, "555-0142"),
    # E-mail addresses
    ("jdoe@gmail.com", EMAIL, "jdoe@gmail.com"),
    ("email maria.lopez77@yahoo.com for updates", EMAIL, "maria.lopez77@yahoo.com"),
    # Social Security numbers
    ("SSN 123-45-6789", SSN, "123-45-6789"),
    ("123 45 6789", SSN, "123 45 6789"),
    ("ssn: 123456789", SSN, "123456789"),
    ("SSN ending 6789", SSN, "6789"),
    ("social security # 123456789", SSN, "123456789"),
    # Street addresses
    ("1420 S Yakima Ave Apt 3", ADDRESS, "1420 S Yakima Ave Apt 3"),
    ("moved to 55 Elm Street", ADDRESS, "55 Elm Street"),
    ("lives at 2210 N 30th St #4", ADDRESS, "2210 N 30th St #4"),
    ("Other: went to 12 Main St, Tacoma", ADDRESS, "12 Main St"),
    ("1500 pacific hwy s", ADDRESS, "1500 pacific hwy s"),
    ("mail to PO Box 1234", ADDRESS, "PO Box 1234"),
    ("P.O. Box 55", ADDRESS, "P.O. Box 55"),
    # Exact dates
    ("left on 3/14", DATE, "3/14"),
    ("exited 03/14/2026", DATE, "03/14/2026"),
    ("moved 3-14-26", DATE, "3-14-26"),
    ("2026-03-14", DATE, "2026-03-14"),
    ("since March 14", DATE, "March 14"),
    ("Mar. 14th, 2026", DATE, "Mar. 14th, 2026"),
    ("back on 14 March", DATE, "14 March"),
    ("the 5th of June", DATE, "5th of June"),
    ("court date May 3", DATE, "May 3"),
    # License plates
    ("car plate BXR4471", PLATE, "BXR4471"),
    ("sleeping in car ABC 1234", PLATE, "ABC 1234"),
    ("van ABC-123", PLATE, "ABC-123"),
    ("CA plate 7ABC123", PLATE, "7ABC123"),
    ("lic plate abc 123", PLATE, "abc 123"),
    ("tags: 123-xyz", PLATE, "123-xyz"),
    # Names of people
    ("moved in w/ her sister Maria", NAME, "Maria"),
    ("staying with maria", NAME, "maria"),
    ("Maria Lopez", NAME, "Maria Lopez"),
    ("lives with Jose now", NAME, "Jose"),
    ("Aaliyah's grandma", NAME, "Aaliyah"),
    ("cash help from Nguyen family", None, None),  # a surname alone is not in the list: not caught
    ("her son Will", NAME, "Will"),
    ("help from Mark Johnson", NAME, "Mark Johnson"),
    ("Ms. Lopez pays rent", NAME, "Lopez"),
    ("Staying With Maria", NAME, "Maria"),
    ("MOVED IN WITH MARIA", NAME, "MARIA"),
    ("friend Priya helps", NAME, "Priya"),
    ("john smith helped", NAME, "john"),  # typed without capitals: an unambiguous name counts as it is
    ("maria lopez", NAME, "maria"),
    ("her number is 123456789", SSN, "123456789"),
    # Dates in every common written form, digits typed with look-alike letters, titles and families
    ("born 14.03.1991", DATE, "14.03.1991"),
    ("dob 19910314", DATE, "19910314"),
    ("dob 14031991", DATE, "14031991"),
    ("moved 14-03-91", DATE, "14-03-91"),
    ("exit 3.14.2026", DATE, "3.14.2026"),
    ("call 253555O142", PHONE, "253555O142"),
    ("ssn l23-45-6789", SSN, "l23-45-6789"),
    ("Officer Lopez took the report", NAME, "Lopez"),
    ("talked to Det. Ramirez", NAME, "Ramirez"),
    ("Dr Patel", NAME, "Patel"),
    ("Mr Jones", NAME, "Jones"),
    ("stayed with the Nguyens", NAME, "Nguyens"),
    ("the Smiths helped", NAME, "Smiths"),
]

ORDINARY = [
    "bus pass", "rent for May", "rent for May 2026", "May 2026", "June rent", "motel 3 nights",
    "Other: staying with family", "Section 8 voucher", "$1,250 deposit", "$1,200", "2 kids",
    "transitional housing program", "Hope House shelter", "Mary's Place", "Catherine Booth House",
    "St. Vincent de Paul", "cash help from a relative", "Moved Out Of State", "Moved out of state",
    "Will stay with mom", "Grace", "Bill paid", "paid phone bill", "Job Corps", "Apple Health", "TANF", "WIC",
    "Medicaid", "SSI 1200", "EBT 300", "WA-501", "CoC WA-501 funds", "1/2 of rent", "3/4 of deposit",
    "12/2025 to 01/2026", "paid 1200.00", "4471234", "income 2500 per month", "3 nights at Motel 6",
    "4 kids on Main St", "901 Broadway", "Motel 6 on Pacific Ave", "2 weeks at the W motel", "moved to Virginia",
    "faith-based program",
    "Mark this as pending", "room 1204", "24/7 shelter", "staying at a friend's place", "tribal housing",
    "12 step program", "car repair", "gas card", "food bank", "Hope", "May", "", "   ",
    "rent for jan", "due fri", "bus pass for june", "will stay with mom", "grace period", "hope house",
    "paid phone bill", "rent for may",
    "the Philippines", "went to the Rockies", "the Sisters of Providence", "the Salvation Army", "stays with the Kids",
    "paid 12.50", "v1.2.3", "Ol 1500 OO", "room 1204 to 1206", "20 of 2025", "case 2026", "$19.91",
]


@pytest.mark.parametrize(("text", "category", "fragment"), FOUND)
def test_catches_each_category(text, category, fragment):
    found = [(f.category, f.fragment) for f in find_identifying(text)]
    assert found == ([(category, fragment)] if category else [])


@pytest.mark.parametrize("text", ORDINARY)
def test_lets_ordinary_text_through(text):
    assert find_identifying(text) == []


def test_findings_give_the_span_in_reading_order():
    text = "sister Maria, 253 555 0142"
    assert find_identifying(text) == [Finding(NAME, 7, 12, "Maria"), Finding(PHONE, 14, 26, "253 555 0142")]


def test_overlapping_findings_keep_the_more_specific():
    # "Maria" inside the address would also be a name; the e-mail address is what it is.
    assert [f.category for f in find_identifying("Maria.Lopez@gmail.com")] == [EMAIL]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_is_deterministic(text):
    first = find_identifying(text)
    assert first == find_identifying(text)
    for finding in first:
        assert text[finding.start:finding.end] == finding.fragment and finding.fragment


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Maria", "253", "555", "0142", "1420", "S", "Ave", "3/14", "May", "ABC", "1234",
                                 "@", "x.com", "SSN", "123-45-6789", "plate", "sister", "-", ",", "St.", "Box"]),
                max_size=20))
def test_never_raises_on_near_misses(words):
    text = " ".join(words)
    assert find_identifying(text) == find_identifying(text)
