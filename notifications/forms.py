from django import forms

from notifications.models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["overdue_digest", "assignment_notices"]
        labels = {
            "overdue_digest": "Send me the weekly overdue digest",
            "assignment_notices": "Tell me when my organisation is made a lead of an action",
        }
