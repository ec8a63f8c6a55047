from django.urls import path

from members import profile_views

urlpatterns = [
    path("account/looking-for/", profile_views.profile_edit, name="profile_edit"),
    path("account/matches/", profile_views.matches, name="matches"),
]
