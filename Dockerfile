FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ISVIMED_VAR_DIR=/srv/isvimed/var
# Pango for WeasyPrint's PDFs; curl for the health checks.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/isvimed
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . && \
    DEBUG=1 python manage.py collectstatic --noinput && \
    useradd --system --home /srv/isvimed isvimed && mkdir -p var/media && chown -R isvimed var
USER isvimed
EXPOSE 8000
CMD ["gunicorn", "isvimed_planning.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
