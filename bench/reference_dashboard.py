"""The reference the HTML-dashboard stage is compared against: a dashboard of the same views made
the usual Python way — pandas aggregations and Plotly figures written with `to_html` into one
file with plotly.js inlined (pandas and plotly from the project's .venv).

It reads a store that reference_ingest.py and reference_analysis.py (train, classify) filled and
draws: the pace × distance scatter by cluster (every workout, as a plain notebook would), monthly
counts and mean pace, the cluster pie, the year heatmap of daily workouts, weekly distance totals,
the weekday distribution, the pace trend line, and the latest 500 workouts as a table.

usage: reference_dashboard.py STORE.db OUT.html
"""
import sqlite3
import sys

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go


def main(db, out):
    con = sqlite3.connect(db)
    df = pd.read_sql("SELECT w.*, c.cluster FROM workouts w LEFT JOIN classifications c"
                     " ON c.workout_id = w.id", con)
    df["workout_date"] = pd.to_datetime(df["workout_date"])
    df = df.sort_values(["workout_date", "id"]).reset_index(drop=True)
    df["cluster"] = df["cluster"].fillna(-1).astype(int).astype(str)
    sane = df[(df.avg_pace > 0) & (df.avg_pace <= 30) & (df.distance_mi > 0) & (df.distance_mi < 50)]
    month = df.set_index("workout_date").resample("MS")
    last_year = df[df.workout_date > df.workout_date.max() - pd.Timedelta(days=365)]
    daily = last_year.groupby(last_year.workout_date.dt.normalize()).size()
    days = pd.date_range(daily.index.min(), daily.index.max())
    daily = daily.reindex(days, fill_value=0)
    heat = pd.DataFrame({"week": (days - days[0]).days // 7, "weekday": days.weekday, "n": daily.values})
    x = (sane.workout_date - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    slope, intercept = np.polyfit(x, sane.avg_pace.to_numpy(), 1)
    figures = [
        px.scatter(sane, x="distance_mi", y="avg_pace", color="cluster", title="Workouts"),
        go.Figure(go.Bar(x=month.size().index, y=month.size().values), layout_title_text="Per month"),
        go.Figure(go.Scatter(x=month.avg_pace.mean().index, y=month.avg_pace.mean().values),
                  layout_title_text="Monthly pace"),
        px.pie(df, names="cluster", title="Clusters"),
        go.Figure(go.Heatmap(x=heat.week, y=heat.weekday, z=heat.n), layout_title_text="Year"),
        go.Figure(go.Bar(x=df.set_index("workout_date").resample("W-SUN").distance_mi.sum().index,
                         y=df.set_index("workout_date").resample("W-SUN").distance_mi.sum().values),
                  layout_title_text="Weekly distance"),
        go.Figure(go.Bar(x=list(range(7)), y=df.groupby(df.workout_date.dt.weekday).size().values),
                  layout_title_text="Weekdays"),
        go.Figure([go.Scatter(x=sane.workout_date, y=sane.avg_pace, mode="markers"),
                   go.Scatter(x=sane.workout_date, y=slope * x + intercept)],
                  layout_title_text="Pace trend"),
    ]
    parts = ["<html><head><meta charset='utf-8'></head><body>"]
    for i, fig in enumerate(figures):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
    parts.append(df.tail(500).to_html())
    parts.append("</body></html>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
