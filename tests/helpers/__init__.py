"""Builders, reference models and data the tests share; imported as `tests.helpers.<module>`.

Fixtures live in the `conftest.py` files; no test module imports another test module.
"""
