# Production image: the same code as `make run`, configured entirely by URLs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=interviewprep.settings.production \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 10001 app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no database; production settings refuse to
# import without their required variables, so give it throwaway values.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    MONGODB_URI=mongodb://build REDIS_URL=redis://build BILLING_DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && chown -R app /app
USER app
EXPOSE 8000
# Two cores: 2 x cores + 1 workers (see README "Performance").
CMD ["sh", "-c", "gunicorn interviewprep.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-5} --access-logfile - --timeout 30"]
