import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from conftest import PASSWORD
from interviews.models import Answer, Interview
from questions.models import Question
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"
IMPORT = "/admin/questions/question/import/"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(User.objects.create_superuser("boss@example.com", PASSWORD, name="Boss"))
    return client


@pytest.fixture
def bank():
    return {
        "python": QuestionFactory.create(
            type="technical", level="junior", difficulty=2, tags=["python"], text="Explain generators."
        ),
        "sql": QuestionFactory.create(
            type="coding", level="senior", difficulty=5, tags=["sql"], text="Write a window query."
        ),
        "hidden": QuestionFactory.create(is_active=False, tags=["hr"], text="A retired question?"),
        "generated": QuestionFactory.create(
            is_ai_generated=True, language="ru", tags=["sql"], text="Вопрос от модели?"
        ),
    }


def _upload(name, content):
    return SimpleUploadedFile(name, content.encode(), content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        ("", "Explain generators.", None),
        ("type__exact=coding", "Write a window query.", "Explain generators."),
        ("level__exact=junior", "Explain generators.", "Write a window query."),
        ("difficulty=5", "Write a window query.", "Explain generators."),
        ("language__exact=ru", "Вопрос от модели?", "Explain generators."),
        ("is_active__exact=0", "A retired question?", "Explain generators."),
        ("is_ai_generated__exact=1", "Вопрос от модели?", "Explain generators."),
        ("is_follow_up__exact=0", "Explain generators.", None),
        ("tag=sql", "Write a window query.", "Explain generators."),
        ("q=generators", "Explain generators.", "Write a window query."),
        ("o=-8", "Explain generators.", None),
        ("o=7", "Explain generators.", None),
    ],
)
def test_changelist_loads_with_each_filter(admin_client, bank, query, shown, not_shown):
    response = admin_client.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 200
    content = response.content.decode()
    assert shown in content
    assert not_shown is None or not_shown not in content


def test_tag_filter_lists_the_most_common_tags_with_counts(admin_client, bank):
    content = admin_client.get(CHANGELIST).content.decode()

    assert "sql (2)" in content
    assert "python (1)" in content


def test_changelist_links_to_the_import_page(admin_client):
    assert IMPORT in admin_client.get(CHANGELIST).content.decode()
    assert admin_client.get(IMPORT).status_code == 200


def test_add_and_change_pages_load(admin_client, bank):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 200
    change = admin_client.get(f"{CHANGELIST}{bank['python'].pk}/change/")
    assert change.status_code == 200
    assert "names the trade-off" in change.content.decode()


def test_change_form_saves_key_points_one_per_line(admin_client, bank):
    question = bank["python"]
    data = {
        "text": "Explain Python generators, with an example.",
        "slug": question.slug,
        "type": "technical",
        "level": "junior",
        "difficulty": "2",
        "language": "en",
        "tags": "Python, Iterators",
        "is_active": "on",
        "key_points": "uses yield, lazily\r\n\r\nsaves memory\r\n",
        "sample_answer": "",
        "expected_duration_seconds": "120",
    }

    response = admin_client.post(f"{CHANGELIST}{question.pk}/change/", data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.key_points == ["uses yield, lazily", "saves memory"]
    assert question.tags == ["python", "iterators"]


def test_bulk_deactivate_hides_the_selected_questions(admin_client, bank):
    selected = [bank["python"].pk, bank["sql"].pk]

    response = admin_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [str(pk) for pk in selected]})

    assert response.status_code == 302
    assert not Question.objects.filter(pk__in=selected, is_active=True).exists()
    assert Question.objects.get(pk=bank["generated"].pk).is_active


def test_bulk_activate_shows_the_selected_questions(admin_client, bank):
    admin_client.post(CHANGELIST, {"action": "activate", "_selected_action": [str(bank["hidden"].pk)]})

    assert Question.objects.get(pk=bank["hidden"].pk).is_active


def test_export_selected_as_csv_downloads_a_file(admin_client, bank):
    selected = [str(bank["python"].pk), str(bank["sql"].pk)]

    response = admin_client.post(CHANGELIST, {"action": "export_csv", "_selected_action": selected})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["id"] for row in rows} == set(selected)
    assert {row["tags"] for row in rows} == {"python", "sql"}


def test_export_selected_as_json_downloads_a_file(admin_client, bank):
    response = admin_client.post(CHANGELIST, {"action": "export_json", "_selected_action": [str(bank["sql"].pk)]})

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    (row,) = json.loads(response.content)
    assert (row["slug"], row["text"], row["tags"]) == (bank["sql"].slug, "Write a window query.", ["sql"])


def test_csv_import_creates_questions_and_reports_the_bad_row(admin_client):
    content = (
        "slug,type,level,difficulty,text,tags,key_points\n"
        "imported-one,technical,junior,2,What is a closure?,python|functions,captures variables|late binding\n"
        ",behavioral,middle,3,Tell me about a deadline you missed.,,\n"
        "imported-bad,technical,junior,9,Too hard?,,\n"
    )

    response = admin_client.post(IMPORT, {"file": _upload("questions.csv", content)}, follow=True)

    texts = [str(message) for message in response.context["messages"]]
    assert any("2 created" in text and "1 with errors" in text for text in texts)
    assert any(text.startswith("Row 3: difficulty") for text in texts)
    imported = Question.objects.get(slug="imported-one")
    assert (imported.tags, imported.key_points) == (["python", "functions"], ["captures variables", "late binding"])
    assert Question.objects.filter(text="Tell me about a deadline you missed.").exists()
    assert not Question.objects.filter(slug="imported-bad").exists()


def test_importing_the_same_file_again_creates_nothing(admin_client):
    content = "type,level,text\nhr,junior,Why do you want to work here?\n"

    admin_client.post(IMPORT, {"file": _upload("questions.csv", content)})
    response = admin_client.post(IMPORT, {"file": _upload("questions.csv", content)}, follow=True)

    assert Question.objects.count() == 1
    assert any("0 created, 0 updated, 1 unchanged" in str(message) for message in response.context["messages"])


def test_json_export_imports_back_as_updates(admin_client, bank):
    exported = admin_client.post(CHANGELIST, {"action": "export_json", "_selected_action": [str(bank["sql"].pk)]})
    rows = json.loads(exported.content)
    rows[0]["difficulty"] = 4

    response = admin_client.post(IMPORT, {"file": _upload("edited.json", json.dumps(rows))}, follow=True)

    assert Question.objects.get(pk=bank["sql"].pk).difficulty == 4
    assert Question.objects.count() == len(bank)
    assert any("1 updated" in str(message) for message in response.context["messages"])


def test_json_import_reports_rows_with_wrongly_shaped_values(admin_client):
    rows = [
        {"slug": "fine", "type": "hr", "level": "senior", "text": "Why are you leaving?", "tags": ["career"]},
        {"slug": "flat-tags", "type": "hr", "level": "senior", "text": "What motivates you?", "tags": "motivation"},
        {"slug": "no-text", "type": "hr", "level": "senior"},
    ]

    response = admin_client.post(IMPORT, {"file": _upload("rows.json", json.dumps(rows))}, follow=True)

    texts = [str(message) for message in response.context["messages"]]
    assert any(text.startswith("Row 2: tags") for text in texts)
    assert any(text.startswith("Row 3: text") for text in texts)
    assert list(Question.objects.values_list("slug", flat=True)) == ["fine"]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [("questions.txt", "hello", "Upload a .csv or .json file."), ("questions.json", "{oops", "not valid JSON")],
)
def test_unreadable_import_file_is_reported_on_the_form(admin_client, name, content, error):
    response = admin_client.post(IMPORT, {"file": _upload(name, content)})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Question.objects.exists()


def test_question_change_page_lists_recent_answers(client, staff_user, user):
    question = QuestionFactory.create()
    interview = Interview.objects.create(user=user, type=question.type, level=question.level)
    answer = Answer.objects.create(interview=interview, user=user, question=question, text="An answer")
    Answer.objects.filter(pk=answer.pk).update(score=72)
    client.force_login(staff_user)

    page = client.get(f"/admin/questions/question/{question.pk}/change/").content.decode()

    assert user.email in page
    assert ">72<" in page
