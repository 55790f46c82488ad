"""asv benchmarks for imbfast (run from ``benchmarks/``: ``asv run --python=same --quick``)."""
