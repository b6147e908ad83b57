"""Kapacitetssimulatoren as its server runs it: ``app.py`` behind the response headers of
:mod:`ui.security` (``./run.sh`` starts ``streamlit run serve.py``).

``streamlit run app.py`` still works (AppTest and development), without those headers.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.security import SecurityHeaders

app = st.App("app.py", middleware=[Middleware(SecurityHeaders)])
