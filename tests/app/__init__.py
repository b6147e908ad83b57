"""App tests: the pages under Streamlit's AppTest (no browser), login and roles."""
