"""What a job's builder returns."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Built:
    """A file (``content``: bytes, or an open binary file, closed once stored), or
    no file (``content`` None) and only a ``message`` saying what was done."""

    file_name: str
    content: object
    content_type: str
    # The access log's record type for a download of the file, and its rows.
    logged_as: str = ""
    rows: int | None = None
    message: str = ""
    ok: bool = True  # False: the work was refused (the message says why)


def outcome(message, *, ok=True):
    """What a job without a file returns: its message, a success or a refusal."""
    return Built("", None, "", message=str(message), ok=ok)
