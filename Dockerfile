# Production image: the same code as `make run`, configured entirely by URLs (README "Production").
# Only requirements.txt is installed: tests, tooling and the embedded servers stay out.

# --- build: the runtime packages in a virtualenv, copied whole into the final stage -------------
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt

# --- runtime ------------------------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=interviewprep.settings.production \
    PORT=8000 \
    VAR_DIR=/app/var \
    PROMETHEUS_MULTIPROC_DIR=/app/var/metrics

# The coding round's sandbox (see README "Coding round"): bubblewrap for namespaces, ldd to find what the
# interpreters need, Node.js for JavaScript answers; Python answers run on this image's python3.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap nodejs libc-bin \
    && rm -rf /var/lib/apt/lists/*
ENV SANDBOX_PYTHON=/usr/local/bin/python3
RUN useradd --create-home --uid 10001 app
WORKDIR /app
COPY --from=build /venv /venv
COPY . .
# Hashed, compressed static files for WhiteNoise (admin, dashboard, Swagger UI), built once here.
# collectstatic needs settings but no database; production settings refuse to import without
# their required variables, so it gets throwaway values.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    MONGODB_URI=mongodb://build REDIS_URL=redis://build BILLING_DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && chown -R app "$VAR_DIR"
USER app
EXPOSE 8000
# Ready means MongoDB, the billing database, the cache and the broker answer (worker and beat
# containers, which serve no HTTP, override it in docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "-m", "operations.healthcheck"]
# Workers, threads, bind (PORT) and timeouts: operations/gunicorn_conf.py (see README "Performance").
CMD ["gunicorn", "interviewprep.wsgi", "-c", "operations/gunicorn_conf.py"]
