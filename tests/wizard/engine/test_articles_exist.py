from kb.models import Article
from kb.services import starter_articles_load
from wizard.engine.recommendations import ALL_ARTICLE_SLUGS


def test_every_code_and_client_guide_links_to_a_published_article(db):
    starter_articles_load()
    published = set(Article.objects.published().values_list("slug", flat=True))
    assert ALL_ARTICLE_SLUGS - published == set()
