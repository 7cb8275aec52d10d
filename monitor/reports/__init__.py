"""Reports for the head (pp. 22-24): the monthly summary, the analytical note, the KPIs.

queries load a period's rows in a few set-based queries; timeliness, quality, dynamics, kpi and
note compute the figures from those plain rows; docx, xlsx, charts and agency render them;
methodology explains each figure; schedule sends the month's report once.
"""
