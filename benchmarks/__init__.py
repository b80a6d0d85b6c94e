"""The performance benchmark: ``python benchmarks/run.py [--quick] [--json PATH]``.

Every measurement runs against the simulator's counted ``burst`` in a separate process;
Qt measurements run in their own subprocess so each starts from a clean Qt state. See
docs/benchmarks.md.
"""
