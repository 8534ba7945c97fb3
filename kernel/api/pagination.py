"""The contract's page shape: ``{count, next, previous, results}`` with ``?page=`` and ``?page_size=`` (max 100)."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from rest_framework import pagination


class CountSavingPaginator(Paginator):
    """Fetches the page first and counts only when the page cannot tell: a page
    shorter than a full one (and not past the end) shows where the list ends. Most
    users' lists fit on one page, so they cost one database round trip, not two."""

    def page(self, number: Any) -> Page:
        try:
            first = (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            first = -1
        if first < 0 or self.orphans:
            return super().page(number)  # raises for a bad number; orphans need the count
        items = list(self.object_list[first : first + self.per_page])
        if len(items) < self.per_page and (items or first == 0):
            self.__dict__["count"] = first + len(items)  # fills the cached_property
        return Page(items, self.validate_number(number), self)


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = CountSavingPaginator
    page_size_query_param = "page_size"
    max_page_size = settings.API_PAGE_SIZE_MAX
