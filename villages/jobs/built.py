"""What a job's builder returns."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Built:
    file_name: str
    content: object  # bytes, or an open binary file (closed once stored)
    content_type: str
    # The access log's record type for a download of the file, and its rows.
    logged_as: str = ""
    rows: int | None = None
