from django.urls import path

from pagecache import esi

app_name = "pagecache"
urlpatterns = [path("_holes/<slug:name>/", esi.hole, name="hole")]
