"""URLs of the meetings app: committees, meetings, minutes and update rounds."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("committees/new/", views.committee_create, name="committee-create"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/change/", views.meeting_update, name="update"),
    path("<int:pk>/agenda/new/", views.agenda_add, name="agenda-add"),
    path("<int:pk>/attendance/new/", views.attendance_add, name="attendance-add"),
    path("<int:pk>/minutes/new/", views.minute_add, name="minute-add"),
    path("minutes/<int:pk>/resolutions/new/", views.resolution_add, name="resolution-add"),
    path("update-rounds/new/", views.update_round_create, name="update-round-create"),
    path("update-rounds/<int:pk>/", views.update_round_detail, name="update-round-detail"),
    path("update-rounds/<int:pk>/close/", views.update_round_close, name="update-round-close"),
    path("update-rounds/<int:pk>/issue/", views.update_round_issue, name="update-round-issue"),
]
