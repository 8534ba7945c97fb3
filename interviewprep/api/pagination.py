"""The contract's page shape: ``{count, next, previous, results}`` with ``?page=`` and ``?page_size=`` (max 100)."""

from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_PAGE_SIZE_MAX
