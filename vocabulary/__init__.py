"""Closed vocabularies as data: the interface languages, texts in several languages, the organisation types.

Nothing here reads the database or the request beyond the current language; every other layer may import it.
"""
