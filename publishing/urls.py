"""Public URLs of the publishing app."""

app_name = "publishing"
urlpatterns: list = []
