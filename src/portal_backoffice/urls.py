from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("portal_backoffice.accounts.urls")),
    path("", include("portal_backoffice.review.urls")),
]
