"""The kinds of register a file can fill.

The framework lives here, at the bottom of the stack; each kind belongs to the
app whose register it fills and is registered by that app when Django starts
(``AppConfig.ready``), so this package never imports an app above it.
"""

from villages.imports.base import ImportKind

# {slug: kind}, in the order of the import page (see ``ImportKind.order``).
KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    KINDS[kind.slug] = kind
    ordered = sorted(KINDS.values(), key=lambda k: k.order)
    KINDS.clear()
    KINDS.update((k.slug, k) for k in ordered)
