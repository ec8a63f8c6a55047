from django.urls import path

from monitoring import views

urlpatterns = [
    path("account/interest/<id:expression_id>/about-you/", views.about_you, name="about_you"),
    path(
        "portal/organisations/<id:organisation_id>/presence/",
        views.organisation_presence,
        name="organisation_presence",
    ),
]
