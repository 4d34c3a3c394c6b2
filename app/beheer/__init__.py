"""The beheer landing page that links to every administrative task."""
