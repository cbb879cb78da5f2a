# A patch release, so a rebuild gets the Python the image was tested with; bump it on purpose.
FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 ISVIMED_VAR_DIR=/srv/isvimed/var
# Pango and HarfBuzz's subsetter for WeasyPrint's PDFs (loaded at run time, so pip cannot bring
# them), a font for them; curl for the health check.
# Not version-pinned (DL3008): bookworm's security updates replace these packages and drop the
# old versions, so an exact pin would break the next build instead of patching it.
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/isvimed
COPY . .
# A numeric user, so the orchestrator can tell it is not root without reading /etc/passwd.
RUN pip install --no-cache-dir . && \
    DEBUG=1 python manage.py collectstatic --noinput && \
    useradd --system --uid 10001 --user-group --home-dir /srv/isvimed --no-create-home isvimed && \
    mkdir -p var/media && chown -R 10001 var
USER 10001
EXPOSE 8000
# No gunicorn access log: it would name the proxy; the application logs each request with the
# client's address (REQUEST_LOG, isvimed_planning/client_ip.py). --timeout 120, as nginx's
# proxy_read_timeout: the institute's figures computed cold take ~40 s at a whole administration's
# size (20,000 projects), and gunicorn's default of 30 s would kill the worker computing them.
CMD ["gunicorn", "isvimed_planning.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
