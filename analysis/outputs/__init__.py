"""The outputs wing: what people take away. Chart images (PNG, SVG, PDF) and the browser that
draws them, slide decks, a person's summary, the Guide's handout, and CSV safe to open in a
spreadsheet. The top wing: imports from analysis.views, analysis.charts and analysis.data."""
