from django.contrib import admin

from notifications import services
from notifications.models import Notification, PartnershipEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key", "recipient__username", "to_address", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnershipEmail)
class PartnershipEmailAdmin(admin.ModelAdmin):
    list_display = ["partnership", "from_address", "reply_to"]

    def save_model(self, request, obj, form, change):
        services.partnership_email_set(
            partnership=obj.partnership,
            from_address=obj.from_address,
            from_name=obj.from_name,
            reply_to=obj.reply_to,
            by=request.user,
            reason="Sending address changed in admin",
        )
