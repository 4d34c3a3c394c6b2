"""Beroepsvereisten results per student: recorded by the beheerder, read by whoever may see the student."""
