"""CSV downloads that spreadsheet programs cannot be tricked into running as formulas."""

import csv

from django.http import HttpResponse

from core.text import remove_non_text

# A cell starting with one of these may be read as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a CSV cell: never read as a formula; no characters that are not text, even in
    rows saved before core.text cleaned them (line breaks are kept: CSV quotes them)."""
    text = "" if value is None else remove_non_text(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
