"""Public URLs of the delegates app."""

app_name = "delegates"
urlpatterns: list = []
