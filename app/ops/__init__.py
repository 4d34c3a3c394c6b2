"""Operations: health, readiness, request logging, migrations at start."""
