"""Benchmarks run by `make bench` (`python -m bench`); each prints one row of a table. Not tests."""
