"""Identifiers removed whole: official numbers, the context rule, dates of birth, addresses and postcodes,
e-mails in words, messaging IDs, stored contact details; and ordinary prose with numbers left alone.

Fictional values only: documented test numbers, or numbers whose check digits were computed for the test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorjournal.export import identifiers
from mentorjournal.export.birthdates import dates_of_birth
from mentorjournal.export.findings import CERTAIN_KINDS
from mentorjournal.export.patterns import KIND_RANK, PLACEHOLDERS, find_all
from mentorjournal.export.redaction import Finding, KnownPerson, apply, residue, scan

MENTEE = KnownPerson(
    "Mentee A", ("Lily Wang", "Lily"), contacts=("lily.wang@example.com, 07700 900123, WeChat: lilyw1988",)
)
COLLEAGUE = KnownPerson("Person 1", ("Jane Doe", "Jane"), contacts=("+1 555 0142",))
PEOPLE = (MENTEE, COLLEAGUE)


def certain(text: str, people: tuple[KnownPerson, ...] = PEOPLE) -> list[Finding]:
    return [f for f in scan(text, people) if not f.needs_review]


def redacted(text: str, people: tuple[KnownPerson, ...] = PEOPLE) -> str:
    out = apply(text, certain(text, people))
    assert residue(out, people) == [], "the final re-scan must accept what redaction wrote"
    return out


def assert_redacted(text: str, expected: str) -> None:
    assert redacted(text) == expected


# --- official numbers -------------------------------------------------------------------------------------

# Without a label: mixed letters and digits with a real check, or a country's own written grouping.
UNLABELLED_IDS = [
    ("It says RCCMNL83S18D969H on the form.", "RCCMNL83S18D969H"),  # IT codice fiscale
    ("He wrote 54362315K at the top.", "54362315K"),  # ES DNI
    ("He wrote 54362315-K at the top.", "54362315-K"),
    ("She wrote X1234567L at the top.", "X1234567L"),  # ES NIE
    ("Number 6433435F was on the letter.", "6433435F"),  # IE PPS
    ("It read 390.533.447-05 yesterday.", "390.533.447-05"),  # BR CPF, written the Brazilian way
    ("It read 2 95 10 99 126 111 93 yesterday.", "2 95 10 99 126 111 93"),  # FR NIR
    ("It read 36 574 261 809 yesterday.", "36 574 261 809"),  # DE Steuer-ID
    ("It read 44051401359 yesterday.", "44051401359"),  # PL PESEL, unbroken 11 digits
    ("It read 360426199101010071 yesterday.", "360426199101010071"),  # CN resident ID
    ("It read BOXW310820HNERXN09 yesterday.", "BOXW310820HNERXN09"),  # MX CURP
]


@pytest.mark.parametrize(("text", "value"), UNLABELLED_IDS)
def test_official_numbers_without_a_label(text: str, value: str) -> None:
    found = certain(text)
    assert [f.text for f in found] == [value]
    assert redacted(text) == text.replace(value, "[id number]")


def _documented_examples() -> list[str]:
    """Valid numbers from python-stdnum's own documentation, for every module the detector uses."""
    examples = []
    for validator in identifiers._validators():
        module = __import__(f"stdnum.{validator.name}", fromlist=["validate"])
        for m in re.finditer(r"validate\('([^']+)'\)\n'", module.__doc__ or ""):
            example = m.group(1)
            if (
                re.fullmatch(r"(?:[A-Z]{1,2}-?)?\d[A-Z0-9 ./-]*[A-Z0-9]", example)
                and sum(c.isdigit() for c in example) >= 5
                and validator.is_valid(example)
            ):
                examples.append(example)
                break
    return examples


DOCUMENTED = _documented_examples()


def test_documented_examples_cover_many_countries() -> None:
    assert len(DOCUMENTED) >= 120


# Numbers that another detector knows better keep that detector's placeholder.
NUMBER_PLACEHOLDERS = ("[id number]", "[card]", "[iban]", "[ssn]", "[nhs number]", "[ni number]")


@pytest.mark.parametrize("number", DOCUMENTED)
def test_every_documented_number_goes_after_a_label(number: str) -> None:
    text = f"Her ID number: {number} (checked)."
    out = redacted(text)
    assert out in [f"Her ID number: {p} (checked)." for p in NUMBER_PLACEHOLDERS], number


def test_random_digit_runs_are_not_identifiers_without_a_label() -> None:
    # Any run of 5-12 digits passes one of ~200 validators: a validator's yes alone is no evidence.
    assert redacted("Order 12345678 shipped, 1234567 units, ref to chapter 4.") == (
        "Order 12345678 shipped, 1234567 units, ref to chapter 4."
    )


def test_validators_are_built_once_and_lazily() -> None:
    assert identifiers._validators() is identifiers._validators()
    assert all(v.name.split(".")[0] not in ("iso7064", "eu") for v in identifiers._validators())


# --- the context rule -------------------------------------------------------------------------------------

LABELLED = [
    ("Her passport number is 123456789 and expires soon.", "Her passport number is [id number] and expires soon."),
    ("Passport no. GB1234567 was renewed.", "Passport no. [id number] was renewed."),
    ("His BRP ZU1234567 arrived.", "His BRP [id number] arrived."),
    ("Home Office case ref: HO-1234-5678 is pending.", "Home Office case ref: [id number] is pending."),
    ("Employee number 004512 on the payslip.", "Employee number [id number] on the payslip."),
    ("Staff ID E-10234, badge pending.", "Staff ID [id number], badge pending."),
    ("Payroll ref 77-41-2299.", "Payroll ref [id number]."),
    ("Visa number 12345678 issued.", "Visa number [id number] issued."),
    ("Residence permit RP 998877 granted.", "Residence permit [id number] granted."),
    ("Membership #A12345 expires.", "Membership #[id number] expires."),
    ("Student number 2019876 enrolled.", "Student number [id number] enrolled."),
    ("Patient ID: MRN-4482193.", "Patient ID: [id number]."),
    ("Tax reference 1234567890 sent.", "Tax reference [id number] sent."),
    ("Account number 31926819 at the bank.", "Account number [id number] at the bank."),
    ("Driving licence MORGA753116SM9IJ renewed.", "Driving licence [id number] renewed."),
    ("Policy POL-2024-000123 covers it.", "Policy [id number] covers it."),
    ("Her PESEL is 44051401359.", "Her PESEL is [id number]."),
    ("BSN 111222333 voor de gemeente.", "BSN [id number] voor de gemeente."),
    ("Aadhaar 2341 2341 2346 linked.", "Aadhaar [id number] linked."),
    ("NIN 12345678901 from NIMC.", "NIN [id number] from NIMC."),
    ("Her CPF is 39053344705.", "Her CPF is [id number]."),
    ("DNI 54362315K and NIE X1234567L.", "DNI [id number] and NIE [id number]."),
    ("Steuer-ID 36574261809 kam an.", "Steuer-ID [id number] kam an."),
    ("PPS number 6433435F.", "PPS number [id number]."),
    ("Codice fiscale RCCMNL83S18D969H.", "Codice fiscale [id number]."),
    ("身份证 360426199101010071", "身份证 [id number]"),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_identifier_after_a_label_goes_whole_and_the_label_stays(text: str, expected: str) -> None:
    assert_redacted(text, expected)


LATER_IN_THE_SENTENCE = [
    (
        "Her BRP number went into the form by accident (ZU1234567); she will redo it.",
        "Her BRP number went into the form by accident ([id number]); she will redo it.",
    ),
    (
        "Her passport number was in the booking she forwarded: A12345678. Good work otherwise.",
        "Her passport number was in the booking she forwarded: [id number]. Good work otherwise.",
    ),
    (
        "Her BSN showed up in a screenshot she shared: 111222333.",
        "Her BSN showed up in a screenshot she shared: [id number].",
    ),
    (
        "She put her Emirates ID in the test data (784-1990-1234567-1).",
        "She put her Emirates ID in the test data ([id number]).",
    ),
    (
        "His passport number P01234567 and BRP RB1234567 were in the note.",
        "His passport number [id number] and BRP [id number] were in the note.",
    ),
    ("Bank account BSB 062-000 account 1234 5678.", "Bank account [id number] account [id number]."),
    ("Her PIN for the band 6 application is 12A3456B.", "Her PIN for the band 6 application is [id number]."),
]


@pytest.mark.parametrize(("text", "expected"), LATER_IN_THE_SENTENCE)
def test_a_document_number_later_in_the_labels_sentence(text: str, expected: str) -> None:
    assert_redacted(text, expected)


LABEL_KEEPS = [
    "Her passport arrived. Sales grew to 1234567 units.",
    "The visa team handled 1250000 applications, up 12%.",
    "Her staff survey scored 4.5; INC0012345 and JIRA-4521 were closed.",
    "Ticket id 12345 closed.",
    "Test case 4711 failed.",
    "Tax year 2024/25 is closing.",
    "Account for 20% of revenue.",
    "Her policy 2024 update.",
    "Case study with 3 parts.",
    "The account grew by 12,500 users.",
    "Visa appointment on 2026-03-02 at 10:30.",
    "Employee of the month in March 2026.",
    "Member since 2019.",
    "JIRA-123 and PROJ-4521 are done; case closed.",
]


@pytest.mark.parametrize("text", LABEL_KEEPS)
def test_label_words_without_an_identifier_keep_everything(text: str) -> None:
    assert certain(text) == []


# --- dates of birth ---------------------------------------------------------------------------------------

DOB = [
    ("She was born on 3 March 1990 in Lagos.", "She was born on [date of birth] in Lagos."),
    ("DOB: 03/03/1990.", "DOB: [date of birth]."),
    ("D.O.B. 1990-03-03, checked.", "D.O.B. [date of birth], checked."),
    ("Date of birth 3rd of March, 1990.", "Date of birth [date of birth]."),
    ("Born March 3rd, 1990.", "Born [date of birth]."),
    ("Her birthday is 12 May.", "Her birthday is [date of birth]."),
    ("aged 34 (DOB 12.05.1991)", "aged 34 (DOB [date of birth])"),
    ("3 March 1990 (DOB)", "[date of birth] (DOB)"),
    ("born in 1988 in Kraków", "born in [date of birth] in Kraków"),
    ("Geburtsdatum: 12.05.1991", "Geburtsdatum: [date of birth]"),
    ("née le 3 mars 1990", "née le [date of birth]"),
    ("fecha de nacimiento 3 de marzo de 1990", "fecha de nacimiento [date of birth]"),
]


@pytest.mark.parametrize(("text", "expected"), DOB)
def test_date_of_birth_goes_and_only_the_date(text: str, expected: str) -> None:
    assert_redacted(text, expected)


DATES_KEPT = [
    "Her birthday party was fun; next session 14 May 2026.",
    "Aged 34 as of 1 May 2026, she leads the team.",
    "Released on March 3rd, 2025.",
    "Session on 3 March 1990 style retro day.",
    "The NATO summit on 3 March 2026 was discussed.",
]


@pytest.mark.parametrize("text", DATES_KEPT)
def test_other_dates_stay(text: str) -> None:
    assert certain(text) == []


def test_age_needs_a_date_years_back() -> None:
    today = dt.date(2026, 12, 1)
    assert [f.text for f in dates_of_birth("aged 34, DOB unknown, reviewed 1 May 2026", today)] == []
    assert [f.text for f in dates_of_birth("aged 34 (1 May 1992)", today)] == ["1 May 1992"]


# --- addresses and postcodes ------------------------------------------------------------------------------

# House, flat, building, street and district go as [address], the postcode as [postcode]; the town and
# state between or after them stay (a town names nobody, and the summary reads better with it).
ADDRESSES = [
    ("She lives at Flat 3, 14 Baker Street, London NW1 6XE.", "She lives at [address], London [postcode]."),  # UK
    ("She lives at 14 Kingsway, London WC2B 6UN.", "She lives at [address], London [postcode]."),  # no type word
    ("Flat 7, Saxon House, 40 Seven Sisters Road, N7 6AA.", "[address], [postcode]."),  # UK, a building
    ("12 Main Street, Dublin 2, D02 X285 is the office.", "[address], Dublin 2, [postcode] is the office."),  # IE
    ("Apartment 12, Ashgrove Lawn, Castleknock, Dublin 15, D15 X2Y3.", "[address], Dublin 15, [postcode]."),  # IE
    ("1600 Pennsylvania Ave NW, Washington, DC 20500.", "[address], Washington, DC [postcode]."),  # US
    ("123 Main St, Toronto, ON M5V 2T6.", "[address], Toronto, ON [postcode]."),  # CA
    ("221 Rue Saint-Denis, apt 4, Montréal H2X 3K5.", "[address], Montréal [postcode]."),  # CA, French
    ("He moved to Hauptstraße 12, 10115 Berlin last year.", "He moved to [address], [postcode] Berlin last year."),
    ("Address: 12 rue de la Paix, 75002 Paris.", "Address: [address], [postcode] Paris."),  # FR
    ("Lives in Calle de Alcalá 45, 28014 Madrid now.", "Lives in [address], [postcode] Madrid now."),  # ES
    ("Via Roma 10, 00184 Roma is the flat.", "[address], [postcode] Roma is the flat."),  # IT
    ("Office at Keizersgracht 123, 1015 CJ Amsterdam.", "Office at [address], [postcode] Amsterdam."),  # NL
    ("ul. Marszałkowska 10/12, 00-950 Warszawa.", "[address], [postcode] Warszawa."),  # PL
    ("Flat 4B, 12 MG Road, Koramangala, Bengaluru 560034.", "[address], Bengaluru [postcode]."),  # IN
    ("15 Adeola Odeku Street, Victoria Island, Lagos 101241.", "[address], Lagos [postcode]."),  # NG
    ("No. 88 Jianguo Road, Chaoyang District, Beijing 100022.", "[address], Beijing [postcode]."),  # CN, English
    ("她住在北京市朝阳区建国路88号。", "她住在[address]。"),  # CN
    ("Level 2, 45 Crown Street, Surry Hills NSW 2010.", "[address], Surry Hills NSW [postcode]."),  # AU
    ("Rua Augusta, 1500, apto 42, São Paulo - SP, 01304-000.", "[address], São Paulo - SP, [postcode]."),  # BR
    ("12 Rue Ibn Batouta, Maarif, 20330 Casablanca.", "[address], [postcode] Casablanca."),  # town after the code
    ("She moved to 42 Elm Road last week.", "She moved to [address] last week."),  # street without postcode
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_house_flat_street_and_postcode_go_as_one(text: str, expected: str) -> None:
    assert_redacted(text, expected)


POSTCODES = [
    ("Eircode A65 F4E2 for the house.", "Eircode [postcode] for the house."),
    ("Postcode 560034 is in Bengaluru.", "Postcode [postcode] is in Bengaluru."),
    ("PLZ 10115 passt.", "PLZ [postcode] passt."),
    ("CEP 01310-100 confirmed.", "CEP [postcode] confirmed."),
    ("Near M5V 2T6 downtown.", "Near [postcode] downtown."),
    ("Zip 20500-0003 on the letter.", "Zip [postcode] on the letter."),
    ("Moving to 1015 CJ Amsterdam.", "Moving to [postcode] Amsterdam."),
    ("Moving to 00-950 Warszawa.", "Moving to [postcode] Warszawa."),
    ("Moving to Sydney NSW 2000 soon.", "Moving to Sydney NSW [postcode] soon."),
    ("Moving to New York, NY 10001 soon.", "Moving to New York, NY [postcode] soon."),
    ("Moving to Paris, 75002 Paris soon.", "Moving to Paris, [postcode] Paris soon."),
]


@pytest.mark.parametrize(("text", "expected"), POSTCODES)
def test_postcodes_with_a_shape_or_a_label(text: str, expected: str) -> None:
    assert_redacted(text, expected)


ADDRESS_KEEPS = [
    "We had 500 sessions in 2025 and 12000 visitors.",
    "Ran 10000 steps; 2048 MB logs; 1024 KB files.",
    "Via LinkedIn, 2 recruiters got in touch.",
    "Read 2 Harry Potter books and met at 5 Guys Burgers.",
    "The team grew from 1500 to 2300 people.",
    "Took the M25 and the A406 to work.",
    "Bus 73 to Oxford Street, then Room 101.",
    "Spring 2024 was busy; see Smith et al. 2019.",
    "We use H264, RTX4090, ISO27001, KB5034441 and SHA256.",
]


@pytest.mark.parametrize("text", ADDRESS_KEEPS)
def test_numbers_that_are_not_addresses_stay(text: str) -> None:
    assert certain(text) == []


# --- e-mails in words, messaging IDs, labelled phones -----------------------------------------------------

OTHER_FORMS = [
    ("write to lily dot wang at gmail dot com today", "write to [email] today"),
    ("write to kwame at example dot com today", "write to [email] today"),
    ("write to kwame (at) example (dot) co (dot) uk today", "write to [email] today"),
    ("write to kwame at gmail.com today", "write to [email] today"),
    ("her WeChat is lily_w88", "her WeChat is [messaging id]"),
    ("his WeChat ID: kwame1988", "his WeChat ID: [messaging id]"),
    ("Telegram: @kwame", "Telegram: [messaging id]"),
    ("add him on LinkedIn: kwame-asante-1", "add him on LinkedIn: [messaging id]"),
    ("his GitHub handle is kasante", "his GitHub handle is [messaging id]"),
    ("Discord kwame#1234 works", "Discord [messaging id] works"),
    ("Instagram username kwame.photos", "Instagram username [messaging id]"),
    ("call me on 07700 900456", "call me on [phone]"),
    ("mobile: 555-0199", "mobile: [phone]"),
    ("WhatsApp +44 7700 900777", "WhatsApp [phone]"),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_FORMS)
def test_other_forms_of_contact(text: str, expected: str) -> None:
    assert_redacted(text, expected)


def test_an_email_in_words_after_its_name_was_pseudonymised_goes_in_the_rescan() -> None:
    for text in (
        "Mentee A at example dot com",
        "Person 12 at example dot co dot uk",
        "mentee a (at) example (dot) com",
    ):
        assert [f.kind for f in residue(f"write to {text} today", PEOPLE)] == ["email"], text
        assert redacted(f"write to {text} today") == "write to [email] today"
    # The name inside is replaced with the address, not left half-done.
    assert redacted("write to lily at example dot com") == "write to [email]"


APP_KEEPS = [
    "She uses Slack daily and WhatsApp on weekends.",
    "Teams meeting at 10:00.",
    "We chat on Signal now.",
    "The X axis shows time.",
    "We met at acme offices; I work at Google dot com stuff.",
    "She is at home dot dot dot.",
]


@pytest.mark.parametrize("text", APP_KEEPS)
def test_app_names_and_the_word_at_alone_stay(text: str) -> None:
    assert [f.kind for f in certain(text)] == []


# --- stored contact details -------------------------------------------------------------------------------

STORED = [
    ("Call Lily on 07700 900123.", "Call Mentee A on [phone]."),
    ("Her number is +44 7700 900123.", "Her number is [phone]."),
    ("Her number is +44 (0)7700 900 123.", "Her number is [phone]."),
    ("Text her at 0 7700 900 123.", "Text her at [phone]."),
    ("Her number is 07700-900-123.", "Her number is [phone]."),
    ("Reach her at LILY.WANG@EXAMPLE.COM.", "Reach her at [email]."),
    ("Jane's cell is 555 0142.", "Person 1's cell is [phone]."),
    ("Jane's cell is (555) 0142.", "Person 1's cell is [phone]."),
    ("ping lilyw1988 on WeChat", "ping [contact] on WeChat"),
]


@pytest.mark.parametrize(("text", "expected"), STORED)
def test_stored_contact_details_go_even_when_a_library_calls_them_invalid(text: str, expected: str) -> None:
    assert_redacted(text, expected)


def test_stored_phone_in_a_reserved_range_is_not_found_without_the_record() -> None:
    # 07700 900123 is Ofcom's drama range: phonenumbers calls it invalid, only the record says it is hers.
    assert [f.kind for f in certain("It was +44 7700 900123 again.", ())] == []
    assert [f.kind for f in certain("It was +44 7700 900123 again.")] == ["contact"]


def test_contact_details_do_not_match_inside_longer_numbers() -> None:
    assert certain("Invoice 1077009001234 paid.", (MENTEE,)) == []


PUBLIC_PAGES = [
    "Read https://kafka.apache.org/documentation/ before Friday.",
    "See https://airflow.apache.org/docs/apache-airflow/stable/best-practices.html for DAG layout.",
    "The guideline https://www.nice.org.uk/guidance/cg95 applies.",
    "Start with https://cheatsheetseries.owasp.org/ and the docs.",
    "Read [the guidance](https://ico.org.uk/for-organisations/) first.",
]
PERSONAL_PAGES = [
    ("Her profile https://www.linkedin.com/in/lily-wang-1 is updated.", "https://www.linkedin.com/in/lily-wang-1"),
    ("See https://example.com/kwame today.", "https://example.com/kwame"),
    ("See https://example.com/kwame-asante today.", "https://example.com/kwame-asante"),
    ("See https://example.org/~kwame/cv.pdf today.", "https://example.org/~kwame/cv.pdf"),
    ("See https://example.org/report?user=kwame today.", "https://example.org/report?user=kwame"),
    ("Join https://zoom.us/j/1234567890 later.", "https://zoom.us/j/1234567890"),
    ("Her site is kwameasante.com now.", "kwameasante.com"),
    (
        "Shared https://docs.google.com/document/d/abc123/edit with me.",
        "https://docs.google.com/document/d/abc123/edit",
    ),
]


@pytest.mark.parametrize("text", PUBLIC_PAGES)
def test_documentation_urls_without_a_personal_part_stay(text: str) -> None:
    assert [f.kind for f in certain(text)] == []


@pytest.mark.parametrize(("text", "url"), PERSONAL_PAGES)
def test_urls_with_a_personal_part_go(text: str, url: str) -> None:
    assert [(f.kind, f.text) for f in certain(text)] == [("url", url)]


# --- the kinds are certain, ranked and known to the re-scan -----------------------------------------------

NEW_KINDS = ("id_number", "date_of_birth", "address", "postcode", "messaging_id", "contact", "email", "phone")


def test_new_kinds_are_certain_ranked_and_have_placeholders() -> None:
    for kind in NEW_KINDS:
        assert kind in CERTAIN_KINDS
        assert kind in KIND_RANK
    for placeholder in (
        "[id number]",
        "[date of birth]",
        "[address]",
        "[postcode]",
        "[messaging id]",
        "[contact]",
        "[email]",
        "[phone]",
    ):
        assert placeholder in PLACEHOLDERS
        assert find_all(f"See {placeholder} here.") == []


def test_placeholders_leave_clean_text() -> None:
    text = (
        "Passport no. GB1234567; DOB 03/03/1990. Lives at 14 Baker Street, London NW1 6XE. "
        "WeChat: lily_w88, e-mail lily at example dot com."
    )
    assert redacted(text) == (
        "Passport no. [id number]; DOB [date of birth]. Lives at [address], London [postcode]. "
        "WeChat: [messaging id], e-mail [email]."
    )


# --- ordinary prose with numbers is not redacted ----------------------------------------------------------

_MONTHS = ["January", "March", "May", "June", "September", "December"]
PROSE_PARTS = st.one_of(
    st.builds(lambda d, m, y: f"on {d} {m} {y}", st.integers(1, 28), st.sampled_from(_MONTHS), st.integers(2015, 2030)),
    st.builds(
        lambda y, m, d: f"by {y}-{m:02d}-{d:02d}", st.integers(2015, 2030), st.integers(1, 12), st.integers(1, 28)
    ),
    st.builds(lambda n: f"£{n:,}", st.integers(1, 5_000_000)),
    st.builds(lambda n, c: f"{n:,}.{c:02d} euros", st.integers(1, 999_999), st.integers(0, 99)),
    st.builds(lambda n: f"{n} sessions", st.integers(1, 99_999)),
    st.builds(lambda n: f"{n} visitors", st.integers(1, 999_999)),
    st.builds(lambda n: f"{n}%", st.integers(0, 100)),
    st.builds(lambda a, b, c: f"v{a}.{b}.{c}", st.integers(0, 30), st.integers(0, 30), st.integers(0, 99)),
    st.builds(lambda a, b: f"Python {a}.{b}", st.integers(2, 3), st.integers(0, 13)),
    st.builds(lambda h, m: f"at {h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(lambda y: f"in {y}", st.integers(1950, 2035)),
    st.builds(lambda q, y: f"Q{q} {y}", st.integers(1, 4), st.integers(2015, 2035)),
    st.builds(lambda k, n: f"{k}-{n}", st.sampled_from(["JIRA", "PROJ", "OPS", "DATA"]), st.integers(1, 99_999)),
    st.builds(lambda n: f"Room {n}", st.integers(1, 999)),
    st.builds(lambda n: f"page {n}", st.integers(1, 999)),
    st.builds(lambda a, b: f"{a}-{b} score", st.integers(0, 9), st.integers(0, 9)),
    st.builds(lambda n: f"{n} hours", st.integers(1, 9_999)),
    st.sampled_from(["the mentee", "and", "we agreed", "she said", "over", "about", "then", "with the team"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PROSE_PARTS, min_size=1, max_size=12))
@example(["Room 498", "10000 sessions"])  # a German landline without its trunk "0"
def test_ordinary_prose_with_numbers_is_not_redacted(parts: list[str]) -> None:
    text = "We discussed " + " ".join(parts) + "."
    assert [(f.kind, f.text) for f in certain(text)] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("We met in Room 498 10000 times.", True),  # valid as a German landline only without its "0"
        ("Her landline is 030 1234567.", False),  # written as people write their own number
        ("Her mobile is 98765 43210.", False),  # Indian mobiles are written without the trunk "0"
        ("Call +49 30 1234567 after six.", False),
        ("Call [+44 20 7946 0018] after six.", False),  # the matcher gives the bracket with the number
    ],
)
def test_a_landline_without_trunk_prefix_or_country_code_is_a_count(text: str, kept: bool) -> None:
    assert (certain(text) == []) is kept
