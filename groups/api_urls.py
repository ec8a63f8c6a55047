"""Open Referral UK paths, without trailing slashes as the specification writes them."""

from django.urls import path

from groups import api_views as views

urlpatterns = [
    path("", views.api_root, name="openreferral_root"),
    path("openapi.json", views.openapi, name="openreferral_openapi"),
    path("services", views.services),
    path("services/<str:record_id>", views.service_detail),
    path("organizations", views.organizations),
    path("organizations/<str:record_id>", views.organization_detail),
    path("service_at_locations", views.service_at_locations),
    path("service_at_locations/<str:record_id>", views.service_at_location_detail),
    path("taxonomies", views.taxonomies),
    path("taxonomies/<str:record_id>", views.taxonomy_detail),
    path("taxonomy_terms", views.taxonomy_terms),
    path("taxonomy_terms/<str:record_id>", views.taxonomy_term_detail),
]
