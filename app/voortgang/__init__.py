"""Progress towards startbekwaamheid and diplomabaarheid: pure rules (rules.py) and their loading (service.py)."""
