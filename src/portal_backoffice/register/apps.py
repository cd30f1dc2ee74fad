from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "portal_backoffice.register"
    label = "register"
    verbose_name = "LA register"
