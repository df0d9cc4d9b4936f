from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article, Category


class SiteSitemap(Sitemap):
    """Addresses on settings.SITE_URL, never on the request's Host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, article: Article):
        return article.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Category.objects.with_published_counts().filter(published_count__gt=0).order_by("order", "pk")


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
