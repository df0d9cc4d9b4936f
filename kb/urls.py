from django.urls import path

from . import image_views, views, votes

app_name = "kb"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/vote/", votes.article_vote_view, name="vote"),
    path("articles/<slug:slug>/vote/reason/", votes.article_vote_reason, name="vote_reason"),
    path("images/<int:pk>/<slug:digest>-<int:width>.webp", image_views.image, name="image"),
]
