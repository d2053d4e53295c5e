"""`{% packet_status session %}`: the reader's packet, its number and whether the copy they
downloaded is out of date – for the delegate portal and the session page."""

from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("publishing/includes/packet_status.html", takes_context=True)
def packet_status(context, session):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"status": None}
    return {
        "status": services.packet_status(user, session),
        "page": session,
        "publications_url": services.publications_url(session),
    }
