"""Pure-Python core of the app: load and validate data, filter, risk maths, figures, export.

Nothing in this package imports streamlit; pages call into it.
"""
