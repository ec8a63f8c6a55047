from allauth import urls as allauth_urls
from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.forms import with_form_errors_answering_400
from involvement import urls as involvement_urls
from opportunities import urls as opportunities_urls

handler500 = "core.views.server_error"

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # allauth's pages answer 400 when they show a form's mistakes, like the site's own.
    path("accounts/", include(with_form_errors_answering_400(allauth_urls.urlpatterns))),
    path("need-help-now/", core_views.help_now, name="help_now"),
    path("search/", core_views.site_search_view, name="site_search"),
    path("portal/involvement/", include(involvement_urls.portal_patterns)),
    path("portal/", include(opportunities_urls.portal_patterns)),
    path("account/involvement/", include(involvement_urls.member_patterns)),
    path("api/openreferral/", include("groups.api_urls")),
    path("", include(opportunities_urls)),
    path("", include("members.profile_urls")),
    path("", include("search.urls")),
    path("", include("groups.urls")),
    path("", include("monitoring.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving comes last: it catches every other path.
urlpatterns += [path("", include(wagtail_urls))]
