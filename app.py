"""Microneedling risks explorer: page config, navigation, the disclaimer shown on every page."""

import streamlit as st

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
        st.Page("pages/explorer.py", title="Explore side effects", icon="📊", default=True),
        st.Page("pages/compare.py", title="Compare", icon="⚖️"),
        st.Page("pages/slides.py", title="Slide deck", icon="🗂️"),
    ]
)
st.caption(DISCLAIMER)
navigation.run()
