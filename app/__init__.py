"""Leeruitkomstportfolio: evidence portfolio and assessment tracker for police education."""
