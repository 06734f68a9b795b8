"""Places ranked against the standards, the DHIS2-scorecard way (排名).

One row per place (the townships of a county, the stations of a township),
one cell per standard. A cell is the share of what was due that the place's
stations or members did: the sum of what each did, each counted up to what it
owed, over the sum of what they owed (so one member far ahead does not hide
another far behind); no cell when nothing was owed. A cell's level is the
shortfall list's (``shortfalls.level_of``): green when met, amber from the
county's red line up, red below it, each with its word.

A row's score is the mean of its cells; rows are ranked from the furthest
behind (rank 1), with the number of red and amber shortfall rows beside.
"""

from dataclasses import dataclass, field

from visits.supervision.shortfalls import KINDS, level_of


@dataclass
class Cell:
    kind: str
    done: int = 0
    due: int = 0
    level: str = "green"

    @property
    def share(self):
        return self.done / self.due if self.due else None


@dataclass
class Row:
    place: object
    cells: dict = field(default_factory=dict)  # kind → Cell (those owed something)
    red: int = 0
    amber: int = 0
    score: float | None = None
    level: str = "green"
    rank: int = 0

    def cell_list(self):
        """The cells in the standards' order, None where nothing was owed."""
        return [self.cells.get(kind) for kind in KINDS]


def scorecard(measured, *, by, standard, places=()):
    """Rows for ``places`` (townships or stations: ``by``), ranked furthest behind first.

    ``measured`` are the measures of every station of the places (``measures.measures``);
    a place without any gets a row with no cells, ranked last.
    """
    rows = {place.pk: Row(place=place) for place in places}
    # A county's ranking adds up its 4,000-odd measures twice (by township, by
    # station): each row and cell is made once, not built for ``setdefault`` to drop.
    for measure in measured:
        if not measure.expected:
            continue
        place = getattr(measure, by)
        row = rows.get(place.pk)
        if row is None:
            row = rows[place.pk] = Row(place=place)
        cell = row.cells.get(measure.kind)
        if cell is None:
            cell = row.cells[measure.kind] = Cell(kind=measure.kind)
        cell.done += min(measure.actual, measure.expected)
        cell.due += measure.expected
        if measure.behind:
            level = level_of(measure.share, standard)
            row.red += level == "red"
            row.amber += level == "amber"
    for row in rows.values():
        for cell in row.cells.values():
            cell.level = level_of(cell.share, standard)
        shares = [cell.share for cell in row.cells.values()]
        row.score = sum(shares) / len(shares) if shares else None
        row.level = level_of(row.score, standard)
    ranked = sorted(
        rows.values(),
        key=lambda r: (r.score is None, r.score or 0, -r.red, -r.amber, r.place.name, r.place.pk),
    )
    for rank, row in enumerate(ranked, start=1):
        row.rank = rank
    return ranked
