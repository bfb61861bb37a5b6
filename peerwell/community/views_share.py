"""Sharing the public schedule: its address, the feeds to subscribe to, and the snippet a
partner site pastes into its page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from peerwell.core.access import staff_view
from peerwell.core.paging import uncounted_page

from .models import EventKind, Site

SITES_PER_PAGE = 25
# The snippet's frame: tall enough for a few events, and as wide as the partner's column.
EMBED_HEIGHT = 600


@staff_view("admin", "supervisor", "peer")
def community_share(request):
    slug = request.user.organization.slug
    link = request.build_absolute_uri
    sites = Site.objects.visible_to(request.user).filter(active=True).order_by("name", "id")
    page = uncounted_page(sites, request.GET.get("page"), SITES_PER_PAGE)
    title = _("Meetings and groups at %(name)s") % {"name": request.user.organization.name}
    embed = link(reverse("public_schedule_embed", kwargs={"organization_slug": slug}))
    return render(
        request,
        "community/public/share.html",
        {
            "page_link": link(reverse("public_schedule", kwargs={"organization_slug": slug})),
            "feed_link": link(reverse("public_schedule_feed", kwargs={"organization_slug": slug})),
            "kind_feeds": [
                (
                    label,
                    link(
                        reverse(
                            "public_schedule_kind_feed",
                            kwargs={"organization_slug": slug, "kind": kind},
                        )
                    ),
                )
                for kind, label in EventKind.choices
            ],
            "page": page,
            "site_feeds": [
                (
                    site,
                    link(
                        reverse(
                            "public_schedule_site_feed",
                            kwargs={"organization_slug": slug, "site_id": site.pk},
                        )
                    ),
                )
                for site in page.object_list
            ],
            "embed_link": embed,
            # HTML for the partner to paste: escaped here, and again when shown as text.
            "snippet": (
                f'<iframe src="{escape(embed)}" title="{escape(title)}" '
                f'width="100%" height="{EMBED_HEIGHT}" loading="lazy"></iframe>'
            ),
        },
    )
