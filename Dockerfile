# syntax=docker/dockerfile:1
# Production image for the leeruitkomstportfolio.
# `portfolio serve` applies the Alembic migrations and loads the bundled
# kwalificaties before it starts listening, so no separate migrate step is needed.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTFOLIO_STORAGE_DIR=/data/bestanden

# The app finds templates/, static/, alembic.ini and migrations/ relative to the
# source tree (app/templating.py: ROOT = Path(__file__).parent.parent), so the
# package is installed editable from this directory rather than into site-packages.
WORKDIR /srv/portfolio

COPY pyproject.toml README.md alembic.ini ./
COPY app/ app/
COPY migrations/ migrations/
COPY templates/ templates/
COPY static/ static/

# WeasyPrint (diploma, dossier samenvatting) renders text with the system's Pango; DejaVu is the font its
# templates name, so a PDF looks the same in the image as on a developer's machine.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir -e . \
    && groupadd --system --gid 10001 portfolio \
    && useradd --system --uid 10001 --gid portfolio --home-dir /srv/portfolio --no-create-home \
        --shell /usr/sbin/nologin portfolio \
    && mkdir -p /data/bestanden /data/audit \
    && chown -R portfolio:portfolio /data

USER 10001:10001

VOLUME ["/data/bestanden", "/data/audit"]
EXPOSE 8000

# /healthz only says the process is alive; readiness (/readyz) is checked by compose.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["portfolio", "serve", "--host", "0.0.0.0", "--port", "8000"]
