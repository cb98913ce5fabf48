"""Microneedling risks explorer: page config, navigation, the disclaimer shown on every page."""

import streamlit as st

from pages.common.link import redraw_after_reconnecting

st.set_page_config(
    page_title="Microneedling risks explorer",
    page_icon="🩹",
    layout="wide",
    initial_sidebar_state="auto",
)

DISCLAIMER = (
    "**Educational, not medical advice.** Figures come from small published studies; "
    "talk to a qualified practitioner about your own skin."
)

navigation = st.navigation(
    [
        st.Page("pages/guide.py", title="Guide", icon=":material/school:", default=True),
        st.Page("pages/explorer.py", title="Explore side effects", icon=":material/bar_chart:"),
        st.Page("pages/my_skin.py", title="My skin", icon=":material/face:"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page("pages/slides.py", title="Slide deck", icon=":material/slideshow:"),
        st.Page("pages/data_sources.py", title="Data & sources", icon=":material/menu_book:"),
    ]
)
st.caption(DISCLAIMER)
redraw_after_reconnecting()
navigation.run()
