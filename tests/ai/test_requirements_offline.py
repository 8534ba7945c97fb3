"""Reading a job without a model: vocabulary skills, seniority words, the closest known role."""

from ai.providers.offline import OfflineProvider
from ai.types import JobRequirementsInput
from coaching.catalog import roles, vocabulary


def _read(**fields):
    return OfflineProvider().extract_requirements(
        JobRequirementsInput(vocabulary=vocabulary(), roles=roles(), **fields)
    )


def test_skills_come_from_the_listed_skills_first_then_the_text_in_canonical_spelling():
    job = _read(job_title="Backend Developer", job_description="We use golang, k8s and PostgreSQL.", skills=("py",))

    assert job.skills[0] == "Python"
    assert {"Go", "Kubernetes", "PostgreSQL"} <= set(job.skills)
    assert job.domain == "backend developer"
    assert job.provider == "offline"


def test_seniority_is_read_from_the_title_before_the_description():
    assert _read(job_title="Senior Data Engineer", job_description="Mentor junior engineers.").seniority == "senior"
    assert _read(job_title="Стажёр-разработчик", job_description="").seniority == "intern"
    assert _read(job_title="Developer", job_description="Entry-level role.").seniority == "junior"
    assert _read(job_title="Developer", job_description="").seniority == ""


def test_a_job_without_a_known_role_in_its_title_gets_the_role_its_skills_fit():
    job = _read(job_title="Engineer", job_description="Terraform, Kubernetes, Docker, CI/CD pipelines and AWS.")

    assert job.domain in {"devops engineer", "site reliability engineer"}
