"""The project's URLs plus the reference views under /bench/ref/ (benchmarks.settings only)."""

from django.urls import path

from benchmarks.reference import views
from interviewprep.urls import *  # noqa: F403  (handlers too)
from interviewprep.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/ref/questions/", views.question_list),
    path("bench/ref/interviews/", views.interview_list),
    path("bench/ref/interviews/<str:interview_id>/result/", views.interview_result),
    path("bench/ref/plans/", views.plan_list),
    path("bench/ref/interviews/<str:interview_id>/answers/", views.answer_submit),
    *project_urlpatterns,
]
