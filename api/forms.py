from django import forms

from api.models import DEFAULT_LIFETIME_DAYS, LIFETIME_CHOICES


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, so you can tell your tokens apart. "
        "For example, Power BI board report.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    lifetime_days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long the token lasts",
            "invalid_choice": "Choose how long the token lasts",
        },
    )
