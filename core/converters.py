"""URL converters."""


class DatabaseId:
    """A row id in a URL: ASCII digits, at most 18 of them, so it always fits the databases'
    64-bit integer (larger numbers overflow SQLite's driver with a 500); anything else is 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
