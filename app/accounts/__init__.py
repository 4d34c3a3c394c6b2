"""Accounts: people, passwords, sessions, one-time links and API tokens."""
