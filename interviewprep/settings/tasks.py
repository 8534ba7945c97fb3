"""Celery on Redis. Tasks are acknowledged late so a killed worker's task is redelivered."""

from celery.schedules import crontab

from .environment import REDIS_TIMEOUT_SECONDS, REDIS_URL, env

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
# Every outcome is written to the databases by the task itself; nobody waits on Celery's result.
# Storing results would also make each web process subscribe to every queued task's result channel.
CELERY_TASK_IGNORE_RESULT = True
# max_retries=0: a web process publishing to a Redis that refuses connections learns so at once (instead
# of kombu's ~6 s of reconnect sleeps) and keeps the task in the outbox; workers reconnect on their own terms.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis hands an unacknowledged task (its worker was killed) to another worker after this many seconds.
    # It must exceed the longest task run plus the longest retry countdown (AI_TASK's 300 s): a task held
    # longer is delivered twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
    "max_retries": 0,
    # A Redis that hangs must not hold a request publishing to it: the message goes to the outbox instead.
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "close-stale-interviews": {"task": "interviews.tasks.close_stale_interviews_task", "schedule": 60 * 60},
    # Nothing queued is lost while Redis is down: see README "Failure behaviour".
    "flush-task-outbox": {"task": "kernel.tasks.outbox_flush_task", "schedule": 60},
    "requeue-idle-evaluations": {"task": "interviews.tasks.requeue_idle_evaluations_task", "schedule": 5 * 60},
    # Answers the offline grader scored while the language model was down: see README "Failure behaviour".
    "regrade-fallback-evaluations": {
        "task": "interviews.tasks.regrade_fallback_evaluations_task",
        "schedule": 5 * 60,
    },
    # Hourly, so every time zone's Monday 9:00 is met (see interviews.services.notifications).
    "send-weekly-digests": {"task": "interviews.tasks.send_weekly_digests_task", "schedule": crontab(minute=5)},
}

# Coding round: code runs only in workers consuming the "sandbox" queue (questions.tasks); the web process
# waits this long for a free sandbox on top of a run's own wall limit, then answers 503.
SANDBOX_QUEUE_WAIT_SECONDS = env.int("SANDBOX_QUEUE_WAIT_SECONDS", default=20)
CELERY_TASK_ROUTES = {"questions.tasks.sandbox_run_task": {"queue": "sandbox"}}
