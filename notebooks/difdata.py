"""Reads DIF's data for the notebooks through DIF's own commands and files, so no Parquet or
DuckDB library is needed: `dif sql --format csv` for the warehouse, `dif status --json` for
document states, and the quality reports (JSON) under the curated zone.

Settings come from the environment, with defaults for a checkout that ran the demo:
  DIF_DATA_DIR  the data folder (default: <checkout>/data)
  DIF_CLIENT    the client (default: demo)
  DIF           the dif command (default: <checkout>/dif)
  DIF_CONF_DIR  the client config folder (default: <checkout>/conf/clients)
"""
import io
import json
import os
import subprocess
from pathlib import Path

import pandas as pd

CHECKOUT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DIF_DATA_DIR", CHECKOUT / "data")).resolve()
CLIENT = os.environ.get("DIF_CLIENT", "demo")
DIF = os.environ.get("DIF", str(CHECKOUT / "dif"))
CONF_DIR = Path(os.environ.get("DIF_CONF_DIR", CHECKOUT / "conf" / "clients")).resolve()


def _dif(*args):
    """Runs a dif command from the checkout (it finds conf/clients there) and returns stdout."""
    result = subprocess.run([DIF, *args], cwd=CHECKOUT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("dif %s failed (exit %d): %s" % (args[0], result.returncode,
                                                            result.stderr.strip()[-2000:]))
    return result.stdout


def sql(query):
    """The rows of a read-only query on the local warehouse, as a DataFrame."""
    text = _dif("sql", "--data-dir", str(DATA_DIR), "--format", "csv", query)
    if not text.strip():
        return pd.DataFrame()
    return pd.read_csv(io.StringIO(text))


def status(client=CLIENT):
    """`dif status --client CLIENT --json` as a dict of sections (lists of records)."""
    return json.loads(_dif("status", "--client", client, "--data-dir", str(DATA_DIR),
                           "--conf-dir", str(CONF_DIR), "--json"))


def warehouse_tables(client=CLIENT):
    """The client's warehouse tables (schema = client id) with their row counts."""
    tables = sql("SELECT table_schema, table_name FROM information_schema.tables"
                 " WHERE table_schema = '%s' ORDER BY table_name" % client.replace("'", "''"))
    if tables.empty:
        return pd.DataFrame(columns=["table", "rows"])
    names = [f'{row.table_schema}.{row.table_name}' for row in tables.itertuples()]
    counts = sql(" UNION ALL ".join(
        f"SELECT '{name}' AS \"table\", count(*) AS \"rows\" FROM {name}" for name in names))
    return counts


def rows_per_day(tables):
    """Rows per table and data date (the warehouse's dt column), one query for all tables."""
    if not tables:
        return pd.DataFrame(columns=["table", "dt", "rows"])
    frame = sql(" UNION ALL ".join(
        f"SELECT '{name}' AS \"table\", CAST(dt AS DATE) AS dt, count(*) AS \"rows\""
        f" FROM {name} GROUP BY dt" for name in tables))
    if not frame.empty:
        frame["dt"] = pd.to_datetime(frame["dt"])
    return frame


def quality_reports(client=CLIENT):
    """Every quality report of the client's datasets, oldest run first, one row a report."""
    rows = []
    for file in sorted((DATA_DIR / "curated" / client).glob("**/_quality/*.json")):
        report = json.loads(file.read_text())
        report["run"] = file.stem.replace("run=", "")
        report["file"] = str(file.relative_to(DATA_DIR))
        rows.append(report)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values(["run", "dataset"]).reset_index(drop=True)
    return frame
