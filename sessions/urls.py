"""Public URLs of the sessions app."""

app_name = "sessions"
urlpatterns: list = []
