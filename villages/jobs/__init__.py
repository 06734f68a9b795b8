"""Background jobs: asking for a file built by the worker, running it, keeping it for a while."""
