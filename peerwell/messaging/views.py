"""The texts-to-read list, and the provider's webhook for texts coming in."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)
from twilio.twiml.messaging_response import MessagingResponse

from peerwell.core.access import public_view, staff_view
from peerwell.core.paging import uncounted_page
from peerwell.orgs.models import Organization

from . import actions
from .access import open_own_texts, open_text
from .inbound import receive_text
from .models import InboundMessage

READER_ROLES = ("admin", "supervisor", "peer")
TEXTS_PER_PAGE = 25
# Signs the demo's texts (`peerwell fake_text`, or a tester's own request): accepted only
# in demo mode or DEBUG with the console backend, where no real provider is set up.
DEMO_AUTH_TOKEN = "peerwell-demo-token"
URL_SLOT = 987654321987


@staff_view(*READER_ROLES)
def texts_to_read(request):
    """The signed-in user's unread text replies, newest first, each with who sent it."""
    texts = (
        InboundMessage.objects.visible_to(request.user)
        .to_read()
        .filter(for_user=request.user)
        .select_related("participant")
        .only(
            "id",
            "organization_id",
            "body",
            "received_at",
            "from_number",
            "for_user_id",
            "participant__id",
            "participant__first_name",
            "participant__last_name",
            "participant__preferred_name",
        )
        .order_by("-received_at", "-id")
    )
    page = uncounted_page(texts, request.GET.get("page"), TEXTS_PER_PAGE)
    detail_url = reverse("participant_detail", args=[URL_SLOT])
    read_url = reverse("text_mark_read", args=[URL_SLOT])
    for text in page.object_list:
        text.read_url = read_url.replace(str(URL_SLOT), str(text.pk))
        if text.participant_id:
            text.detail_url = detail_url.replace(str(URL_SLOT), str(text.participant_id))
    open_own_texts(request, page.object_list)
    return render(request, "messaging/texts_to_read.html", {"page": page})


@staff_view(*READER_ROLES)
@require_POST
def text_mark_read(request, inbound_id):
    text, participant = open_text(request, inbound_id)
    actions.mark_read(by=request.user, text=text, participant=participant, request=request)
    messages.success(request, _("Marked as read."))
    return redirect("texts_to_read")


def _tokens() -> list[str]:
    tokens = [settings.TWILIO_AUTH_TOKEN] if settings.TWILIO_AUTH_TOKEN else []
    if settings.SMS_BACKEND == "console" and (settings.DEMO or settings.DEBUG):
        tokens.append(DEMO_AUTH_TOKEN)
    return tokens


def signed_url(request) -> str:
    """The address the provider signed: the public one (SITE_URL) when the site runs
    behind a proxy, which may change the scheme, host or port on the way in."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def has_valid_signature(request) -> bool:
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    url = signed_url(request)
    return any(
        RequestValidator(token).validate(url, request.POST, signature, algorithm=algorithm)
        for token in _tokens()
    )


def twiml(reply: str) -> HttpResponse:
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="text/xml")


@public_view
@csrf_exempt
@require_POST
def twilio_inbound(request, organization_slug):
    """Twilio's webhook for a text to the organization's number. A request without a
    valid signature is refused (403) before anything is read or recorded."""
    if not has_valid_signature(request):
        return HttpResponseForbidden("Invalid or missing X-Twilio-Signature.\n")
    organization = Organization.objects.filter(slug=organization_slug).first()
    if organization is None:
        raise Http404
    sid, sender = request.POST.get("MessageSid", ""), request.POST.get("From", "")
    if not sid or not sender:
        return HttpResponse("MessageSid and From are required.\n", status=400)
    received = receive_text(
        organization=organization,
        provider_id=sid[:64],
        from_number=sender[:32],
        to_number=request.POST.get("To", "")[:32],
        body=request.POST.get("Body", ""),
    )
    return twiml(received.reply)
