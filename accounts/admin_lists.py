"""Changelists of collections that grow with use (interviews, answers, tickets).

django-mongodb-backend runs ``select_related`` and a search across a foreign key
as a ``$lookup`` from every document of the collection, before the page's
``$match``, ``$sort`` and ``$limit``: a page costs a join per stored document.
These changelists instead fetch the page alone, load its related rows in one
read by ``_id`` each (``related_attach``), and search by the owner's email by
first finding the matching users, then filtering on the indexed owner field.

What a page asks for also stays bounded as the collection grows: a list may open
on a recent window (``recent_window_filter``, "all time" one click away), counts
stop at ``COUNT_CAP`` ("1000+"), and ``list_deferred`` keeps embedded arrays and
large JSON out of the rows a list loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import ForeignKey, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from django.contrib.admin.filters import _ListFilterChoices

from accounts.selectors import user_ids_by_email

# A search matching more users than this is too broad to be useful on one page anyway.
OWNER_SEARCH_LIMIT = 500
# Counting stops here: past ten pages a list is browsed by narrowing it, not by paging.
COUNT_CAP = 1000


class AtLeast(int):
    """A count that stopped at its cap: compares as the cap, shows as "1000+"."""

    def __str__(self) -> str:
        return f"{int(self)}+"


class CappedCountPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` matching documents instead of all of them."""

    @cached_property
    def count(self) -> int:
        queryset = cast(QuerySet[Any], self.object_list)  # the admin paginates querysets
        found = queryset.order_by()[: COUNT_CAP + 1].count()
        return AtLeast(COUNT_CAP) if found > COUNT_CAP else found


def recent_window_filter(field: str, *, default_days: int = 30) -> type[admin.SimpleListFilter]:
    """A period filter on ``field`` whose default (no parameter) is the last ``default_days`` days;
    longer periods and "all time" are one click away."""
    periods = {"7": 7, str(default_days): default_days, "365": 365}

    class RecentWindowFilter(admin.SimpleListFilter):
        title = _("period")
        parameter_name = "period"
        ALL = "all"

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
            labels = [
                (key, ngettext("Last %(days)d day", "Last %(days)d days", days) % {"days": days})
                for key, days in periods.items()
            ]
            return [*labels, (self.ALL, _("All time"))]

        def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
            current = self.value() or str(default_days)
            for key, label in self.lookup_choices:
                yield {
                    "selected": current == key,
                    "query_string": changelist.get_query_string({self.parameter_name: key}),
                    "display": label,
                }

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            if self.value() == self.ALL:
                return queryset
            days = periods.get(self.value() or "", default_days)
            return queryset.filter(**{f"{field}__gte": timezone.now() - timedelta(days=days)})

    return RecentWindowFilter


def related_attach(rows: list[Model], names: Iterable[str]) -> list[Model]:
    """Load the named foreign keys of ``rows``, one read by primary key each, into the rows' caches.

    Not ``prefetch_related``: Django filters a forward foreign key's prefetch with a tuple lookup, which
    django-mongodb-backend sends as ``$expr: {$in: ["$_id", ...]}``; no index serves an ``$expr``, so each
    page scanned the whole users (or questions) collection. ``in_bulk`` filters ``_id: {$in: ...}``.
    """
    for name in names if rows else ():
        field = cast("ForeignKey[Any, Any]", rows[0]._meta.get_field(name))
        ids = {getattr(row, field.attname) for row in rows} - {None}
        related = field.remote_field.model._base_manager.in_bulk(ids)
        for row in rows:
            field.set_cached_value(row, related.get(getattr(row, field.attname)))
    return rows


class GrowingChangeList(ChangeList):
    """Leaves ``list_deferred`` fields out of the rows the page loads, and loads the ``list_related``
    rows the page shows."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet[Any]:
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.list_deferred)  # type: ignore[attr-defined]

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        self.result_list = related_attach(list(self.result_list), self.model_admin.list_related)  # type: ignore[attr-defined]


class GrowingCollectionAdmin(admin.ModelAdmin):
    """``list_related`` names the foreign keys the list shows; ``search_fields``
    may hold ``user__email`` (matched through the users collection) and own text fields."""

    list_related: tuple[str, ...] = ()
    # Fields no list column shows that would make every row heavy (embedded arrays, results).
    list_deferred: tuple[str, ...] = ()
    paginator = CappedCountPaginator
    # Empty rather than False: False makes Django select_related every foreign key in list_display.
    list_select_related = ()
    # The unfiltered total would count the whole collection on every filtered page.
    show_full_result_count = False
    owner_search_field = "user__email"

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return GrowingChangeList

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
