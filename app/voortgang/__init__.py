"""The read side: leeruitkomst statuses, progress and diplomabaarheid, from the tables the domains write.

Pure rules (status.py, geldigheid.py, rules.py) over facts that repository.py loads for 1 or 2,000
students in a fixed number of queries; service.py joins the two.
"""

# The stored progress follows every change from the moment anything of voortgang is imported.
from app.voortgang import bijhouden  # noqa: E402, F401
