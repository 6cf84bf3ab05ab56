"""``/api/v1/`` (the read API, its schema and reference page) and ``/api/tokens/``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views, views_docs, views_tokens

app_name = "api"

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("sections", views.SectionViewSet, basename="section")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("papers", views.PaperViewSet, basename="paper")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", views_docs.docs, name="docs"),
    path("v1/", include(router.urls)),
    path("tokens/", views_tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.revoke, name="token-revoke"),
]
