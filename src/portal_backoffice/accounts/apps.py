from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal_backoffice.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"
