"""A recorder of the Streamlit API, to run the Streamlit app where Streamlit is not installed.

:class:`Recorder` builds a fake ``streamlit`` module that accepts only the functions and keyword
arguments of Streamlit 1.40's documented API (:data:`API`, each with the page it comes from), binds
every call against that signature (so an unknown function, an unknown keyword, a keyword-only
argument passed by position or a value outside a documented choice fails), records it with the
container it was drawn in, and returns what the widget would: the configured value, else the
documented default. It also enforces the run-time rules Streamlit itself enforces and that a typo
would otherwise hide: unique widget keys and ids, ``set_page_config`` first and once, one
``st.navigation`` per run from the entry script, buttons not inside forms, a submit button in each
form, at most one level of nested columns, no nested expanders, no writing a widget's key in
``session_state`` after the widget was drawn. ``st.rerun`` and ``st.stop`` behave as in Streamlit
(rerun the script / end the run); session state persists between runs of one recorder.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import inspect
import os
import runpy
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

DOCS = "https://docs.streamlit.io/1.40.0/develop/api-reference/"
TARGET_VERSION = "1.40.0"

# name -> (documentation page under DOCS, documented signature, kind). Kinds: "element" (drawn in the
# current container, also callable on containers), "widget" (an element with a value and an id),
# "container" (returns containers), "app" (only on the module: configuration, navigation, flow).
# Only the parameters documented for 1.40 are listed; where a later version added one (border on
# st.metric/st.columns, width on buttons and charts, on_click="ignore"), it is absent on purpose.
# st.plotly_chart documents **kwargs as "any argument accepted by Plotly's plot()"; the app passes
# none, so the recorder accepts none (stricter, never looser, than the documentation).
API: Dict[str, Tuple[str, str, str]] = {
    # configuration
    "set_page_config": ("configuration/st.set_page_config",
                        "page_title=None, page_icon=None, layout='centered', "
                        "initial_sidebar_state='auto', menu_items=None", "app"),
    # navigation
    "navigation": ("navigation/st.navigation", "pages, *, position='sidebar', expanded=False", "app"),
    "Page": ("navigation/st.page",
             "page, *, title=None, icon=None, url_path=None, default=False", "app"),
    # execution flow
    "rerun": ("execution-flow/st.rerun", "*, scope='app'", "app"),
    "stop": ("execution-flow/st.stop", "", "app"),
    "form": ("execution-flow/st.form", "key, clear_on_submit=False, *, border=True", "container"),
    "form_submit_button": ("execution-flow/st.form_submit_button",
                           "label='Submit', help=None, on_click=None, args=None, kwargs=None, *, "
                           "type='secondary', icon=None, disabled=False, use_container_width=False",
                           "widget"),
    # caching and state
    "cache_resource": ("caching-and-state/st.cache_resource",
                       "func=None, *, ttl=None, max_entries=None, show_spinner=True, "
                       "validate=None, hash_funcs=None", "app"),
    # text
    "title": ("text/st.title", "body, anchor=None, *, help=None", "element"),
    "header": ("text/st.header", "body, anchor=None, *, help=None, divider=False", "element"),
    "subheader": ("text/st.subheader", "body, anchor=None, *, help=None, divider=False", "element"),
    "markdown": ("text/st.markdown", "body, unsafe_allow_html=False, *, help=None", "element"),
    "caption": ("text/st.caption", "body, unsafe_allow_html=False, *, help=None", "element"),
    "code": ("text/st.code", "body, language='python', *, line_numbers=False, wrap_lines=False",
             "element"),
    "text": ("text/st.text", "body, *, help=None", "element"),
    "divider": ("text/st.divider", "", "element"),
    # data
    "dataframe": ("data/st.dataframe",
                  "data=None, width=None, height=None, *, use_container_width=False, "
                  "hide_index=None, column_order=None, column_config=None, key=None, "
                  "on_select='ignore', selection_mode='multi-row'", "element"),
    "metric": ("data/st.metric",
               "label, value, delta=None, delta_color='normal', help=None, "
               "label_visibility='visible'", "element"),
    "json": ("data/st.json", "body, *, expanded=True", "element"),
    # charts
    "plotly_chart": ("charts/st.plotly_chart",
                     "figure_or_data, use_container_width=False, *, theme='streamlit', key=None, "
                     "on_select='ignore', selection_mode=('points', 'box', 'lasso')", "element"),
    # widgets
    "button": ("widgets/st.button",
               "label, key=None, help=None, on_click=None, args=None, kwargs=None, *, "
               "type='secondary', icon=None, disabled=False, use_container_width=False", "widget"),
    "download_button": ("widgets/st.download_button",
                        "label, data, file_name=None, mime=None, key=None, help=None, "
                        "on_click=None, args=None, kwargs=None, *, type='secondary', icon=None, "
                        "disabled=False, use_container_width=False", "widget"),
    "checkbox": ("widgets/st.checkbox",
                 "label, value=False, key=None, help=None, on_change=None, args=None, "
                 "kwargs=None, *, disabled=False, label_visibility='visible'", "widget"),
    "selectbox": ("widgets/st.selectbox",
                  "label, options, index=0, format_func=str, key=None, help=None, "
                  "on_change=None, args=None, kwargs=None, *, placeholder='Choose an option', "
                  "disabled=False, label_visibility='visible'", "widget"),
    "radio": ("widgets/st.radio",
              "label, options, index=0, format_func=str, key=None, help=None, on_change=None, "
              "args=None, kwargs=None, *, disabled=False, horizontal=False, captions=None, "
              "label_visibility='visible'", "widget"),
    "multiselect": ("widgets/st.multiselect",
                    "label, options, default=None, format_func=str, key=None, help=None, "
                    "on_change=None, args=None, kwargs=None, *, max_selections=None, "
                    "placeholder='Choose an option', disabled=False, label_visibility='visible'",
                    "widget"),
    "slider": ("widgets/st.slider",
               "label, min_value=None, max_value=None, value=None, step=None, format=None, "
               "key=None, help=None, on_change=None, args=None, kwargs=None, *, disabled=False, "
               "label_visibility='visible'", "widget"),
    "number_input": ("widgets/st.number_input",
                     "label, min_value=None, max_value=None, value='min', step=None, format=None, "
                     "key=None, help=None, on_change=None, args=None, kwargs=None, *, "
                     "placeholder=None, disabled=False, label_visibility='visible'", "widget"),
    "text_input": ("widgets/st.text_input",
                   "label, value='', max_chars=None, key=None, type='default', help=None, "
                   "autocomplete=None, on_change=None, args=None, kwargs=None, *, "
                   "placeholder=None, disabled=False, label_visibility='visible'", "widget"),
    "text_area": ("widgets/st.text_area",
                  "label, value='', height=None, max_chars=None, key=None, help=None, "
                  "on_change=None, args=None, kwargs=None, *, placeholder=None, disabled=False, "
                  "label_visibility='visible'", "widget"),
    "date_input": ("widgets/st.date_input",
                   "label, value='today', min_value=None, max_value=None, key=None, help=None, "
                   "on_change=None, args=None, kwargs=None, *, format='YYYY/MM/DD', "
                   "disabled=False, label_visibility='visible'", "widget"),
    # layout
    "columns": ("layout/st.columns", "spec, *, gap='small', vertical_alignment='top'", "container"),
    "container": ("layout/st.container", "*, height=None, border=None", "container"),
    "expander": ("layout/st.expander", "label, expanded=False, *, icon=None", "container"),
    "tabs": ("layout/st.tabs", "tabs", "container"),
    "empty": ("layout/st.empty", "", "container"),
    # status
    "error": ("status/st.error", "body, *, icon=None", "element"),
    "warning": ("status/st.warning", "body, *, icon=None", "element"),
    "info": ("status/st.info", "body, *, icon=None", "element"),
    "success": ("status/st.success", "body, *, icon=None", "element"),
    "toast": ("status/st.toast", "body, *, icon=None", "element"),
    "spinner": ("status/st.spinner", "text='In progress...'", "container"),
}
# Attributes that are not calls: st.sidebar (layout/st.sidebar), st.session_state
# (caching-and-state/st.session_state).
ATTRIBUTES = {"sidebar": "layout/st.sidebar", "session_state": "caching-and-state/st.session_state"}

# Documented choices of some arguments (a value outside them is an error in Streamlit too).
CHOICES = {
    ("set_page_config", "layout"): ("centered", "wide"),
    ("set_page_config", "initial_sidebar_state"): ("auto", "expanded", "collapsed"),
    ("navigation", "position"): ("sidebar", "hidden"),
    ("columns", "gap"): ("small", "medium", "large"),
    ("columns", "vertical_alignment"): ("top", "center", "bottom"),
    ("metric", "delta_color"): ("normal", "inverse", "off"),
    ("text_input", "type"): ("default", "password"),
    ("plotly_chart", "theme"): ("streamlit", None),
    ("rerun", "scope"): ("app", "fragment"),
}
for _name, (_, _sig, _kind) in API.items():
    if "label_visibility" in _sig:
        CHOICES[(_name, "label_visibility")] = ("visible", "hidden", "collapsed")
    if "type='secondary'" in _sig:
        CHOICES[(_name, "type")] = ("primary", "secondary")


class APIError(AssertionError):
    """A call Streamlit 1.40 would not accept (or that breaks one of its run-time rules)."""


class _Rerun(Exception):
    pass


class _Stop(Exception):
    pass


def _signature(text: str) -> inspect.Signature:
    ns: Dict[str, Any] = {}
    exec(f"def f({text}): pass", ns)
    return inspect.signature(ns["f"])


SIGNATURES = {name: _signature(sig) for name, (_, sig, _) in API.items()}


def doc_url(name: str) -> str:
    """Where the documentation of st.@name (1.40) is."""
    page = API[name][0] if name in API else ATTRIBUTES[name]
    return DOCS + page


@dataclass
class Call:
    """One recorded call: the function, its bound arguments (defaults filled in), where it was drawn
    (container path, e.g. ``main/columns[1]``), the page that drew it and what it returned."""
    name: str
    args: Dict[str, Any]
    where: str
    page: Optional[str]
    value: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


class SessionState(dict):
    """st.session_state: a dict with attribute access, as Streamlit's."""

    def __init__(self, recorder: "Recorder") -> None:
        super().__init__()
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"st.session_state has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setitem__(self, key: str, value: Any) -> None:
        rec = object.__getattribute__(self, "_recorder")
        if rec._running and key in rec._widget_keys:
            raise APIError(f"st.session_state.{key} cannot be modified after the widget with "
                           f"key {key!r} is instantiated")
        super().__setitem__(key, value)

    def _set_widget(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)


class Container:
    """A DeltaGenerator: the sidebar, a column, a form, an expander, a tab, a container."""

    def __init__(self, recorder: "Recorder", path: str, kind: str, form: Optional[str] = None,
                 depth: Dict[str, int] = None) -> None:
        self._rec = recorder
        self._path = path
        self._kind = kind
        self._form = form
        self._depth = dict(depth or {})

    def __enter__(self) -> "Container":
        self._rec._stack.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        popped = self._rec._stack.pop()
        assert popped is self, "containers left out of order"

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in API or API[name][2] == "app":
            raise APIError(f"st.{name} is not a documented Streamlit {TARGET_VERSION} command "
                           f"that can be called on a container")
        return lambda *a, **kw: self._rec._call(name, a, kw, self)

    def __repr__(self) -> str:
        return f"<Container {self._path}>"


class Page:
    """What st.Page returns (a StreamlitPage): title, icon, url_path, default, run()."""

    def __init__(self, recorder: "Recorder", source: Any, title: Optional[str], icon: Optional[str],
                 url_path: Optional[str], default: bool) -> None:
        self._rec = recorder
        self._source = source
        if callable(source):
            if inspect.signature(source).parameters:
                raise APIError("st.Page: a page function must take no arguments")
            stem = source.__name__
            self._path = None
        else:
            p = Path(source)
            if not p.is_absolute():
                p = recorder.script_dir / p    # relative to the entry script, as Streamlit does
            if not p.is_file():
                raise APIError(f"st.Page: no page file {source!r} (looked at {p})")
            self._path = p
            stem = p.stem
        self.title = title or stem.replace("_", " ").strip().capitalize()
        self.icon = icon
        self.url_path = (url_path if url_path is not None else stem).strip("/")
        self.default = bool(default)
        self._ran = False

    def run(self) -> None:
        rec = self._rec
        if rec._selected is not self:
            raise APIError("only the page st.navigation returned may be run")
        if self._ran:
            raise APIError("a page may run only once per app run")
        self._ran = True
        previous, rec._current_page = rec._current_page, self.url_path
        try:
            if self._path is None:
                self._source()
            else:
                runpy.run_path(str(self._path), run_name="__page__")
        finally:
            rec._current_page = previous

    def __repr__(self) -> str:
        return f"<Page {self.url_path!r} {self.title!r}>"


@dataclass
class Run:
    """What one run of the app drew (after any st.rerun): the calls, the pages offered by
    st.navigation, the page that ran, and whether st.stop ended it."""
    calls: List[Call]
    pages: List[Page]
    page: Optional[Page]
    stopped: bool
    reruns: int

    def find(self, name: str, where: Optional[str] = None, **match: Any) -> List[Call]:
        """Calls of st.@name (in containers whose path contains @where) whose arguments equal
        @match."""
        out = []
        for c in self.calls:
            if c.name != name or (where is not None and where not in c.where):
                continue
            if all(c.args.get(k) == v for k, v in match.items()):
                out.append(c)
        return out

    def one(self, name: str, **match: Any) -> Call:
        found = self.find(name, **match)
        assert len(found) == 1, f"expected one st.{name} with {match}, got {len(found)}: " \
                                f"{[c.args.get('label', c.args.get('body')) for c in found]}"
        return found[0]

    def texts(self, name: str) -> List[str]:
        return [c.args["body"] for c in self.find(name)]

    def metrics(self) -> Dict[str, Any]:
        """{label: value} of every st.metric (labels must be unique to be looked up here)."""
        return {c["label"]: c["value"] for c in self.find("metric")}

    def dataframes(self) -> List[Any]:
        return [c["data"] for c in self.find("dataframe")]

    def downloads(self) -> Dict[str, Any]:
        """{file_name: data} of every st.download_button."""
        return {c["file_name"]: c["data"] for c in self.find("download_button")}

    def figures(self) -> List[Any]:
        return [c["figure_or_data"] for c in self.find("plotly_chart")]

    @property
    def page_titles(self) -> List[str]:
        return [p.title for p in self.pages]


class Recorder:
    """A fake ``streamlit`` for one browser session: install it, then :meth:`run` the app.

    :meth:`run` is one interaction of the user followed by the script run it causes, as in the
    browser: ``widgets`` maps a widget's key or label to the value the user enters (a keyed widget
    keeps it in session_state, an unkeyed one by label, for later runs too); ``clicks`` names the
    buttons (key or label) pressed, which must have been on the page of the previous run — their
    ``on_click`` callbacks run first, before the script, and they read True in this run only;
    ``page`` is the url_path or title picked in the navigation (default: the page shown last). A name in ``widgets`` or
    ``clicks`` that no widget of the run answers to is an error (the test and the app drifted)."""

    MAX_RERUNS = 5

    def __init__(self, script: os.PathLike, *, widgets: Optional[Dict[str, Any]] = None) -> None:
        self.script = Path(script).resolve()
        self.script_dir = self.script.parent
        self.widgets: Dict[str, Any] = dict(widgets or {})   # unkeyed widgets, by label
        self.session_state = SessionState(self)
        self._last_buttons: Dict[str, Dict[str, Any]] = {}   # key and label -> arguments
        self._last_keys: set = set()
        self._options_shown: Dict[str, List[Any]] = {}   # key -> a choice widget's last options
        self._page: Optional[str] = None
        self.module = self._module()
        self._cache: Dict[Any, Any] = {}
        self._running = False
        self._reset_run(set(), None)

    # ---- the module ----

    def _module(self) -> types.ModuleType:
        mod = types.ModuleType("streamlit")
        mod.__version__ = TARGET_VERSION
        mod.__file__ = "<streamlit recorder>"
        rec = self

        def getattr_(name: str) -> Any:
            if name == "sidebar":
                return rec._sidebar
            if name == "session_state":
                return rec.session_state
            if name in API:
                return rec._bound(name)
            raise APIError(f"st.{name} is not in the documented Streamlit {TARGET_VERSION} API "
                           f"this app may use (see {DOCS})")
        mod.__getattr__ = getattr_          # PEP 562: every attribute goes through the list
        return mod

    def _bound(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._call(name, args, kwargs, None)
        call.__name__ = name
        if name == "cache_resource":
            call.clear = self._cache.clear     # st.cache_resource.clear()
        return call

    # ---- running ----

    def _reset_run(self, clicks: Iterable[str], page: Optional[str]) -> None:
        self.calls: List[Call] = []
        self._clicks = set(clicks)
        self._unmatched = getattr(self, "_unmatched", set())
        self._wanted_page = page
        self._stack: List[Container] = [Container(self, "main", "main")]
        self._sidebar = Container(self, "sidebar", "sidebar")
        self._widget_ids: set = set()
        self._widget_keys: set = set()
        self._buttons: Dict[str, Dict[str, Any]] = {}
        self._forms: Dict[str, bool] = {}
        self._form_keys: Dict[str, List[Tuple[str, Any]]] = {}
        self._clearing_forms: set = set()
        self._cleared_forms: set = set()
        self._page_config_seen = False
        self._navigation: Optional[List[Page]] = None
        self._selected: Optional[Page] = None
        self._current_page: Optional[str] = None
        self._counter = 0

    def run(self, *, clicks: Iterable[str] = (), widgets: Optional[Dict[str, Any]] = None,
            page: Optional[str] = None) -> Run:
        """Run the app script once (and again after each st.rerun) with this module as
        ``streamlit``; exceptions of the app propagate (Streamlit would show them on the page)."""
        wanted = dict(widgets or {})
        clicks = list(clicks)
        self._unmatched = set(wanted) | set(clicks)
        for name, value in wanted.items():
            if name in self._last_keys:
                self.session_state._set_widget(name, value)   # the browser sends the new value
                self._unmatched.discard(name)
            else:
                self.widgets[name] = value
        saved_mod = sys.modules.get("streamlit")
        saved_path = list(sys.path)
        sys.modules["streamlit"] = self.module
        sys.path.insert(0, str(self.script_dir))   # streamlit run puts the script's folder first
        reruns = 0
        try:
            self._running = True
            try:
                self._callbacks(clicks)
            finally:
                self._running = False
            while True:
                self._purge_app_modules()
                self._reset_run(clicks if reruns == 0 else (), page or self._page)
                self._running = True
                try:
                    runpy.run_path(str(self.script), run_name="__main__")
                    stopped = False
                except _Rerun:
                    self._running = False
                    self._apply_clears()
                    reruns += 1
                    if reruns > self.MAX_RERUNS:
                        raise APIError("st.rerun loops")
                    continue
                except _Stop:
                    stopped = True
                finally:
                    self._running = False
                self._check_end_of_run()
                # the browser's address now names the page shown: later runs stay on it
                self._page = self._selected.url_path if self._selected else None
                if self._unmatched:
                    raise APIError(f"no widget of this run answers to {sorted(self._unmatched)}")
                return Run(self.calls, list(self._navigation or []), self._selected, stopped,
                           reruns)
        finally:
            sys.path[:] = saved_path
            if saved_mod is None:
                sys.modules.pop("streamlit", None)
            else:
                sys.modules["streamlit"] = saved_mod
            self._purge_app_modules()

    def _apply_clears(self) -> None:
        """A submitted form with clear_on_submit sets its widgets back to their defaults."""
        for form in self._cleared_forms:
            for key, default in self._form_keys.get(form, ()):
                self.session_state._set_widget(key, default)
        self._cleared_forms = set()

    def _callbacks(self, clicks: List[str]) -> None:
        """Run the on_click callbacks of the pressed buttons, before the script (as Streamlit)."""
        self._reset_run((), None)
        for name in clicks:
            a = self._last_buttons.get(name)
            if a is None:
                raise APIError(f"the test pressed {name!r}, which the previous run did not show")
            if a["disabled"]:
                raise APIError(f"the test pressed the disabled button {name!r}")
            self._unmatched.discard(name)      # pressed: it need not be drawn again
            if a.get("on_click"):
                a["on_click"](*(a["args"] or ()), **(a["kwargs"] or {}))

    def _purge_app_modules(self) -> None:
        """Forget the app's own modules (and any module of the same name from elsewhere, which
        ``import`` would otherwise return) so they import this recorder's module afresh."""
        root = str(self.script_dir)
        names = {p.stem for p in self.script_dir.glob("*.py")}
        for name, mod in list(sys.modules.items()):
            f = getattr(mod, "__file__", None) or ""
            if f.startswith(root) or name in names:
                del sys.modules[name]

    def _check_end_of_run(self) -> None:
        missing = [k for k, has_submit in self._forms.items() if not has_submit]
        if missing:
            raise APIError(f"st.form {missing[0]!r} has no st.form_submit_button")
        self._apply_clears()
        self._last_buttons = self._buttons
        self._last_keys = set(self._widget_keys)

    # ---- calls ----

    def _where(self, target: Optional[Container]) -> Container:
        return target if target is not None else self._stack[-1]

    def _call(self, name: str, args: Tuple, kwargs: Dict[str, Any],
              target: Optional[Container]) -> Any:
        if not self._running:
            raise APIError(f"st.{name} called outside a run")
        try:
            bound = SIGNATURES[name].bind(*args, **kwargs)
        except TypeError as e:
            raise APIError(f"st.{name}{SIGNATURES[name]}: {e} (documented at {doc_url(name)})") \
                from None
        bound.apply_defaults()
        a = dict(bound.arguments)
        for (fn, arg), allowed in CHOICES.items():
            if fn == name and a.get(arg) not in allowed:
                raise APIError(f"st.{name}: {arg}={a.get(arg)!r} is not one of {allowed}")
        for arg in ("on_click", "on_change"):
            if a.get(arg) is not None and not callable(a[arg]):
                raise APIError(f"st.{name}: {arg} must be a callable in {TARGET_VERSION} "
                               f"(not {a[arg]!r})")
        handler = getattr(self, "_do_" + name, None)
        if name not in ("set_page_config", "Page", "rerun", "stop", "cache_resource"):
            self._page_config_seen = True     # anything drawn before it makes it illegal
        where = self._where(target)
        call = Call(name, a, where._path, self._current_page)
        if name not in ("cache_resource",):
            self.calls.append(call)
        if handler is not None:
            call.value = handler(a, where)
        elif API[name][2] == "widget":
            call.value = self._widget(name, a, where)
        return call.value

    # app-level commands

    def _do_set_page_config(self, a: Dict[str, Any], where: Container) -> None:
        if self._page_config_seen:
            raise APIError("st.set_page_config must be the first Streamlit command, called once")
        self._page_config_seen = True

    def _do_navigation(self, a: Dict[str, Any], where: Container) -> Page:
        if self._current_page is not None:
            raise APIError("st.navigation must be called from the entry script, not a page")
        if self._navigation is not None:
            raise APIError("st.navigation may be called once per run")
        pages = a["pages"]
        flat = ([p for group in pages.values() for p in group] if isinstance(pages, dict)
                else list(pages))
        if not flat or not all(isinstance(p, Page) for p in flat):
            raise APIError("st.navigation needs a non-empty list (or dict of lists) of st.Page")
        paths = [p.url_path for p in flat]
        if len(set(paths)) != len(paths):
            raise APIError(f"st.navigation: duplicate url paths {paths}")
        if sum(p.default for p in flat) > 1:
            raise APIError("st.navigation: more than one default page")
        self._navigation = flat
        default = next((p for p in flat if p.default), flat[0])
        wanted = self._wanted_page
        chosen = next((p for p in flat if wanted in (p.url_path, p.title)), default)
        self._selected = chosen
        return chosen

    def _do_Page(self, a: Dict[str, Any], where: Container) -> Page:
        return Page(self, a["page"], a["title"], a["icon"], a["url_path"], a["default"])

    def _do_rerun(self, a: Dict[str, Any], where: Container) -> None:
        raise _Rerun()

    def _do_stop(self, a: Dict[str, Any], where: Container) -> None:
        raise _Stop()

    def _do_cache_resource(self, a: Dict[str, Any], where: Container) -> Any:
        cache = self._cache

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            params = list(inspect.signature(fn).parameters)

            def wrapper(*args: Any, **kwargs: Any) -> Any:
                hashed = tuple(v for p, v in zip(params, args) if not p.startswith("_"))
                key = (fn.__module__, fn.__qualname__, hashed,
                       tuple(sorted((k, v) for k, v in kwargs.items() if not k.startswith("_"))))
                if key not in cache:
                    cache[key] = fn(*args, **kwargs)
                return cache[key]
            wrapper.clear = cache.clear
            wrapper.__wrapped__ = fn
            return wrapper
        return decorate(a["func"]) if a["func"] is not None else decorate

    # containers

    def _child(self, parent: Container, label: str, kind: str, **extra: Any) -> Container:
        self._counter += 1
        depth = dict(parent._depth)
        depth[kind] = depth.get(kind, 0) + 1
        return Container(self, f"{parent._path}/{label}", kind,
                         form=extra.get("form", parent._form), depth=depth)

    def _do_columns(self, a: Dict[str, Any], where: Container) -> List[Container]:
        spec = a["spec"]
        n = spec if isinstance(spec, int) else len(list(spec))
        if n < 1:
            raise APIError("st.columns needs at least one column")
        if where._depth.get("columns", 0) >= 2:
            raise APIError("columns may be nested only one level")
        if where._path.startswith("sidebar") and where._depth.get("columns", 0) >= 1:
            raise APIError("columns cannot be placed inside other columns in the sidebar")
        return [self._child(where, f"columns[{i}]", "columns") for i in range(n)]

    def _do_container(self, a: Dict[str, Any], where: Container) -> Container:
        return self._child(where, f"container{self._counter}", "container")

    def _do_empty(self, a: Dict[str, Any], where: Container) -> Container:
        return self._child(where, f"empty{self._counter}", "empty")

    def _do_expander(self, a: Dict[str, Any], where: Container) -> Container:
        if where._depth.get("expander", 0):
            raise APIError("expanders may not be nested inside other expanders")
        return self._child(where, f"expander({a['label']})", "expander")

    def _do_tabs(self, a: Dict[str, Any], where: Container) -> List[Container]:
        tabs = list(a["tabs"])
        if not tabs or not all(isinstance(t, str) for t in tabs):
            raise APIError("st.tabs needs a non-empty list of strings")
        return [self._child(where, f"tab({t})", "tab") for t in tabs]

    def _do_form(self, a: Dict[str, Any], where: Container) -> Container:
        key = a["key"]
        if where._form is not None:
            raise APIError("forms cannot be nested in other forms")
        if key in self._forms:
            raise APIError(f"there are multiple forms with key {key!r}")
        self._forms[key] = False
        self._form_keys[key] = []
        if a["clear_on_submit"]:
            self._clearing_forms.add(key)
        return self._child(where, f"form({key})", "form", form=key)

    def _do_spinner(self, a: Dict[str, Any], where: Container) -> Container:
        return self._child(where, "spinner", "spinner")

    # elements with checks

    def _do_metric(self, a: Dict[str, Any], where: Container) -> None:
        for arg in ("value", "delta"):
            v = a[arg]
            if v is not None and not isinstance(v, (int, float, str)):
                raise APIError(f"st.metric: {arg} must be int, float, str or None, not "
                               f"{type(v).__name__}")

    def _do_plotly_chart(self, a: Dict[str, Any], where: Container) -> None:
        import plotly.graph_objects as go
        fig = a["figure_or_data"]
        if not isinstance(fig, go.Figure):
            raise APIError("st.plotly_chart: the app passes Plotly figures")
        spec = fig.to_json()
        self._element_id("plotly_chart", a, hashlib.sha1(spec.encode()).hexdigest())

    def _do_dataframe(self, a: Dict[str, Any], where: Container) -> None:
        if a["key"] is not None:
            self._element_id("dataframe", a, None)

    def _element_id(self, name: str, a: Dict[str, Any], content: Optional[str]) -> None:
        """Elements with an id (charts since 1.35; keyed elements) must be unique per run."""
        key = a.get("key")
        ident = ("key", key) if key is not None else (name, content)
        if ident in self._widget_ids:
            raise APIError(f"st.{name}: there are multiple identical elements with the same "
                           f"generated id {ident}; give each a unique key")
        self._widget_ids.add(ident)
        if key is not None:
            self._widget_keys.add(key)

    # widgets

    def _widget(self, name: str, a: Dict[str, Any], where: Container) -> Any:
        key = a.get("key")
        label = a.get("label")
        if name == "form_submit_button":
            if where._form is None:
                raise APIError("st.form_submit_button must be used inside an st.form")
            self._forms[where._form] = True
        elif name in ("button", "download_button") and where._form is not None:
            raise APIError(f"st.{name}() can't be used in an st.form()")
        if not isinstance(label, str) or (not label and a.get("label_visibility") == "visible"):
            raise APIError(f"st.{name}: a widget needs a label (str)")
        if key is not None:
            ident = ("key", key)
        else:
            def plain(v: Any) -> Any:
                if callable(v) or hasattr(v, "to_csv"):
                    return type(v).__name__
                return repr(v)
            ident = (name, tuple((k, plain(v)) for k, v in sorted(a.items())
                                 if k not in ("data", "on_click", "on_change", "args", "kwargs",
                                              "format_func")))
            if name == "form_submit_button":
                ident += (where._form,)
        if ident in self._widget_ids:
            raise APIError(f"st.{name}({label!r}): DuplicateWidgetID — multiple widgets with the "
                           f"same {'key' if key is not None else 'generated id'}; give each a "
                           f"unique key")
        self._widget_ids.add(ident)
        if key is not None:
            self._widget_keys.add(key)

        if name in ("button", "form_submit_button", "download_button"):
            if name == "download_button" and not isinstance(a["data"], (str, bytes)):
                raise APIError("st.download_button: data must be str or bytes here")
            for n in (key, label):
                if n is not None:
                    self._buttons[n] = a
            pressed = [n for n in (key, label) if n is not None and n in self._clicks]
            self._unmatched.difference_update(pressed)
            if pressed and name == "form_submit_button":
                if where._form in self._clearing_forms:
                    self._cleared_forms.add(where._form)
            return bool(pressed)

        self._numeric_types(name, a)
        default = self._default(name, a)
        if key is not None and key in self.widgets:        # set before the key was known
            self.session_state._set_widget(key, self.widgets.pop(key))
            self._unmatched.discard(key)
        if key is not None and key in self.session_state:
            value = self.session_state[key]
        elif key is None and label in self.widgets:
            value = self.widgets[label]
            self._unmatched.discard(label)
        else:
            value = default
        if (name in ("selectbox", "radio") and key is not None and value not in list(a["options"])
                and value in self._options_shown.get(key, ())):
            value = default   # a choice the new options no longer hold: Streamlit starts over
        self._validate(name, a, value)
        if name in ("selectbox", "radio") and key is not None:
            self._options_shown[key] = list(a["options"])
        if key is not None:
            self.session_state._set_widget(key, value)
            if where._form is not None:
                self._form_keys[where._form].append((key, default))
        return value

    @staticmethod
    def _numeric_types(name: str, a: Dict[str, Any]) -> None:
        """Streamlit refuses a slider/number_input whose numbers mix int and float."""
        if name not in ("slider", "number_input"):
            return
        vals = [a[k] for k in ("min_value", "max_value", "value", "step")
                if isinstance(a[k], (int, float)) and not isinstance(a[k], bool)]
        if len({isinstance(v, int) for v in vals}) > 1:
            raise APIError(f"st.{name}({a['label']!r}): int and float arguments mixed "
                           f"(StreamlitMixedNumericTypesError)")

    @staticmethod
    def _default(name: str, a: Dict[str, Any]) -> Any:
        if name in ("selectbox", "radio"):
            opts = list(a["options"])
            idx = a["index"]
            if idx is not None and not (0 <= idx < max(len(opts), 1)):
                raise APIError(f"st.{name}: index {idx} out of range for {len(opts)} options")
            return None if idx is None or not opts else opts[idx]
        if name == "multiselect":
            return list(a["default"] or [])
        if name == "slider":
            if a["value"] is not None:
                return a["value"]
            return a["min_value"] if a["min_value"] is not None else 0
        if name == "number_input":
            v = a["value"]
            if v == "min":
                return a["min_value"] if a["min_value"] is not None else 0.0
            return v
        if name == "date_input":
            v = a["value"]
            return _dt.date.today() if v == "today" else v
        if name == "checkbox":
            return bool(a["value"])
        return a.get("value", "")

    @staticmethod
    def _validate(name: str, a: Dict[str, Any], value: Any) -> None:
        if name in ("selectbox", "radio"):
            opts = list(a["options"])
            if value is not None and value not in opts:
                raise APIError(f"st.{name}({a['label']!r}): {value!r} is not one of the options")
        if name == "multiselect":
            opts = list(a["options"])
            if any(v not in opts for v in value):
                raise APIError(f"st.multiselect({a['label']!r}): {value!r} not in the options")
        if name in ("slider", "number_input") and value is not None:
            lo, hi = a["min_value"], a["max_value"]
            vals = value if isinstance(value, (tuple, list)) else (value,)
            for v in vals:
                if (lo is not None and v < lo) or (hi is not None and v > hi):
                    raise APIError(f"st.{name}({a['label']!r}): {v!r} outside [{lo}, {hi}]")
        if name in ("text_input", "text_area") and value is not None:
            if not isinstance(value, str):
                raise APIError(f"st.{name}: the value must be text")
            if a["max_chars"] is not None and len(value) > a["max_chars"]:
                raise APIError(f"st.{name}: longer than max_chars")


def api_table() -> str:
    """The accepted API as text (one line per function with its source), for failure messages."""
    return "\n".join(f"st.{n}({sig})  # {DOCS + page}" for n, (page, sig, _) in sorted(API.items()))
