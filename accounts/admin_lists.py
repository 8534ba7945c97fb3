"""Changelists of collections that grow with use (interviews, answers, tickets).

django-mongodb-backend runs ``select_related`` and a search across a foreign key
as a ``$lookup`` from every document of the collection, before the page's
``$match``, ``$sort`` and ``$limit``: a page costs a join per stored document.
These changelists instead fetch the page alone, load its related rows in one
``pk__in`` query each (``prefetch_related``), and search by the owner's email
by first finding the matching users, then filtering on the indexed owner field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

from accounts.selectors import user_ids_by_email

# A search matching more users than this is too broad to be useful on one page anyway.
OWNER_SEARCH_LIMIT = 500


class GrowingCollectionAdmin(admin.ModelAdmin):
    """``list_prefetch_related`` names the foreign keys the list shows; ``search_fields``
    may hold ``user__email`` (matched through the users collection) and own text fields."""

    list_prefetch_related: tuple[str, ...] = ()
    # Empty rather than False: False makes Django select_related every foreign key in list_display.
    list_select_related = ()
    # The unfiltered total would count the whole collection on every filtered page.
    show_full_result_count = False
    owner_search_field = "user__email"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related(*self.list_prefetch_related)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """Like the stock search: every word must match one of ``search_fields``."""
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            matches = Q()
            for name in self.get_search_fields(request):
                if name == self.owner_search_field:
                    owner_ids = user_ids_by_email(contains=word, limit=OWNER_SEARCH_LIMIT)
                    matches |= Q(**{f"{name.split('__', 1)[0]}__in": owner_ids})
                else:
                    matches |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset, False
