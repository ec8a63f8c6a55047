from wagtail.models import Site


def navigation(request):
    """Top-level pages that editors mark "show in menus" become the main navigation."""

    def site_menu_pages():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().in_menu().specific().only("title"))

    # Lazy: only pages that render the header pay for the query.
    return {"site_menu_pages": site_menu_pages}
