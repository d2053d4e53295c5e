"""Keeps anything shown to a signed-in user out of shared caches."""

from django.utils.cache import patch_vary_headers


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response that was not marked public.

    A view that serves only public material may set `response.council_public = True`;
    anything served to a signed-in user is private whatever the view says, so a proxy can
    never hand a delegate's page to the next anonymous visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or not getattr(response, "council_public", False):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        if signed_in:
            vary = response.get("Vary", "")
            if "Cookie" not in vary:
                response["Vary"] = f"{vary}, Cookie" if vary else "Cookie"
        return response


class LanguageMiddleware:
    """Vietnamese for everyone unless they chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to
    English would get a half-translated site; here only the explicit choice (cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # The language is the request's, not the thread's: restored afterwards, so whatever the
        # thread does next (a test, a task run inline) is not left in a reader's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The language comes from a cookie: a shared cache must not hand an English page (or
        # feed) to the next Vietnamese visitor.
        patch_vary_headers(response, ("Cookie",))
        return response
