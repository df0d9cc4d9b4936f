from kb.models import Article
from tests.starter_articles import place_starter_articles
from wizard.engine.recommendations import ALL_ARTICLE_SLUGS


def test_every_code_and_client_guide_links_to_a_published_article(db):
    place_starter_articles()
    published = set(Article.objects.published().values_list("slug", flat=True))
    assert ALL_ARTICLE_SLUGS - published == set()
