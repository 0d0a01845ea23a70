from django.urls import path

from comments import subscriptions, views

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
]
