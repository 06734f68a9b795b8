"""The monthly report (月报) of a township or the county, and its files.

``monthly.build_report`` gathers the figures, tables and charts from the
supervision selectors (so every figure is the one the pages show);
``files`` writes the report as one xlsx workbook or one CSV per table; the
PDF booklet (汇编) is ``booklet.booklet_pdf``; ``jobs`` has the worker build both files.
"""
