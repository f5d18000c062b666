"""The fitintel dashboards in Streamlit (1.40 or later: st.navigation/st.Page).

    FITINTEL_DB=~/fitintel.db streamlit run examples/streamlit/app.py

A login page first (password hash in $FITINTEL_PASSWORD_HASH or ~/.config/fitintel/auth.conf, see
``python3 -m fitintel.auth``; ``FITINTEL_DEV_MODE=true`` skips it on a development machine), then
the seven views of fitintel.views, one page each in pages/, and a logout. The pages only lay out
what the views and the Store return.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import streamlit as st

from fitintel import auth
from fitintel.views import VIEWS

import common

st.set_page_config(page_title="fitintel", page_icon="🏃", layout="wide")

ICONS = {"hub": ":material/insights:", "choco": ":material/pets:",
         "monthly": ":material/calendar_month:", "trends": ":material/trending_up:",
         "sql": ":material/database:", "models": ":material/model_training:",
         "history": ":material/history:"}


def login() -> None:
    """The login page: one password, checked by fitintel.auth (scrypt, constant-time compare)."""
    st.title("fitintel")
    if auth.configured_hash() is None:
        st.error(auth.SETUP_HINT)      # every password is refused until a hash is configured
    with st.form("login", clear_on_submit=True):
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        # failed attempts are limited per session and per process (fitintel.auth.Throttle)
        session = st.session_state.setdefault("login_session", secrets.token_hex(16))
        result = auth.login(password, session=session)
        if result.ok:
            st.session_state[common.AUTH_KEY] = True
            st.rerun()
        st.error(result.message)


def logout() -> None:
    """The logout page: forget the login of this session and go back to the login page."""
    st.session_state[common.AUTH_KEY] = False
    st.rerun()


path = common.db_path()
if path is None:
    st.error(f"Set {common.DB_ENV} to the store to show: "
             f"`{common.DB_ENV}=~/fitintel.db streamlit run examples/streamlit/app.py`.")
    st.stop()
if not Path(path).expanduser().is_file():
    # fitintel.open would create an empty store: say what is wrong instead.
    st.error(f"There is no store at {common.DB_ENV}={path!r}; create one with "
             f"`fitintel --db {path} ingest export.csv`.")
    st.stop()

if auth.dev_mode():
    st.session_state[common.AUTH_KEY] = True
    st.sidebar.warning(f"Development mode ({auth.DEV_ENV}=true): no login.")

if not st.session_state.get(common.AUTH_KEY):
    page = st.navigation([st.Page(login, title="Log in", icon=":material/login:",
                                  url_path="login")])
else:
    views = [st.Page(f"pages/{key}.py", title=title, icon=ICONS.get(key), url_path=key,
                     default=(key == "hub")) for key, title, _ in VIEWS]
    account = [] if auth.dev_mode() else [
        st.Page(logout, title="Log out", icon=":material/logout:", url_path="logout")]
    page = st.navigation({"Views": views, "Account": account} if account else views)
page.run()
