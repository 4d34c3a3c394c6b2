"""Kwalificaties as CASE 1.1 frameworks: the public export under /ims/case/v1p1 and the import of a CFPackage."""
