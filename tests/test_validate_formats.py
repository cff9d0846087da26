"""schemasmith.validate.formats against the official JSON-Schema-Test-Suite's format cases, and the checker wiring.

The cases below are copied as data from json-schema-org/JSON-Schema-Test-Suite,
tests/draft2020-12/optional/format/{date-time,time,email}.json (the suite's own descriptions kept),
so the test runs without the suite on disk.
"""

from __future__ import annotations

import jsonschema
import pytest

from schemasmith.validate import formats

# tests/draft2020-12/optional/format/date-time.json
DATE_TIME_CASES = [
    ("a valid date-time string", "1963-06-19T08:30:06.283185Z", True),
    ("a valid date-time string without second fraction", "1963-06-19T08:30:06Z", True),
    ("a valid date-time string with plus offset", "1937-01-01T12:00:27.87+00:20", True),
    ("a valid date-time string with minus offset", "1990-12-31T15:59:50.123-08:00", True),
    ("a valid date-time with a leap second, UTC", "1998-12-31T23:59:60Z", True),
    ("a valid date-time with a leap second, with minus offset", "1998-12-31T15:59:60.123-08:00", True),
    ("an invalid date-time past leap second, UTC", "1998-12-31T23:59:61Z", False),
    ("an invalid date-time with leap second on a wrong minute, UTC", "1998-12-31T23:58:60Z", False),
    ("an invalid date-time with leap second on a wrong hour, UTC", "1998-12-31T22:59:60Z", False),
    ("an invalid day in date-time string", "1990-02-31T15:59:59.123-08:00", False),
    ("an invalid offset in date-time string", "1990-12-31T15:59:59-24:00", False),
    ("an invalid closing Z after time-zone offset", "1963-06-19T08:30:06.28123+01:00Z", False),
    ("an invalid hour in date-time string", "1990-12-31T24:00:00Z", False),
    ("an invalid minute in date-time string", "1990-12-31T15:60:00Z", False),
    ("an invalid offset minute in date-time string", "1990-12-31T10:00:00+10:60", False),
    ("an invalid date-time string", "06/19/1963 08:30:06 PST", False),
    ("case-insensitive T and Z", "1963-06-19t08:30:06.283185z", True),
    ("only RFC3339 not all of ISO 8601 are valid", "2013-350T01:01:01", False),
    ("invalid non-padded month dates", "1963-6-19T08:30:06.283185Z", False),
    ("invalid non-padded day dates", "1963-06-1T08:30:06.283185Z", False),
    ("invalid non-ASCII '৪' (a Bengali 4) in date portion", "1963-06-1৪T00:00:00Z", False),
    ("invalid non-ASCII '৪' (a Bengali 4) in time portion", "1963-06-11T0৪:00:00Z", False),
    ("invalid extended year", "+11963-06-19T08:30:06.283185Z", False),
    ("a second fraction of fifteen nines is valid", "1985-04-12T00:59:59.999999999999999Z", True),
]

# Not in the suite, but what its reading of RFC 3339 implies (and what jsonschema's default gets wrong).
DATE_TIME_EXTRA_CASES = [
    ("trailing newline", "1963-06-19T08:30:06Z\n", False),
    ("no offset", "1963-06-19T08:30:06", False),
    ("space separator", "1963-06-19 08:30:06Z", False),
    ("offset without colon", "1963-06-19T08:30:06+0100", False),
    ("empty fraction", "1963-06-19T08:30:06.Z", False),
    ("leap day in a leap year", "2024-02-29T00:00:00Z", True),
    ("leap day in a century non-leap year", "1900-02-29T00:00:00Z", False),
    ("leap day in a 400-year leap year", "2000-02-29T00:00:00Z", True),
    ("leap second at 23:59 UTC of the day before", "1998-12-31T23:29:60+23:30", True),
    ("leap second on the next day with a positive offset", "1999-01-01T00:59:60+01:00", True),
    ("month 00", "1963-00-19T08:30:06Z", False),
    ("day 00", "1963-06-00T08:30:06Z", False),
    ("April 31", "1963-04-31T08:30:06Z", False),
    ("not a date", "not-a-date", False),
]

# tests/draft2020-12/optional/format/time.json (string cases)
TIME_CASES = [
    ("a valid time string", "08:30:06Z", True),
    ("invalid time string with extra leading zeros", "008:030:006Z", False),
    ("invalid time string with no leading zero for single digit", "8:3:6Z", False),
    ("hour, minute, second must be two digits", "8:0030:6Z", False),
    ("a valid time string with leap second, Zulu", "23:59:60Z", True),
    ("invalid leap second, Zulu (wrong hour)", "22:59:60Z", False),
    ("invalid leap second, Zulu (wrong minute)", "23:58:60Z", False),
    ("valid leap second, zero time-offset", "23:59:60+00:00", True),
    ("invalid leap second, zero time-offset (wrong hour)", "22:59:60+00:00", False),
    ("invalid leap second, zero time-offset (wrong minute)", "23:58:60+00:00", False),
    ("valid leap second, positive time-offset", "01:29:60+01:30", True),
    ("valid leap second, large positive time-offset", "23:29:60+23:30", True),
    ("invalid leap second, positive time-offset (wrong hour)", "23:59:60+01:00", False),
    ("invalid leap second, positive time-offset (wrong minute)", "23:59:60+00:30", False),
    ("valid leap second, negative time-offset", "15:59:60-08:00", True),
    ("valid leap second, large negative time-offset", "00:29:60-23:30", True),
    ("invalid leap second, negative time-offset (wrong hour)", "23:59:60-01:00", False),
    ("invalid leap second, negative time-offset (wrong minute)", "23:59:60-00:30", False),
    ("a valid time string with second fraction", "23:20:50.52Z", True),
    ("a valid time string with precise second fraction", "08:30:06.283185Z", True),
    ("a valid time string with plus offset", "08:30:06+00:20", True),
    ("a valid time string with minus offset", "08:30:06-08:00", True),
    ("hour, minute in time-offset must be two digits", "08:30:06-8:000", False),
    ("a valid time string with case-insensitive Z", "08:30:06z", True),
    ("an invalid time string with invalid hour", "24:00:00Z", False),
    ("an invalid time string with invalid minute", "00:60:00Z", False),
    ("an invalid time string with invalid second", "00:00:61Z", False),
    ("an invalid time string with invalid time numoffset hour", "01:02:03+24:00", False),
    ("an invalid time string with invalid time numoffset minute", "01:02:03+00:60", False),
    ("an invalid time string with invalid time with both Z and numoffset", "01:02:03Z+00:30", False),
    ("an invalid offset indicator", "08:30:06 PST", False),
    ("only RFC3339 not all of ISO 8601 are valid", "01:01:01,1111", False),
    ("no time offset", "12:00:00", False),
    ("no time offset with second fraction", "12:00:00.52", False),
    ("invalid non-ASCII '২' (a Bengali 2)", "1২:00:00Z", False),
    ("offset not starting with plus or minus", "08:30:06#00:20", False),
    ("contains letters", "ab:cd:ef", False),
    ("an invalid time string in date-time format", "2020-11-28T23:55:45Z", False),
]

# tests/draft2020-12/optional/format/email.json (a selection covering each rule)
EMAIL_CASES = [
    ("a valid e-mail address", "joe.bloggs@example.com", True),
    ("an invalid e-mail address", "2962", False),
    ("tilde in local part is valid", "te~st@example.com", True),
    ("a quoted string with a space in the local part is valid", '"joe bloggs"@example.com', True),
    ("a quoted string with a double dot in the local part is valid", '"joe..bloggs"@example.com', True),
    ("a quoted string with a @ in the local part is valid", '"joe@bloggs"@example.com', True),
    ("an IPv4-address-literal after the @ is valid", "joe.bloggs@[127.0.0.1]", True),
    ("an IPv6-address-literal after the @ is valid", "joe.bloggs@[IPv6:::1]", True),
    ("dot before local part is not valid", ".test@example.com", False),
    ("dot after local part is not valid", "test.@example.com", False),
    ("two subsequent dots inside local part are not valid", "te..st@example.com", False),
    ("an invalid domain", "joe.bloggs@invalid=domain.com", False),
    ("an invalid IPv4-address-literal", "joe.bloggs@[127.0.0.300]", False),
    ("two email addresses is not valid", "user1@oceania.org, user2@oceania.org", False),
    ("full \"From\" header is invalid",
     '"Winston Smith" <winston.smith@recdep.minitrue> (Records Department)', False),
    ("local part is required", "@example.com", False),
    ("domain is required", "joe.bloggs@", False),
    ("single-character TLD is valid", "test@iana.a", True),
    ("atext special characters in local part are valid", "!#$%&'*+/=?^_{|}~@iana.org", True),
    ("all-digit TLD is valid", "test@iana.123", True),
    ("domain that looks like an IPv4 address without brackets is valid", "test@255.255.255.255", True),
    ("consecutive hyphens in subdomain are valid", "test@c--n.com", True),
    ("empty string is not valid", "", False),
    ("unclosed bracket in domain is not valid", "test@[1.2.3.4", False),
    ("backslash in unquoted local part is not valid", "test\\@test@iana.org", False),
    ("text followed by quoted string in local part is not valid", 'test"text"@iana.org', False),
    ("parentheses before local part are not valid", "((comment)test@iana.org", False),
    ("DEL character in local part is not valid", "\u007f@iana.org", False),
    ("LF before local part is not valid", "\ntest@iana.org", False),
    ("empty quoted string local part is valid", '""@iana.org', True),
    ("quoted pair with letter is valid", '"\\a"@iana.org', True),
    ("escaped double-quote in quoted string is valid", '"\\""@iana.org', True),
    ("three consecutive double-quotes is not valid", '"""@iana.org', False),
    ("backslash before closing double-quote eats the delimiter", '"\\"@iana.org', False),
    ("NUL inside quoted string is not valid", '"test\u0000"@iana.org', False),
    ("domain label starting with hyphen is not valid", "test@-iana.org", False),
    ("domain label ending with hyphen is not valid", "test@iana-.com", False),
    ("trailing dot in domain is not valid", "test@iana.org.", False),
    ("consecutive dots in domain are not valid", "test@iana..com", False),
    ("letter immediately before bracket in domain is not valid", "test@a[255.255.255.255]", False),
    ("LF after domain is not valid", "test@iana.org\n", False),
    ("full 8-group IPv6 address literal is valid", "test@[IPv6:1111:2222:3333:4444:5555:6666:7777:8888]", True),
    ("IPv6 address literal with embedded IPv4 suffix is valid",
     "test@[IPv6:1111:2222:3333:4444:5555:6666:255.255.255.255]", True),
    ("non-IP content inside address literal brackets is not valid", "test@[RFC-5322-domain-literal]", False),
    ("non-ASCII UTF-8 character in local part is not valid", "aé@iana.org", False),
    ("non-ASCII UTF-8 character in domain is not valid", "a@é.org", False),
    ("IPv4 literal with only three octets is not valid", "a@[1.2.3]", False),
    ("IPv6 address without 'IPv6:' prefix is not valid", "a@[1111:2222:3333:4444:5555:6666:7777:8888]", False),
    ("lowercase 'ipv6:' prefix in address literal is valid", "a@[ipv6:::]", True),
    ("general address literal with unregistered tag is not valid", "a@[extn:test]", False),
    ("non-ASCII character in quoted pair is not valid", '"test\\©"@iana.org', False),
    ("fullwidth @ sign (U+FF20) is not a valid separator", "a＠iana.org", False),
    ("dot-string then quoted-string as local part is not valid", 'a."b"@iana.org', False),
    ("backtick in local part is valid", "`test`@iana.org", True),
]

# tests/draft2020-12/optional/format/idn-email.json
IDN_EMAIL_CASES = [
    ("a valid idn e-mail (example@example.test in Hangul)", "실례@실례.테스트", True),
    ("an invalid e-mail/idn e-mail address", "2962", False),
    ("a valid e-mail address", "joe.bloggs@example.com", True),
    ("a non-ASCII local part with an ASCII domain is valid", "δοκιμή@example.com", True),
    ("a non-ASCII quoted local part is valid", '"δοκιμή"@example.com', True),
]


def _ids(cases: list[tuple[str, str, bool]]) -> list[str]:
    return [description for description, _, _ in cases]


@pytest.mark.parametrize(("description", "value", "valid"), DATE_TIME_CASES + DATE_TIME_EXTRA_CASES,
                         ids=_ids(DATE_TIME_CASES + DATE_TIME_EXTRA_CASES))
def test_date_time(description: str, value: str, valid: bool) -> None:
    assert formats.is_date_time(value) is valid


@pytest.mark.parametrize(("description", "value", "valid"), TIME_CASES, ids=_ids(TIME_CASES))
def test_time(description: str, value: str, valid: bool) -> None:
    assert formats.is_time(value) is valid


@pytest.mark.parametrize(("description", "value", "valid"), EMAIL_CASES, ids=_ids(EMAIL_CASES))
def test_email(description: str, value: str, valid: bool) -> None:
    assert formats.is_email(value) is valid


@pytest.mark.parametrize(("description", "value", "valid"), IDN_EMAIL_CASES, ids=_ids(IDN_EMAIL_CASES))
def test_idn_email(description: str, value: str, valid: bool) -> None:
    assert formats.is_idn_email(value) is valid


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("date", "2020-02-29", True),
        ("date", "2021-02-29", False),
        ("date", "0000-01-01", True),
        ("duration", "P4DT12H30M5S", True),
        ("duration", "PT1D", False),
        ("duration", "P1Y2W", False),
        ("duration", "P", False),
        ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", True),
        ("uuid", "2eb8aa08aa9811eab4aa73b441d16380", False),
        ("uuid", "urn:uuid:2eb8aa08-aa98-11ea-b4aa-73b441d16380", False),
        ("json-pointer", "/foo/bar~0/baz~1", True),
        ("json-pointer", "/foo/bar~2", False),
        ("relative-json-pointer", "1#", True),
        ("relative-json-pointer", "01/a", False),
        ("regex", "^[a-z]+$", True),
        ("regex", "\\a", False),  # ecmascript-regex.json: "\a is not an ECMA 262 control escape"
        ("ipv4", "192.168.0.1", True),
        ("ipv4", "087.10.0.1", False),
        ("ipv6", "::1", True),
        ("ipv6", "fe80::a%eth1", False),
        ("hostname", "www.example.com", True),
        ("hostname", "host_name", False),
        ("idn-hostname", "실례.테스트", True),
        ("uri", "http://example.com/a?b#c", True),
        ("uri", "//example.com", False),
        ("uri-reference", "//example.com", True),
        ("iri", "http://ƒøø.ßår/?∂éœ=πîx#πîüx", True),
        ("uri-template", "http://example.com/dictionary/{term:1}/{term}", True),
        ("uri-template", "http://example.com/dictionary/{term:1}/{term", False),
    ],
)
def test_other_formats(name: str, value: str, valid: bool) -> None:
    check = formats.formats_for("draft2020-12")[name]
    assert check(value) is valid


def test_each_draft_gets_exactly_its_formats() -> None:
    draft4 = set(formats.format_checker_for("draft4").checkers)
    draft7 = set(formats.format_checker_for("draft7").checkers)
    draft2020 = set(formats.format_checker_for("draft2020-12").checkers)
    assert draft4 == {"date-time", "email", "hostname", "ipv4", "ipv6", "uri"}
    assert {"date", "time", "regex", "idn-email"} <= draft7 and "duration" not in draft7
    assert {"duration", "uuid"} <= draft2020


def test_checker_ignores_non_strings_and_unknown_formats() -> None:
    checker = formats.format_checker_for("draft2020-12")
    validator = jsonschema.Draft202012Validator({"format": "date-time"}, format_checker=checker)
    assert validator.is_valid(12) and validator.is_valid(None)
    assert not validator.is_valid("not-a-date")
    unknown = jsonschema.Draft202012Validator({"format": "made-up"}, format_checker=checker)
    assert unknown.is_valid("anything")
