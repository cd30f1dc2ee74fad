from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "portal_backoffice.intake"
    label = "intake"
    verbose_name = "Incoming files and students"
