"""The views wing: what people ask for, each a link. Filters, a person's risk profile, a
comparison of two groups, the Guide's steps, and chart specs (which charts a view draws).
Imports from analysis.charts and analysis.data."""
