"""The consent elements of the 2024 Part 2 rule (42 CFR 2.31(a), compliance 2026-02-16).

Consents recorded before say nothing of these elements; they get the values that held
for them: signed by the participant, services never conditioned on signing, no TPO
class, and revocation in writing to whoever may disclose (what the form told people)."""

from django.db import migrations, models
from django.db.models import Q, Value
from django.db.models.functions import Concat


def revoke_in_writing(apps, schema_editor):
    Consent = apps.get_model("consents", "Consent")
    Consent.objects.filter(revocation_method="").update(
        revocation_method=Concat(
            Value("In writing, to "),
            "disclosing_party",
            Value("."),
            output_field=models.CharField(),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("consents", "0003_guard_disclosure")]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="recipient",
            field=models.CharField(max_length=1000, verbose_name="to whom"),
        ),
        migrations.AddField(
            model_name="consent",
            name="is_tpo",
            field=models.BooleanField(
                default=False, verbose_name="for treatment, payment and health care operations"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="recipient_is_covered_entity",
            field=models.BooleanField(
                default=False,
                verbose_name="recipient is a covered entity or business associate, for TPO",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="revocation_method",
            field=models.CharField(
                default="", max_length=500, verbose_name="how the participant may revoke"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(revoke_in_writing, migrations.RunPython.noop),
        migrations.AddField(
            model_name="consent",
            name="conditioning",
            field=models.CharField(
                choices=[
                    (
                        "not_conditioned",
                        "The participant's services, payment, enrollment and eligibility for "
                        "benefits do not depend on whether they sign this consent.",
                    ),
                    (
                        "conditioned",
                        "Something depends on signing this consent: the consequences of not "
                        "signing are written below.",
                    ),
                ],
                default="not_conditioned",
                max_length=20,
                verbose_name="whether services depend on signing",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="refusal_consequences",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="consequences of not signing"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="signed_by_representative",
            field=models.BooleanField(
                default=False, verbose_name="signed by a personal representative"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="representative_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="representative's name"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="representative_authority",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="representative's authority"
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=Q(signed_by_representative=False)
                | (~Q(representative_name="") & ~Q(representative_authority="")),
                name="consent_representative_named",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=~Q(conditioning="conditioned") | ~Q(refusal_consequences=""),
                name="consent_conditioning_explained",
            ),
        ),
    ]
