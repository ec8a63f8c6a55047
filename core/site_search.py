"""Site-wide search over every published page, with Wagtail's search backend."""

import re

from django import forms
from wagtail.models import Page

from core.forms import PlainErrorsFormMixin
from core.pagination import page_of, query_string_without_page
from core.parameters import QueryTextField
from core.search_types import searchable_types

RESULTS_PER_PAGE = 20


class SiteSearchForm(PlainErrorsFormMixin, forms.Form):
    q = QueryTextField(label="Search words", max_length=200, required=False)
    type = forms.ChoiceField(label="Show", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Everything")] + [
            (value, label) for value, label, _, _ in searchable_types()
        ]


def type_label(page):
    for _, _, singular, models in searchable_types():
        if isinstance(page, models):
            return singular
    return "Page"


def site_search(request):
    """(context, status) for /search/."""
    form = SiteSearchForm(request.GET or None)
    context = {"form": form, "results": [], "query": ""}
    if not request.GET:
        return context, 200
    if not form.is_valid():
        return context, 400
    query = " ".join(form.cleaned_data["q"].split())
    context["query"] = query
    if not query:
        return context, 200
    pages = Page.objects.live().public()
    chosen = form.cleaned_data["type"]
    for value, _, _, models in searchable_types():
        if chosen == value:
            pages = pages.type(*models)
    # Only the words: punctuation means nothing here, and SQLite's full-text syntax breaks on it.
    words = " ".join(re.findall(r"\w+", query))
    if not words:
        return context, 200
    results = pages.specific().search(words)
    page_obj, problem = page_of(results, request, RESULTS_PER_PAGE)
    if problem:
        status, message = problem
        form.add_error(None, message)
        return context, status
    context.update(
        page_obj=page_obj,
        results=[(page, type_label(page)) for page in page_obj],
        result_count=page_obj.paginator.count,
        query_string=query_string_without_page(request),
    )
    return context, 200
