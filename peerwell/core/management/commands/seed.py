from django.core.management.base import BaseCommand, CommandError

from peerwell.core.seeding import seed
from peerwell.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Write realistic synthetic organizations, staff, participants and two years of their "
        "activity (deterministic for --seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=2)
        parser.add_argument("--participants", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--contacts-per-participant",
            type=int,
            default=50,
            help="Contacts per participant on average (more for those in the program longer).",
        )
        parser.add_argument(
            "--checkin-share",
            type=float,
            default=0.4,
            help="Share of active participants enrolled in check-in calls (0 to 1).",
        )
        parser.add_argument(
            "--directory-services",
            type=int,
            default=None,
            help="Services in the shared resource directory (default: one per ten "
            "participants, at least 300; 0 for none).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        if not 0 <= opts["checkin_share"] <= 1:
            raise CommandError("--checkin-share must be between 0 and 1.")
        if opts["orgs"] < 1 or opts["participants"] < 0 or opts["contacts_per_participant"] < 0:
            raise CommandError(
                "--orgs must be at least 1, --participants and --contacts-per-participant "
                "at least 0."
            )
        if Organization.objects.filter(slug__startswith=f"seed-{opts['seed']}-").exists():
            raise CommandError(
                f"Seed {opts['seed']} is already in this database; choose another --seed."
            )
        result = seed(
            orgs=opts["orgs"],
            participants=opts["participants"],
            seed=opts["seed"],
            contacts_per_participant=opts["contacts_per_participant"],
            checkin_share=opts["checkin_share"],
            directory_services=opts["directory_services"],
            progress=not opts["no_progress"],
        )
        activity = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.rows.items())
        self.stdout.write(
            f"Seeded {len(result.organizations)} organizations, {result.staff} staff, "
            f"{result.participants} participants (seed {opts['seed']}); {activity}."
        )
