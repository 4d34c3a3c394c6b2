"""The evidence portfolio: bewijsstukken per leeruitkomst, versions, submission and progress."""
