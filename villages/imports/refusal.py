"""The refusal of a whole file, shared by the readers of each format."""


class FileRefused(Exception):
    """The file as a whole cannot be read; ``message`` tells the user why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
