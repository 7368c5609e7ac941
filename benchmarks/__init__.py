"""Benchmarks of commonize against the YAML parse floor, a peer engine and plain Python.

Run ``uv run python -m benchmarks.run`` (see docs/performance.md). Not part of the wheel.
"""
