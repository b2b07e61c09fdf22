"""A page for the shell's tests: shows the filters it receives."""

import streamlit as st

from govdash.ui.filters import current_filters

chosen = current_filters()
st.markdown(f"framework={chosen.framework}")
st.markdown(f"period={chosen.period}")
st.markdown(f"region={chosen.region_code}")
st.markdown(f"scope={chosen.scope_label}")
st.markdown(f"level={chosen.level}")
st.markdown(f"group={chosen.peer_group}")
