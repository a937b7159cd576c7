"""EPR access monitoring: explain ordinary accesses to patient records, flag and rank the rest.

A standalone engine with no Django import. The pipeline is written once as Ibis expressions and runs
on DuckDB (the embedded default) or Apache Spark.
"""

RULE_CODES: tuple[str, ...] = (
    "SELF",
    "FAMILY",
    "NEIGHBOUR",
    "COWORKER",
    "VIP",
    "VULNERABLE",
    "OUT_OF_HOURS",
    "BULK",
    "POST_DISCHARGE",
    "DECEASED",
    "PILE_ON",
    "CREDENTIAL",
)

__all__ = ["RULE_CODES"]
