"""The dossier export: everything of one student in one ZIP (the student's right of access, the archive)."""
