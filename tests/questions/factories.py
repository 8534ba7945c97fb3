import factory

from questions.models import Question, text_fingerprint


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    """Call ``QuestionFactory.create(...)`` (typed as returning a Question), not the class itself."""

    class Meta:
        model = Question

    slug = factory.Sequence(lambda n: f"question-{n}")
    type = Question.Type.TECHNICAL
    level = "middle"
    difficulty = 3
    text = factory.Sequence(lambda n: f"Question {n}: how would you explain topic number {n}?")
    text_key = factory.LazyAttribute(lambda question: text_fingerprint(question.text))
    tags = factory.LazyFunction(lambda: ["python"])
    key_points = factory.LazyFunction(lambda: ["names the trade-off"])
    sample_answer = "A strong answer names the trade-off."
