from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .imports import KINDS, MAX_UPLOAD_BYTES


class DirectoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS file"),
        help_text=_(
            "A JSON file of services or organizations (HSDS 3.0), or a .zip of the HSDS "
            "tables as CSV files (services.csv, organizations.csv, ...)."
        ),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("This file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(KINDS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(KINDS):
            raise forms.ValidationError(
                _(
                    "“%(name)s” is not a .json or .zip file. Export the directory as HSDS "
                    "JSON, or zip its CSV files."
                )
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; the largest we take is %(most)s.")
                % {"size": filesizeformat(upload.size), "most": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload
