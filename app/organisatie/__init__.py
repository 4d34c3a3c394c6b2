"""Organisation of students: cohorts, inschrijvingen, begeleidingen and the CSV import."""
