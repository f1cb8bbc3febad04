"""Measuring understanding (`make evaluate`, `make cross-validate`); the
evaluation sets are in evaluation/sets/."""
