from django.urls import path

from groups import listing_views, views

urlpatterns = [
    path(
        "peer-support/<id:page_id>/calendar.ics",
        views.peer_support_calendar,
        name="peer_support_calendar",
    ),
    path(
        "directory/still-right/<str:token>/", views.listing_still_right, name="listing_still_right"
    ),
    path("directory/list-your-group/", listing_views.group_new, name="group_new"),
    path("directory/your-listings/", listing_views.your_listings, name="your_listings"),
    path(
        "directory/your-listings/<id:group_id>/new-session/",
        listing_views.session_new,
        name="session_new",
    ),
    path(
        "directory/your-listings/<id:page_id>/check/",
        listing_views.listing_check,
        name="listing_check",
    ),
    path(
        "directory/your-listings/<id:page_id>/<slug:step>/",
        listing_views.listing_edit,
        name="listing_edit",
    ),
]
