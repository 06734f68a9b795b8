"""A figure's definition: its label and one sentence saying what it counts.

Each family of figures keeps its definitions in one module beside the code
that computes them (``visits.supervision.definitions``,
``visits.concerns.definitions``, …); the pages put the sentence beside the
number, the workbook in its definitions sheet and the booklet in its notes, so
a figure means the same wherever it is read.
"""

from typing import NamedTuple


class Definition(NamedTuple):
    label: str  # a lazily translated label, e.g. 办结率
    text: str  # a lazily translated sentence: what is counted, over what, by which day

    def __str__(self):
        return str(self.label)
