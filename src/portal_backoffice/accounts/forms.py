from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK-style error messages."""

    error_messages = {
        "invalid_login": "Enter a correct user name and password. Both are case sensitive.",
        "inactive": "This account is not active. Ask an administrator to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"
        self.fields["username"].error_messages["required"] = "Enter your user name"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )

    def error_summary(self) -> list[dict[str, str]]:
        """Return the errors for the error summary, each linked to its field."""
        # A failed sign-in belongs to the form, so it links to the first field.
        errors = [{"text": str(text), "href": "#username"} for text in self.non_field_errors()]
        for name in ("username", "password"):
            errors.extend({"text": str(text), "href": f"#{name}"} for text in self[name].errors)
        return errors
