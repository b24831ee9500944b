"""The analysis: aggregates, standards, the report of every enterprise-year, the comparison."""
