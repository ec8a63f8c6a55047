"""What the opportunity search page shows: the form, facet counts, one page of results.

Bad input never reaches an engine: the page answers 400 with the form's errors, or 404 for a
page number past the end, saying how many pages there are.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict

from core.geography import GeocodingUnavailable, PostcodeError, geocode_postcode, km_to_miles
from core.pagination import NOT_A_PAGE_NUMBER, query_string_without_page
from core.parameters import page_number_of
from opportunities.models import OpportunityPage
from opportunities.selectors import open_opportunities, with_organisation_names
from search.alerts.saved_searches import saved_search_query_string
from search.facets import TERM_FACETS
from search.filters import OpportunitySearchFilter
from search.forms import SavedSearchForm
from search.opportunity_search import Origin, search_opportunities

PER_PAGE = 20
# Elasticsearch will not page deeper than 10,000 results; nor should anyone have to.
MAX_PAGES = 10_000 // PER_PAGE


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool
    input_id: str


@dataclass
class FacetGroup:
    name: str
    legend: str
    input_type: str
    options: list

    @property
    def nothing_chosen(self):
        return not any(option.checked for option in self.options)


def facet_groups(form, facets):
    """Filter choices with how many results each would give; empty choices are left out."""
    names = [name for name, _, _ in TERM_FACETS] + ["money", "closing_within", "meets_checks"]
    groups = []
    for name in names:
        bound = form[name]
        chosen = bound.value()
        chosen = {str(value) for value in (chosen if isinstance(chosen, list) else [chosen])}
        counts = facets.get(name, {})
        if name == "meets_checks":
            choices, input_type = [("True", bound.label)], "checkbox"
            chosen = {"True"} if form.cleaned_data.get("meets_checks") else set()
        else:
            choices = [(str(value), label) for value, label in bound.field.choices if value != ""]
            input_type = "radio" if name in {"money", "closing_within"} else "checkbox"
        options = [
            FacetOption(
                value, str(label), counts.get(value, 0), value in chosen, f"f-{name}-{value}"
            )
            for value, label in choices
            if counts.get(value, 0) or value in chosen
        ]
        if options:
            groups.append(FacetGroup(name, bound.label, input_type, options))
    return groups


def load_opportunities(ids, distances_km):
    """The pages in the engine's order, each with its organisation's name and distance."""
    pages = {page.pk: page for page in OpportunityPage.objects.live().filter(pk__in=ids)}
    with_organisation_names(list(pages.values()))
    ordered = []
    for pk in ids:
        page = pages.get(pk)
        if page is None:
            continue  # unpublished since the index last heard
        if pk in distances_km:
            page.distance_miles = km_to_miles(distances_km[pk])
        ordered.append(page)
    return ordered


def opportunity_search_view(request):
    """Returns (context, status) for the search page."""
    filterset = OpportunitySearchFilter(request.GET, queryset=open_opportunities())
    form = filterset.form
    context = {"filterset": filterset, "form": form, "notices": [], "opportunities": []}
    context["query_string"] = query_string_without_page(request)
    page_number = page_number_of(request.GET)
    if not form.is_valid() or page_number is None:
        if page_number is None:
            form.add_error(None, NOT_A_PAGE_NUMBER)
        return context, 400

    origin = None
    postcode = form.cleaned_data.get("postcode")
    if postcode:
        try:
            place = geocode_postcode(postcode)
            origin = Origin(place.postcode, place.latitude, place.longitude)
        except PostcodeError as error:
            form.add_error("postcode", str(error))
            return context, 400
        except GeocodingUnavailable:
            context["notices"].append(
                "We could not look up that postcode just now, so results are not sorted by distance."
            )

    within_reach = page_number <= MAX_PAGES
    results = search_opportunities(
        filterset,
        offset=(page_number - 1) * PER_PAGE if within_reach else 0,
        limit=PER_PAGE if within_reach else 0,
        origin=origin,
    )
    paginator = Paginator(range(results.total), PER_PAGE)
    context.update(
        result_count=results.total,
        facet_groups=facet_groups(form, results.facets),
        fell_back=results.fell_back,
        origin=origin,
    )
    if page_number > paginator.num_pages:
        context["page_problem"] = (
            f"There is no page {page_number}. These results have {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}."
        )
        return context, 404
    if not within_reach:
        context["page_problem"] = (
            f"We show the first {MAX_PAGES} pages only. Add words or filters to narrow the search."
        )
        return context, 404
    if request.user.is_authenticated:
        kept = QueryDict(saved_search_query_string(request.GET))
        context["saved_search_values"] = [
            (name, value) for name, values in kept.lists() for value in values
        ]
        context["saved_search_form"] = SavedSearchForm()
    context["page_obj"] = paginator.page(page_number)
    context["opportunities"] = load_opportunities(results.ids, results.distances_km)
    return context, 200
