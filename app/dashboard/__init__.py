"""The student's start page: where they stand, what to do next, and their diploma."""
