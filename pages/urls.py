from django.urls import path, register_converter

from pagecache.views import cached_page
from pages import cached_pages as names
from pages import converters, views

app_name = "pages"

register_converter(converters.PagePathConverter, "page_path")

# Every address made of slugs that no other pattern answered: newsblog/urls.py includes these last.
urlpatterns = [
    path(
        "<page_path:path>/",
        cached_page(views.PageDetailView.as_view(), names.page),
        name="detail",
    ),
]
