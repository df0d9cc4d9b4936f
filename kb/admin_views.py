"""The article admin's own pages: live preview, 「いいえ」 report, comparison of revisions.

Each view is wrapped by ``ArticleAdmin.get_urls`` (the admin site's login
and permission checks) and gets the ``ModelAdmin`` to check permissions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .markdown import render_markdown
from .models import Article, ArticleVote
from .revisions import compare_text, field_changes

FEEDBACK_COMMENTS = 200  # the newest comments the report lists


def preview(model_admin, request: HttpRequest) -> HttpResponse:
    if not (model_admin.has_change_permission(request) or model_admin.has_add_permission(request)):
        raise PermissionDenied
    rendered = render_markdown(request.POST.get("body", ""))
    return render(request, "admin/kb/article/preview.html", {"rendered": rendered})


def _article(model_admin, request: HttpRequest, object_id: str) -> Article:
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _context(model_admin, request: HttpRequest, article: Article, title: str) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": title,
        "change_url": reverse("admin:kb_article_change", args=[article.pk]),
        "history_url": reverse("admin:kb_article_history", args=[article.pk]),
    }


def feedback(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """How many found the article helpful, why the others did not, and what they wrote."""
    article = _article(model_admin, request, object_id)
    votes = ArticleVote.objects.filter(article=article)
    counts = dict(votes.filter(helpful=False).values_list("reason").annotate(n=Count("pk")))
    reasons = [(label, counts.get(value, 0)) for value, label in ArticleVote.Reason.choices]
    context = {
        **_context(model_admin, request, article, _("「%(title)s」への回答") % {"title": article.title}),
        "helpful": votes.filter(helpful=True).count(),
        "unhelpful": votes.filter(helpful=False).count(),
        "reasons": reasons,
        "without_reason": counts.get("", 0),
        "comments": votes.exclude(comment="").order_by("-created_at")[:FEEDBACK_COMMENTS],
    }
    return render(request, "admin/kb/article/feedback.html", context)


def compare(model_admin, request: HttpRequest, object_id: str, history_id: str) -> HttpResponse:
    """A revision against the one before it, or against the article now (``?with=current``)."""
    article = _article(model_admin, request, object_id)
    revision = get_object_or_404(article.history.model, id=article.pk, history_id=history_id)
    if request.GET.get("with") == "current":
        old, new = revision, article
    else:
        old, new = revision.prev_record, revision
    context = {
        **_context(model_admin, request, article, _("「%(title)s」の版の比較") % {"title": article.title}),
        "revision": revision,
        "old": old,
        "new": new,
        "with_current": new is article,
        "fields": field_changes(old, new) if old else [],
        "blocks": compare_text(old.body if old else "", new.body),
        "revert_url": reverse("admin:kb_article_simple_history", args=[article.pk, revision.history_id]),
    }
    return render(request, "admin/kb/article/compare.html", context)
