from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "portal_backoffice.review"
    label = "review"
    verbose_name = "Review"
