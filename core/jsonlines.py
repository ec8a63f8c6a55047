"""Reading JSON that people give us in files: JSON Lines (https://jsonlines.org) and single documents.

JSON Lines: UTF-8; records are separated by "\\n" only (a "\\r" before it is tolerated), so
U+2028, U+2029, U+0085, vertical tab and form feed inside a string are part of the record, as
RFC 8259 allows; a byte-order mark at the very start is tolerated (Windows tools write one); the
last line may be blank. Every line is read on its own: a bad line is reported with its number and
never stops the lines after it. Blank lines are skipped.

Both readers refuse NaN, Infinity and -Infinity, which Python's json module would otherwise accept
but RFC 8259 section 6 does not allow and no database column can compare.
"""

import json
import math
from dataclasses import dataclass

BOM = "\ufeff"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16_MESSAGE = "saved as UTF-16 (Windows PowerShell 5 does this by default); save it as UTF-8"


class JsonInputError(ValueError):
    """Text that is not the JSON it should be; the message is in plain words."""


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: `value` (any JSON value) when it could be read, else `error` (str)."""

    line_number: int  # counting from 1, as editors do
    value: object = None
    error: str | None = None


def _refuse_constant(name):
    raise JsonInputError(f"{name} is not allowed: a value must be a number or null")


def _finite_float(literal):
    number = float(literal)
    if not math.isfinite(number):  # e.g. 1e400, which Python would read as infinity
        raise JsonInputError(f"the number {literal[:20]} is too large")
    return number


def parse_json(text):
    """The JSON value in `text` (str). Raises JsonInputError in plain words.

    Refuses NaN and Infinity (RFC 8259 section 6) and numbers too large for a float (1e400),
    documents nested too deeply for Python, and integers too long to convert.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except JsonInputError:
        raise
    except json.JSONDecodeError as error:
        raise JsonInputError(f"not valid JSON ({error.msg} at character {error.colno})") from error
    except RecursionError as error:
        raise JsonInputError("nested too deeply to read") from error
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise JsonInputError(f"cannot be read ({error})") from error


def decode_text(data):
    """`data` (bytes or str) as str, without a leading byte-order mark.

    Raises JsonInputError when bytes are not UTF-8 (RFC 8259 section 8.1).
    """
    if isinstance(data, bytes | bytearray):
        if data.startswith(UTF16_BOMS):
            raise JsonInputError(UTF16_MESSAGE)
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise JsonInputError(
                f"not UTF-8 text (a byte that UTF-8 cannot have at byte {error.start + 1}); "
                "save the file as UTF-8"
            ) from error
    return data.removeprefix(BOM)


def parse_json_document(data):
    """The JSON value in a whole file (bytes or str; a leading BOM is tolerated).

    Raises JsonInputError in plain words.
    """
    return parse_json(decode_text(data))


def read_json_lines(data):
    """Yield a JsonLine for every non-blank line of `data` (bytes or str), in order.

    Lines are split on "\\n" only; a trailing "\\r" is dropped; a BOM is dropped from the start.
    Bytes are decoded line by line, so a line that is not UTF-8 is reported alone.
    """
    newline = b"\n" if isinstance(data, bytes | bytearray) else "\n"
    if newline == b"\n" and data.startswith(UTF16_BOMS):
        yield JsonLine(1, error=f"the file is {UTF16_MESSAGE}")
        return
    for index, line in enumerate(data.split(newline)):
        line_number = index + 1
        try:
            text = decode_text(line) if index == 0 else _decode_line(line)
            if text.endswith("\r"):
                text = text[:-1]
            if not text.strip(" \t\r"):  # only JSON's own whitespace makes a line blank
                continue
            yield JsonLine(line_number, value=parse_json(text))
        except JsonInputError as error:
            yield JsonLine(line_number, error=str(error))


def _decode_line(line):
    if isinstance(line, str):
        return line
    text = decode_text(line)
    # decode_text drops a BOM, which is only tolerated at the start of the file.
    return BOM + text if line.startswith(BOM.encode("utf-8")) else text
