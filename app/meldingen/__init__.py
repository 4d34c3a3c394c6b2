"""Notifications: in the app, and by e-mail when SMTP is configured."""
