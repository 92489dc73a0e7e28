"""Scoring and figures: plain functions on pandas DataFrames, no Flask."""
