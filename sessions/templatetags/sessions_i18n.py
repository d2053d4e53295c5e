"""`{{ value|vi }}`: content (a name, a title) marked as Vietnamese inside interface text, for
placeholders of `{% blocktranslate %}` (WCAG 3.1.2, language of parts)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def vi(value):
    if value in (None, ""):
        return ""
    return format_html('<span lang="vi">{}</span>', value)
