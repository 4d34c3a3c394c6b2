"""The diploma as an Open Badges 3.0 credential: issuer, keys, the signed credential, revocation list."""
