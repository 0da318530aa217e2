from django.urls import path

from .views import members, membership, opendata

app_name = "coalition"

urlpatterns = [
    path("join/", membership.join, name="join"),
    path("join/thank-you/", membership.join_thanks, name="join_thanks"),
    path("join/application/<str:token>/", membership.application_update, name="application_update"),
    path("invitation/<str:token>/", membership.invitation, name="invitation"),
    path("open-data/asks.csv", opendata.asks_csv, name="asks_csv"),
    path("open-data/milestones.csv", opendata.milestones_csv, name="milestones_csv"),
    path("open-data/endorsements.csv", opendata.endorsements_csv, name="endorsements_csv"),
    path("open-data/call-to-action.json", opendata.call_to_action_json, name="cta_json"),
    path("calendar/<str:token>.ics", members.calendar_feed, name="calendar_feed"),
    path("member-area/my-actions/", members.my_actions, name="my_actions"),
    path("member-area/actions/<int:pk>/", members.action_detail, name="action_detail"),
    path("member-area/actions/<int:pk>/status/", members.action_status, name="action_status"),
    path("member-area/meetings/<int:pk>/rsvp/", members.rsvp, name="rsvp"),
    path("member-area/meetings/<int:pk>/meeting.ics", members.meeting_ics, name="meeting_ics"),
    path("member-area/calendar/", members.calendar, name="calendar"),
    path("member-area/endorsements/", members.endorsements, name="endorsements"),
    path("member-area/attendance/", members.attendance, name="attendance"),
]
