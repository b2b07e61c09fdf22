"""govdash: the Streamlit entry point."""

import streamlit as st

st.set_page_config(page_title="数字政府评估看板", page_icon=":material/account_balance:", layout="wide")
st.title("数字政府评估看板")
st.write("看板页面建设中。")
