"""The CMS for curators: a resource listing with filters, and a dashboard of what needs doing."""

from datetime import timedelta

import django_filters
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page, WorkflowState

from groups.selectors import listings_to_check
from home.models import ResourcePage, ResourceType
from opportunities.selectors import organisations_awaiting_verification

STALE_AFTER = timedelta(days=365 * 2)


class ResourceFilterSet(PageFilterSet):
    resource_type = django_filters.ChoiceFilter(choices=ResourceType.choices, label="Type")

    class Meta:
        model = ResourcePage
        fields = []


class ResourceListingViewSet(PageListingViewSet):
    model = ResourcePage
    icon = "doc-full"
    menu_label = "Resources"
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = ResourceFilterSet


@hooks.register("register_admin_viewset")
def register_resource_listing():
    return ResourceListingViewSet("resources")


class WhatNeedsDoingPanel(Component):
    """Counts, with links, of what waits for staff: moderation and stale content."""

    name = "what_needs_doing"
    template_name = "wagtailadmin_network/what_needs_doing.html"
    order = 50

    def get_context_data(self, parent_context):
        cutoff = timezone.now() - STALE_AFTER
        return {
            "in_moderation": WorkflowState.objects.active().count(),
            "organisations_to_verify": organisations_awaiting_verification().count(),
            "stale_resources": ResourcePage.objects.live()
            .filter(last_published_at__lt=cutoff)
            .count(),
            "stale_pages": Page.objects.live().filter(last_published_at__lt=cutoff).count(),
            "listings_to_check": len(listings_to_check()),
        }


@hooks.register("construct_homepage_panels")
def add_what_needs_doing(request, panels):
    panels.insert(0, WhatNeedsDoingPanel())
