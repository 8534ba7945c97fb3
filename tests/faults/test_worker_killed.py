"""A worker killed in the middle of an evaluation: the task comes back and is applied exactly once."""

import os
import time
import uuid

import pytest
import redis

from ai.providers.offline import OfflineProvider
from analytics.models import Event
from interviews.models import Answer
from interviews.services import answer_evaluate
from questions.models import Question
from tests.interviews.conftest import answer_one
from tests.workers import kill_worker, wait_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Seconds before the broker hands out again a task whose worker died; production keeps the default hour.
VISIBILITY_TIMEOUT = 2


def _evaluations_recorded(answer):
    """What one evaluation changes besides the answer: the analytics event and the question's score count."""
    events = Event.objects.filter(name=Event.Name.ANSWER_EVALUATED, properties__answer_id=str(answer.pk)).count()
    return events, Question.objects.get(pk=answer.question_id).score_count


def test_a_worker_killed_inside_the_provider_has_its_task_redelivered_and_applied_once(auth_client, bank, start_worker):
    started = f"stuck:{uuid.uuid4().hex}"
    timeout = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    stuck = start_worker(AI_PROVIDER="tests.faults.stuck_provider.StuckProvider", STUCK_STARTED_KEY=started, **timeout)
    answer = answer_one(auth_client)
    entered = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert wait_for(lambda: entered.get(started))

    kill_worker(stuck)
    assert Answer.objects.get(pk=answer.pk).evaluation_status == "running"  # the claim the dead worker left
    time.sleep(VISIBILITY_TIMEOUT)  # a starting worker hands out the unacknowledged task once this has passed
    start_worker(**timeout)

    assert wait_for(lambda: Answer.objects.get(pk=answer.pk).evaluation_status == "done")
    [item] = auth_client.get(f"/api/v1/interviews/{answer.interview_id}/answers/").json()
    assert item["evaluation_status"] == "done"
    answer.refresh_from_db()
    assert answer.evaluation["model"] == "offline-rubric-v1"
    assert answer.attempts == 2  # the killed worker's claim, then the redelivered task's
    assert int(entered.get(started) or 0) == 1
    # The worker records them just after storing "done"; once there, nothing may add a second.
    assert wait_for(lambda: _evaluations_recorded(answer) == (1, 1))


class OvertakenProvider(OfflineProvider):
    """While the first delivery of an evaluation task is inside the provider, the broker delivers the
    task again and that delivery finishes first, as when a worker outlives the visibility timeout."""

    def evaluate_answer(self, data):
        answer = Answer.objects.get()
        if answer.attempts == 1:
            answer_evaluate(answer_id=answer.pk, redelivered=True)
        return super().evaluate_answer(data)


def test_an_evaluation_overtaken_by_its_redelivered_task_is_applied_once(auth_client, bank, settings):
    settings.AI_PROVIDER = "tests.faults.test_worker_killed.OvertakenProvider"

    answer = answer_one(auth_client)

    assert (answer.evaluation_status, answer.attempts) == ("done", 2)
    assert _evaluations_recorded(answer) == (1, 1)
