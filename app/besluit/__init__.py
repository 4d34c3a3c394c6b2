"""The examencommissie's decision on a diploma, its revocation and the public verification."""
