"""Connections to the two engines. Everything else sees only an Ibis backend."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from typing import Any

import ibis

from .errors import InputError

ENGINES = ("duckdb", "spark")


def _spark_memory(limit: str) -> str:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", limit, re.IGNORECASE)
    if not match:
        raise InputError("--memory-limit", f"cannot read {limit!r} (try 4GB or 512MB)")
    number, unit = float(match.group(1)), (match.group(2) or "M").lower()
    if unit == "k":
        return f"{max(1, int(number / 1024))}m"
    return f"{int(number * 1024)}m" if unit != "m" and number != int(number) else f"{int(number)}{unit}"


def connect_duckdb(threads: int | None, memory_limit: str | None, temp_dir: str) -> Any:
    config: dict[str, Any] = {"temp_directory": temp_dir, "preserve_insertion_order": False}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        return ibis.duckdb.connect(**config)
    except Exception as exc:  # duckdb rejects a bad memory limit with its own error type
        raise InputError("--memory-limit", str(exc)) from exc


def spark_session(threads: int | None, memory_limit: str | None) -> Any:
    """A local Spark session, or the cluster named in the SPARK_MASTER environment variable."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    master = os.environ.get("SPARK_MASTER") or f"local[{threads or 2}]"
    builder = (
        SparkSession.builder.master(master)
        .appName("access-audit")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(max(2, 2 * (threads or 2))))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
        # Keep Spark's (empty) warehouse directory out of the working directory.
        .config("spark.sql.warehouse.dir", os.path.join(tempfile.gettempdir(), "access-audit-spark"))
    )
    if memory_limit:
        builder = builder.config("spark.driver.memory", _spark_memory(memory_limit))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect(
    engine: str,
    *,
    threads: int | None = None,
    memory_limit: str | None = None,
    temp_dir: str,
    session: Any = None,
) -> Any:
    """An Ibis backend for `engine`; `session` reuses an existing SparkSession (tests)."""
    if engine == "duckdb":
        return connect_duckdb(threads, memory_limit, temp_dir)
    if engine == "spark":
        return ibis.pyspark.connect(session or spark_session(threads, memory_limit))
    raise InputError("--engine", f"unknown engine {engine!r} (expected duckdb or spark)")
