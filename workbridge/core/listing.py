"""One list page pattern for every app: filters, search, pagination, htmx partial refresh and .xlsx / .csv export
(through ``core.exporting``, the one export path).

    return render_list(request, title=_("Students"), queryset=selectors.student_list(actor=actor),
                       columns=[Col(_("Name"), "name", link=True), ...], filters=[...],
                       search=lambda qs, term: qs.filter(name__icontains=term), export_name="students")

The queryset must already be scoped by the actor (a selector); this module never widens it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .exporting import csv_response, xlsx_response

PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class Col:
    label: object
    value: str | Callable
    link: bool = False
    export: bool = True
    screen: bool = True

    def get(self, obj):
        if callable(self.value):
            return self.value(obj)
        current = obj
        for part in self.value.split("."):
            current = getattr(current, part, None)
            if current is None:
                return ""
            if callable(current) and part.startswith("get_"):
                current = current()
        return current


@dataclass(frozen=True)
class Filter:
    name: str
    label: object
    choices: Iterable | Callable = ()
    apply: Callable | None = None

    def options(self) -> list[tuple[str, str]]:
        items = self.choices() if callable(self.choices) else self.choices
        return [(str(value), str(label)) for value, label in items]

    def filter(self, queryset, value):
        if self.apply is not None:
            return self.apply(queryset, value)
        return queryset.filter(**{self.name: value})


@dataclass
class Action:
    label: object
    url: str
    primary: bool = False


@dataclass
class ListState:
    filters: list = field(default_factory=list)


EXPORT_FORMATS = ("xlsx", "csv")


def export_response(fmt: str, *, name: str, title, columns: list[Col], rows) -> HttpResponse:
    """The one export of a list: the same columns (labels translated, codes as names, personal data as the list
    masks it) as .xlsx or as UTF-8 CSV with a BOM. ``rows`` is the list's own scoped, filtered queryset."""
    export_cols = [(str(c.label), c.get) for c in columns if c.export]
    rows = rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows
    if fmt == "csv":
        return csv_response(name, export_cols, rows)
    return xlsx_response(name, str(title), export_cols, rows)


def export_if_asked(request: HttpRequest, *, name: str, title, columns: list[Col], rows) -> HttpResponse | None:
    """For list pages not built on render_list: ``?export=xlsx|csv`` answers the file, otherwise None."""
    fmt = request.GET.get("export")
    if fmt not in EXPORT_FORMATS:
        return None
    return export_response(fmt, name=name, title=title, columns=columns, rows=rows)


def export_links(request: HttpRequest) -> dict[str, str]:
    """The current page's query with ``export=xlsx`` / ``export=csv`` (for templates/core/_export_links.html)."""
    query = request.GET.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    base = query.urlencode()
    return {fmt: f"?{base + '&' if base else ''}export={fmt}" for fmt in EXPORT_FORMATS}


def render_list(
    request: HttpRequest,
    *,
    title,
    queryset,
    columns: list[Col],
    filters: list[Filter] = (),
    search: Callable | None = None,
    search_placeholder=_("Search"),
    detail_url: Callable | None = None,
    export_name: str = "export",
    actions: list[Action] = (),
    intro: str = "",
    template: str = "core/list.html",
) -> HttpResponse:
    active = {}
    for item in filters:
        value = request.GET.get(item.name, "").strip()
        if value:
            allowed = {v for v, _label in item.options()}
            if allowed and value not in allowed:
                continue
            queryset = item.filter(queryset, value)
            active[item.name] = value
    term = request.GET.get("q", "").strip()
    if term and search is not None:
        queryset = search(queryset, term)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(request.GET["export"], name=export_name, title=title, columns=columns, rows=queryset)
    try:
        per_page = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        per_page = PAGE_SIZES[0]
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    screen_cols = [c for c in columns if c.screen]
    rows = [
        {
            "url": detail_url(obj) if detail_url else "",
            "cells": [(str(c.label), c.get(obj), c.link) for c in screen_cols],
        }
        for obj in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "title": title,
        "columns": screen_cols,
        "rows": rows,
        "page": page,
        "filters": [(f, f.options(), active.get(f.name, "")) for f in filters],
        "q": term,
        "has_search": search is not None,
        "search_placeholder": search_placeholder,
        "actions": actions,
        "next_step": next((a for a in actions if a.primary), None),
        "filtered": bool(active or term),
        "intro": intro,
        "querystring": query.urlencode(),
        "export_query": (query.urlencode() + "&" if query else "") + "export=xlsx",
        "export_csv_query": (query.urlencode() + "&" if query else "") + "export=csv",
    }
    if getattr(request, "htmx", False) and request.htmx.target == "results":
        return render(request, "core/_list_results.html", context)
    return render(request, template, context)
