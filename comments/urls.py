from django.urls import path

from comments import reader_views, views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.post_comment, name="post"),
    path("comments/<int:pk>/edit/", reader_views.edit_comment, name="edit"),
    path("comments/mine/", reader_views.request_my_comments, name="my-comments-request"),
    path("comments/mine/<str:token>/", reader_views.my_comments_page, name="my-comments"),
    path(
        "comments/mine/<str:token>/download/",
        reader_views.export_my_comments,
        name="my-comments-download",
    ),
    path(
        "comments/mine/<str:token>/erase/", reader_views.erase_my_comments, name="my-comments-erase"
    ),
]
