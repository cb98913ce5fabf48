"""The charts wing: figures drawn from the data. The theme (the look of every figure), the frame
(title, legend, plot and footer laid out for a screen, a phone or a slide) and one module per
chart kind, beside the panels they share. Imports only from analysis.data."""
