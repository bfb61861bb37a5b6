"""`peerwell add_funder EMAIL "Full Name"`: a funder account for the whole network.

Funders see every organization's de-identified counts, so no organization's admin may
add one; whoever runs the deployment does, with this command."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from peerwell.orgs.actions import EmailTaken, add_funder, funder_password_link
from peerwell.orgs.models import Role, User


class Command(BaseCommand):
    help = "Add a funder (network-wide, de-identified reports only) and send them a link."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Print the one-time link to choose a password here instead of emailing it.",
        )
        parser.add_argument(
            "--site",
            default=settings.SITE_URL,
            help="The address people use to reach Peerwell (default: SITE_URL).",
        )

    def handle(self, *args, email, full_name, print_link=False, site="", **options):
        if not site:
            raise CommandError("Set SITE_URL (e.g. https://peerwell.example.org) or pass --site.")
        try:
            funder = add_funder(email=email, full_name=full_name, origin="peerwell add_funder")
            self.stdout.write(f"Added {funder.email} as a funder for the whole network.")
        except EmailTaken:
            funder = User.objects.filter(email__iexact=email, role=Role.FUNDER).first()
            if funder is None:
                raise CommandError(
                    f"{email} already has an account in an organization. A funder needs an "
                    "email of their own."
                ) from None
            if not funder.is_active:
                raise CommandError(f"{funder.email} is a deactivated funder.") from None
            self.stdout.write(f"{funder.email} is a funder already: here is a new link.")
        link = funder_password_link(funder, site_url=site)
        hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
        if print_link:
            # The operator's terminal, never the server's log.
            self.stdout.write(f"Give them this link to choose a password (once, {hours} h):")
            self.stdout.write(link)
            return
        context = {"funder": funder, "link": link, "hours": hours}
        send_mail(
            render_to_string("orgs/email/funder_subject.txt", context).strip(),
            render_to_string("orgs/email/funder.txt", context),
            None,
            [funder.email],
        )
        self.stdout.write(
            f"Emailed {funder.email} a link to choose a password. It works once, for {hours} h; "
            "run this again for a new one."
        )
