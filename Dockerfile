# Production image: the same code as `make run`, configured entirely by URLs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=interviewprep.settings.production \
    PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/app/var/metrics

WORKDIR /app
# The coding round's sandbox (see README "Coding round"): bubblewrap for namespaces, ldd to find what the
# interpreters need, Node.js for JavaScript answers; Python answers run on this image's python3.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap nodejs libc-bin \
    && rm -rf /var/lib/apt/lists/*
ENV SANDBOX_PYTHON=/usr/local/bin/python3
RUN useradd --create-home --uid 10001 app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no database; production settings refuse to
# import without their required variables, so give it throwaway values.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    MONGODB_URI=mongodb://build REDIS_URL=redis://build BILLING_DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && chown -R app /app
USER app
EXPOSE 8000
# Workers, threads, bind (PORT) and timeouts: interviewprep/gunicorn.conf.py (see README "Performance").
CMD ["gunicorn", "interviewprep.wsgi", "-c", "interviewprep/gunicorn.conf.py"]
