"""Django REST framework, OpenAPI schema and CORS."""

from .environment import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "kernel.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kernel.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "kernel.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["kernel.api.throttling.SafetyNetThrottle"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "InterviewPrep API",
    "DESCRIPTION": (
        "AI mock interviews: accounts, question bank, interviews with rubric feedback, coaching, billing and support."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # PATCH bodies are validated as declared (a required field stays required), so say so.
    "COMPONENT_SPLIT_PATCH": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Levels are shared by users, questions and interviews: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ExperienceLevelEnum": "accounts.models.ExperienceLevel",
        "QuestionTypeEnum": "questions.models.Question.Type",
        "CodeLanguageEnum": "sandbox.LANGUAGES",
        "LanguageEnum": "questions.models.Question.Language",
        "TicketStatusEnum": "support.models.Ticket.Status",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
}

API_PAGE_SIZE_MAX = env.int("API_PAGE_SIZE_MAX", default=100)
# Upper bound on how long cached read responses (question bank, plans, finished results)
# live; the writes that change them invalidate them sooner.
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60 * 60)
