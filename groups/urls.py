from django.urls import path

from groups import views

urlpatterns = [
    path(
        "peer-support/<int:page_id>/calendar.ics",
        views.peer_support_calendar,
        name="peer_support_calendar",
    ),
    path(
        "directory/still-right/<str:token>/", views.listing_still_right, name="listing_still_right"
    ),
]
