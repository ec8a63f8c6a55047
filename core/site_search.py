"""Site-wide search over every published page, with Wagtail's search backend."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Page

RESULTS_PER_PAGE = 20


def searchable_types():
    """(value, label, model) for each kind of page people can filter by."""
    from groups.models import GroupPage, PeerSupportPage
    from home.models import ResourcePage, StandardPage
    from opportunities.models import OpportunityPage, OrganisationPage

    return [
        ("opportunity", "Opportunities", (OpportunityPage,)),
        ("group", "Groups and peer support", (GroupPage, PeerSupportPage)),
        ("organisation", "Organisations", (OrganisationPage,)),
        ("resource", "Resources", (ResourcePage,)),
        ("page", "Guides and pages", (StandardPage,)),
    ]


class SiteSearchForm(forms.Form):
    q = forms.CharField(label="Search words", max_length=200, required=False)
    type = forms.ChoiceField(label="Show", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Everything")] + [
            (value, label) for value, label, _ in searchable_types()
        ]


SINGULAR = {
    "opportunity": "Opportunity",
    "group": "Group or peer support",
    "organisation": "Organisation",
    "resource": "Resource",
    "page": "Guide or page",
}


def type_label(page):
    for value, _, models in searchable_types():
        if isinstance(page, models):
            return SINGULAR[value]
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
    for value, _, models in searchable_types():
        if chosen == value:
            pages = pages.type(*models)
    results = pages.specific().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        form.add_error(None, f"There is no such page of results; there are {paginator.num_pages}.")
        return context, 404
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context.update(
        page_obj=page_obj,
        results=[(page, type_label(page)) for page in page_obj],
        result_count=paginator.count,
        query_string=query_without_page.urlencode(),
    )
    return context, 200
