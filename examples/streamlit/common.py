"""What the app's pages share: the store of $FITINTEL_DB and the login state of the session."""
from __future__ import annotations

import os
from typing import Optional

import streamlit as st

import fitintel
from fitintel import views

DB_ENV = "FITINTEL_DB"
#: session_state key that says this browser session passed the login.
AUTH_KEY = "fitintel_authenticated"


def db_path() -> Optional[str]:
    """The store to show ($FITINTEL_DB), or None when it is not set."""
    return os.environ.get(DB_ENV) or None


@st.cache_resource(show_spinner=False)
def _open(path: str) -> fitintel.Store:
    # One Store per path for the whole server: its calls are serialised by the Store's own lock.
    return fitintel.open(path)


def store() -> fitintel.Store:
    """The open store; stops the page when the session has not logged in (pages are only
    offered after login, this is the second lock on the door)."""
    if not st.session_state.get(AUTH_KEY):
        st.error("Log in first.")
        st.stop()
    return _open(db_path())


class _Frozen(tuple):
    """A dict option (models' hypothetical workout) as a hashable tuple of its items; the cache
    hashes it as a tuple, _view hands the view a dict again."""


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(path: str, version: int, name: str, options: tuple):
    # A view is read-only once built, so one object serves every session. @version is only part
    # of the key: a new data version makes a new entry, and old ones age out of the 64.
    kwargs = {k: dict(v) if isinstance(v, _Frozen) else v for k, v in options}
    return getattr(views, name)(_open(path), **kwargs)


def view(name: str, **options):
    """``fitintel.views.<name>(store, **options)``, computed once per data version of the store
    (Store.data_version): switching pages, or coming back to one, computes nothing again until
    the data changes — a commit of this server or of any other program to the file. @options must be
    hashable (dates, strings, numbers) or dicts of such."""
    s = store()
    key = tuple(sorted((k, _Frozen(sorted(v.items())) if isinstance(v, dict) else v)
                       for k, v in options.items()))
    return _view(db_path(), s.data_version, name, key)


def choice(value: str) -> Optional[str]:
    """A selectbox's "All" as None (no filter), anything else as itself."""
    return None if value == ALL else value


ALL = "All"


@st.cache_resource(show_spinner=False, max_entries=8)
def _activity_types(path: str, version: int) -> list:
    df = _open(path).sql("SELECT DISTINCT activity_type FROM workouts WHERE activity_type IS NOT "
                         "NULL ORDER BY 1", history=False)
    return [str(t) for t in df["activity_type"]]


def activity_types(store: fitintel.Store) -> list:
    """The raw Activity Types in the store, for a filter's options (not kept in the history;
    read once per data version, like the views)."""
    return _activity_types(db_path(), store.data_version)


@st.cache_resource(show_spinner=False, max_entries=8)
def _months(path: str, version: int) -> list:
    s = _open(path).summary(by="month", metrics=[])
    return [k.strftime("%Y-%m") for k in reversed(list(s.loc[s["workouts"] > 0, "key"]))]


def months(store: fitintel.Store) -> list:
    """The months that have workouts, newest first, as "YYYY-MM" (from Store.summary, once per
    data version)."""
    return _months(db_path(), store.data_version)
