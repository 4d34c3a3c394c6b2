"""Kwalificaties: the published requirements students are assessed against."""
