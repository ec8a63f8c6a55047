"""The JSON Lines reader follows https://jsonlines.org: records split on "\\n" only, "\\r\\n" and a
leading BOM tolerated, NaN and Infinity refused, every line read on its own."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.jsonlines import JsonInputError, parse_json_document, read_json_lines

# Text with the separators other line splitters break on: U+2028, U+2029, NEL, VT, FF, CR.
AWKWARD = st.sampled_from(["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r", "\x1c", "\x1e"])
TEXT = st.lists(st.one_of(st.text(max_size=8), AWKWARD), max_size=6).map("".join)
KEYS = st.text(min_size=1, max_size=6)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=8,
)
OBJECTS = st.dictionaries(KEYS, VALUES, max_size=4)
BAD = [
    "{not json",
    '{"latitude": NaN}',
    '{"x": Infinity}',
    '{"x": -Infinity}',
    "[1, 2",
    '{"a": 1} {"b": 2}',
    "\ufeff{}",  # a BOM is only tolerated at the very start
    '"unterminated',
]


def write(records, *, newline="\n", bom=False, trailing=True):
    text = newline.join(records) + (newline if trailing else "")
    return ("\ufeff" if bom else "") + text


@settings(max_examples=60, deadline=None)
@given(
    objects=st.lists(OBJECTS, min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    trailing=st.booleans(),
    as_bytes=st.booleans(),
    ensure_ascii=st.booleans(),
)
def test_any_objects_round_trip_with_their_line_numbers(
    objects, newline, bom, trailing, as_bytes, ensure_ascii
):
    lines = [json.dumps(value, ensure_ascii=ensure_ascii) for value in objects]
    text = write(lines, newline=newline, bom=bom, trailing=trailing)
    data = text.encode("utf-8") if as_bytes else text

    read = list(read_json_lines(data))

    assert [line.error for line in read] == [None] * len(objects)
    assert [line.value for line in read] == objects
    assert [line.line_number for line in read] == list(range(1, len(objects) + 1))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.one_of(OBJECTS.map(json.dumps), st.sampled_from(BAD)), min_size=1, max_size=10
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_bad_lines_are_reported_by_number_and_good_lines_still_read(rows, newline):
    read = {line.line_number: line for line in read_json_lines(write(rows, newline=newline))}

    for number, row in enumerate(rows, start=1):
        if row not in BAD or (number == 1 and row == "\ufeff{}"):  # a BOM may start the file
            assert read[number].error is None
            assert read[number].value == json.loads(row.removeprefix("\ufeff"))
        else:
            assert read[number].error, row
            assert read[number].value is None


def test_a_raw_line_separator_inside_a_string_stays_in_the_record():
    data = '{"summary": "First part\u2028second part"}\n{"summary": "next"}\n'

    read = list(read_json_lines(data.encode("utf-8")))

    assert [(line.line_number, line.value) for line in read] == [
        (1, {"summary": "First part\u2028second part"}),
        (2, {"summary": "next"}),
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_the_line_number(constant):
    data = f'{{"ok": 1}}\n{{"latitude": {constant}}}\n{{"ok": 2}}\n'

    read = list(read_json_lines(data))

    assert read[0].value == {"ok": 1} and read[2].value == {"ok": 2}
    assert read[1].line_number == 2
    assert constant.lstrip("-") in read[1].error and "not allowed" in read[1].error


def test_a_line_that_is_not_utf8_is_reported_alone():
    data = b'{"a": 1}\n{"b": "caf\xe9"}\n{"c": 3}\n'

    read = list(read_json_lines(data))

    assert [line.value for line in read] == [{"a": 1}, None, {"c": 3}]
    assert read[1].line_number == 2 and "UTF-8" in read[1].error


def test_blank_lines_are_skipped_but_still_counted():
    read = list(read_json_lines('{"a": 1}\n\n  \r\n{"b": 2}\n\n'))

    assert [(line.line_number, line.value) for line in read] == [(1, {"a": 1}), (4, {"b": 2})]


@pytest.mark.parametrize(
    "data", ['\ufeff{"who": "carer"}', b'\xef\xbb\xbf{"who": "carer"}', '{"who": "carer"}\r\n']
)
def test_a_whole_document_may_start_with_a_byte_order_mark(data):
    assert parse_json_document(data) == {"who": "carer"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"max_distance_km": NaN}', "NaN is not allowed"),
        ('{"latitude": 1e400}', "too large"),
        ("[" * 100_000, "nested too deeply"),
        ("{", "not valid JSON"),
        (b"\xff{}", "not UTF-8"),
        ('{"who": "carer"}'.encode("utf-16"), "save it as UTF-8"),
    ],
)
def test_a_bad_document_is_refused_in_plain_words(data, message):
    with pytest.raises(JsonInputError, match=message):
        parse_json_document(data)


def test_a_utf16_file_gets_one_plain_message():
    read = list(read_json_lines('{"a": 1}\n{"b": 2}\n'.encode("utf-16")))

    assert [(line.line_number, line.error) for line in read] == [
        (1, "the file is saved as UTF-16 (Windows PowerShell 5 does this by default); "
         "save it as UTF-8")
    ]  # fmt: skip
