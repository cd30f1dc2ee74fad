from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import SignInForm
from .throttling import ThrottledLoginView

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in/",
        ThrottledLoginView.as_view(
            template_name="accounts/sign_in.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
