"""Benchmarks at club scale: ``python -m bench [--scale small|full] [--json PATH]``.

A synthetic store is generated once per scale (and cached under ``bench/``),
then every benchmark runs against a working copy of it, each figure beside a
baseline measured in the same run on the same file.
"""

GENERATOR_VERSION = 1
