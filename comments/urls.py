from django.urls import path

from comments import reader_views, subscriptions, views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.post_comment, name="post"),
    path("comments/confirm/<str:token>/", subscriptions.confirm, name="confirm"),
    path("comments/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path(
        "comments/unsubscribe-thread/<str:token>/",
        subscriptions.unsubscribe_thread,
        name="unsubscribe-thread",
    ),
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
