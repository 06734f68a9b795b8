"""Writes of the township settings: key contacts and errand guides, all or nothing."""

from django.db import transaction

from villages.models import ErrandGuide


@transaction.atomic
def save_contacts(*, township, formset):
    """Save a valid contacts formset for ``township`` (new rows belong to it)."""
    for contact in formset.save(commit=False):
        contact.township = township
        contact.save()
    for contact in formset.deleted_objects:
        contact.delete()


@transaction.atomic
def save_errand_guides(*, township, texts):
    """Set the township's guide text per errand kind; an empty text removes the guide."""
    for kind, text in texts.items():
        if text:
            ErrandGuide.objects.update_or_create(
                township=township, kind=kind, defaults={"text": text}
            )
        else:
            ErrandGuide.objects.in_place(township=township).filter(kind=kind).delete()
