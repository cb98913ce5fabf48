"""Pure-Python core of the app, in four wings that import one way only:

    outputs -> views -> charts -> data

- `analysis.data`: the tables themselves: vocabulary, loading and validation, readable tables,
  number formatting, uploads, the evidence map's data, what data/README.md says.
- `analysis.charts`: figures drawn from the data: the theme, the frame, one module per chart kind.
- `analysis.views`: what people ask for: filters, a risk profile, a comparison, the Guide, chart
  specs (a view is a link).
- `analysis.outputs`: what people take away: images, decks, summaries, handouts, safe CSV.

Nothing in this package imports streamlit; pages call into it. tests/test_layout.py checks the
direction of every import.
"""
