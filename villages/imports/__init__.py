"""Importing the township's registers from the Excel sheets the office already keeps.

- ``reading``: an uploaded xlsx or CSV file → its header row and numbered rows of cells;
- ``cells``: the columns a kind reads, and a row's cells → values, through typed
  getters that record every problem by row and column;
- ``households``, ``cadres``, ``assignments``, ``pairings``: one kind each — its
  columns, its natural key, how a row is checked and how the rows are written;
- ``service``: preview (check everything, write nothing), apply (all or nothing),
  the blank template per kind, and the uploaded file kept between the two steps.
"""
