"""URLs of the clerks' review pages: what changed between papers, and what slipped."""

from django.urls import path

from reports import views_compare, views_slippage

urlpatterns = [
    path("compare/", views_compare.compare, name="compare"),
    path("slippage/", views_slippage.slippage_report, name="slippage"),
]
