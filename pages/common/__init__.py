"""What the pages share, one module per concern. None of these is a page (app.py lists the
pages); each page imports the pieces it draws with:

- `session_data`: the dataset this tab shows (bundled, or the person's own upload);
- `link`: the link each page keeps its view in, with the slide deck and the upload mark;
- `view_cache`: a view's charts and the Guide's steps, built once and shared by every session;
- `chart_controls`: a chart on the page, with its export controls and "Add to slide deck";
- `sidebar_filters`: the Explorer's filters in the sidebar.
"""
