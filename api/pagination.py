"""Cursor pages: stable under concurrent edits, cheap at any depth (no OFFSET)."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class CountedCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = ("pk",)

    def paginate_queryset(self, queryset, request, view=None):
        # The whole filtered list's length (one COUNT), as Find shows it above its table.
        self.count = queryset.order_by().count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": {"type": "integer", "example": 123},
            **response["properties"],
        }
        response["required"] = ["count", *response.get("required", [])]
        return response
