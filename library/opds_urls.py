"""OPDS catalogue URLs."""

from django.urls import path

from . import opds

app_name = "opds"
urlpatterns = [
    path("opds/", opds.root, name="root"),
    path("opds/moi/", opds.new_arrivals, name="new"),
    path("opds/bo-suu-tap/<int:collection_id>/", opds.collection, name="collection"),
    path("opds/tim-kiem/", opds.search, name="search"),
    path("opds/opensearch.xml", opds.opensearch, name="opensearch"),
]
