"""Paging through filtered lists, with plain answers for page numbers that do not exist."""

from django.core.paginator import EmptyPage, Paginator

from core.parameters import page_number_of

NOT_A_PAGE_NUMBER = "The page number must be a whole number, 1 or more."


def query_string_without_page(request):
    """The current filters, for links to other pages of the same results."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def page_of(items, request, per_page):
    """(page, None) for the requested page, or (None, (status, message)) when there is none."""
    number = page_number_of(request.GET)
    if number is None:
        return None, (400, NOT_A_PAGE_NUMBER)
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(number), None
    except EmptyPage:
        pages = paginator.num_pages
        message = (
            f"There is no such page. These results have {pages} page{'s' if pages != 1 else ''}."
        )
        return None, (404, message)


def show_page_problem(context, form, problem):
    """A bad page number is the form's error (400); a page past the end is said in place of
    the results (404). Returns (context, status) as the listing pages do."""
    status, message = problem
    if status == 400:
        form.add_error(None, message)
    else:
        context["page_problem"] = message
    return context, status
