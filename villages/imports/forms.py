from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from villages.imports import service


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("The file is empty."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(service.SUFFIXES):
            raise ValidationError(
                _(
                    "Choose an Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) "
                    "or a CSV file."
                )
            )
        limit = service.max_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s MB: split it into smaller files.")
                % {"limit": f"{limit / (1024 * 1024):g}"}
            )
        return upload
