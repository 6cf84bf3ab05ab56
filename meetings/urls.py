"""URLs of the meetings app: committees, meetings, minutes and update rounds."""

from django.urls import path

from meetings import views, views_papers, views_records

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
    # Committee business and papers (issue 14)
    path("committees/<int:pk>/change/", views_papers.committee_update, name="committee-update"),
    path("committees/<int:pk>/schedule/", views_papers.schedule_add, name="schedule-add"),
    path("<int:pk>/matters-arising/", views_papers.matters_arising, name="matters-arising"),
    path("<int:pk>/confirm/", views_papers.minutes_confirm, name="minutes-confirm"),
    path("<int:pk>/corrections/new/", views_papers.correction_add, name="correction-add"),
    path("<int:pk>/agenda.pdf", views_papers.agenda_pdf, name="agenda-pdf"),
    path("<int:pk>/minutes.pdf", views_papers.minutes_pdf, name="minutes-pdf"),
    # Correcting meeting records (issue 10, item 6)
    path("<int:pk>/attendance/list/", views_records.attendance_list, name="attendance-list"),
    path("<int:pk>/declarations/new/", views_records.declaration_add, name="declaration-add"),
    path("agenda/<int:pk>/change/", views_records.agenda_update, name="agenda-update"),
    path("agenda/<int:pk>/remove/", views_records.agenda_remove, name="agenda-remove"),
    path("attendance/<int:pk>/change/", views_records.attendance_update, name="attendance-update"),
    path("attendance/<int:pk>/remove/", views_records.attendance_remove, name="attendance-remove"),
    path("minutes/<int:pk>/change/", views_records.minute_update, name="minute-update"),
    path("minutes/<int:pk>/remove/", views_records.minute_remove, name="minute-remove"),
    path("resolutions/<int:pk>/change/", views_records.resolution_update, name="resolution-update"),
    path("resolutions/<int:pk>/remove/", views_records.resolution_remove, name="resolution-remove"),
    path(
        "declarations/<int:pk>/remove/",
        views_records.declaration_remove,
        name="declaration-remove",
    ),
    path("update-rounds/new/", views.update_round_create, name="update-round-create"),
    path("update-rounds/<int:pk>/", views.update_round_detail, name="update-round-detail"),
    path("update-rounds/<int:pk>/close/", views.update_round_close, name="update-round-close"),
    path("update-rounds/<int:pk>/issue/", views.update_round_issue, name="update-round-issue"),
]
