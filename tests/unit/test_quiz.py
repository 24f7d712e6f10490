"""The question bank and the quiz: validation of the bank, marking, scoring, shuffling, CSV."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.content import content
from widgets.paths import CONTENT_DIR
from widgets.quiz import VERDICT, Quiz, QuizError, check, load_questions, parse_number, questions, without_verdict
from widgets.ui.quiz import feedback_html
from widgets.schema import ContentError

QS = questions()


def test_the_bank_covers_every_lesson_with_enough_questions_of_each_kind():
    assert len(QS) >= 15
    lessons = {lesson.id for lesson in content().lessons if lesson.id != "check-yourself"}
    assert lessons <= {q.lesson for q in QS}
    kinds = {q.kind for q in QS}
    assert kinds == {"single", "multiple", "numeric"}


def test_every_option_teaches():
    for q in QS:
        for option in q.options:
            assert len(option.feedback.split()) >= 5, (q.id, option.text)
        if q.kind == "numeric":
            assert q.feedback_right and q.feedback_wrong


def test_numeric_answers_match_the_content():
    c = content()
    long_cramp = next(f for f in c.safety.red_flags if f.id == "long-cramp")
    figures = {c.stretching.hold_seconds, c.safety.cold.max_minutes, c.back.exercise("arms-overhead").reps.low,
               c.back.exercise("knee-to-chest").hold_seconds.low, c.safety.heat.max_celsius_reduced_feeling,
               long_cramp.minutes}
    numeric = [q for q in QS if q.kind == "numeric"]
    assert numeric
    for q in numeric:
        assert q.answer in figures, f"{q.id}: {q.answer} is not a figure in the content"
    hold = [q for q in numeric if q.unit == "seconds" and q.answer == 30]
    assert hold, "the stretch hold time is asked"


def first(kind):
    return next(q for q in QS if q.kind == kind)


def test_marking_single_multiple_numeric():
    single = first("single")
    right = next(iter(single.correct_indices))
    assert check(single, right).correct
    wrong = next(i for i in range(len(single.options)) if i != right)
    result = check(single, wrong)
    assert not result.correct and result.feedback[0][2] == single.options[wrong].feedback

    multiple = first("multiple")
    assert check(multiple, set(multiple.correct_indices)).correct
    partial = {min(multiple.correct_indices)}
    if partial != set(multiple.correct_indices):
        result = check(multiple, partial)
        assert not result.correct and any(what.startswith("Not ticked:") for what, _, _ in result.feedback)

    numeric = first("numeric")
    assert check(numeric, str(numeric.answer + numeric.tolerance)).correct
    assert not check(numeric, str(numeric.answer + numeric.tolerance + 1)).correct
    assert check(numeric, f"{numeric.answer:g}".replace(".", ",")).correct


@pytest.mark.parametrize("bad", ["", "thirty", "1e999", "nan"])
def test_a_numeric_answer_that_is_not_a_number_gets_a_message(bad):
    with pytest.raises(QuizError, match="number"):
        check(first("numeric"), bad)


def test_other_bad_answers_get_a_message():
    with pytest.raises(QuizError, match="choose one"):
        check(first("single"), None)
    with pytest.raises(QuizError, match="choose one"):
        check(first("single"), 99)
    with pytest.raises(QuizError, match="at least one"):
        check(first("multiple"), set())
    with pytest.raises(QuizError, match="not in this quiz"):
        Quiz(QS).answer("no-such-question", 0)


@given(st.integers(0, 10_000))
def test_shuffling_is_a_permutation_and_repeatable(seed):
    quiz = Quiz(QS, seed=seed)
    for q in QS:
        assert sorted(quiz.order[q.id]) == list(range(len(q.options)))
    assert Quiz(QS, seed=seed).order == quiz.order


def test_shuffling_changes_the_order_somewhere():
    assert Quiz(QS, seed=1).order != Quiz(QS, seed=2).order


def test_score_reset_and_csv():
    quiz = Quiz(QS, seed=3)
    single = first("single")
    quiz.answer(single.id, next(iter(single.correct_indices)))
    numeric = first("numeric")
    quiz.answer(numeric.id, "0")
    assert (quiz.score, quiz.answered, quiz.total) == (1, 2, len(QS))
    assert quiz.summary() == f"1 of {len(QS)} right (2 answered)."
    rows = list(csv.reader(io.StringIO(quiz.to_csv())))
    assert rows[0] == ["question", "lesson", "prompt", "your answer", "right", "correct answer"]
    by_id = {r[0]: r for r in rows[1:] if r}
    assert by_id[single.id][4] == "yes" and by_id[numeric.id][4] == "no"
    assert rows[-1] == ["score", f"1 of {len(QS)}", "2 answered"]
    quiz.reset()
    assert quiz.answered == 0 and quiz.seed == 4


@pytest.mark.parametrize(("old", "new", "message"), [
    ('kind = "numeric"', 'kind = "essay"', "kind: must be one of single, multiple, numeric"),
    ('lesson = "stretches"', 'lesson = "nowhere"', "is not a lesson in lessons.toml"),
    ("tolerance = ", "tolerence = ", "tolerance: missing"),
    ("tolerance = 1\n", "tolerance = -1\n", "tolerance: must be at least 0"),
    ("answer = 10\n", 'answer = "ten"\n', "answer: must be a number"),
    ("answer = 10\n", "answer = true\n", "answer: must be a number"),
    ('kind = "numeric"', 'kind = "single"', "answer: is not for a single question"),
    ('id = "start-breathless"', 'id = "start-one-calf-swollen"', "question[2].id: 'start-one-calf-swollen' is used twice"),
    ('id = "start-breathless"', 'id = "Start breathless"', "question[2].id: must be lower-case letters, digits and dashes"),
    ("[[question.option]]\ntext = ", "[[question.optoin]]\ntext = ", "question[0].optoin: unknown field"),
    ("correct = true\n", 'correct = "yes"\n', "question[0].option[0].correct: must be true or false"),
])
def test_a_bad_bank_fails_naming_file_and_field(tmp_path, old, new, message):
    shutil.copy(CONTENT_DIR / "questions.toml", tmp_path / "questions.toml")
    text = (tmp_path / "questions.toml").read_text()
    assert old in text
    (tmp_path / "questions.toml").write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as error:
        load_questions(tmp_path)
    assert str(error.value).startswith("questions.toml: question[") and message in str(error.value)


def bank(kind: str, *options: tuple[str, bool], extra: str = "", questions: int = 2) -> str:
    """A bank of ``questions`` alike questions of the kind ``kind``, with these (text, correct) options."""
    tables = "".join(f'[[question.option]]\ntext = "{text}"\ncorrect = {str(right).lower()}\nfeedback = "f"\n'
                     for text, right in options)
    return "".join(f'[[question]]\nid = "q{n}"\nlesson = "start-here"\nkind = "{kind}"\nprompt = "p"\n{extra}{tables}'
                   for n in range(questions))


NUMERIC = 'answer = 1\ntolerance = 0\nunit = "cm"\nfeedback_right = "r"\n'  # feedback_wrong left out


@pytest.mark.parametrize(("text", "message"), [
    (bank("single", ("x", True), ("y", True)),
     "questions.toml: question[0].option: a single-choice question needs exactly one correct option (has 2)"),
    (bank("multiple", ("x", True), ("y", True)),
     "question[0].option: a multiple-choice question needs at least one correct and one wrong option"),
    (bank("single", ("x", True)), "question[0].option: needs between 2 and 6 options"),
    (bank("single", ("x", True), ("x", False)), "question[0].option: two options have the same text"),
    (bank("single", ("x", True), ("y", False), extra='unit = "cm"\n'), "question[0].unit: is not for a single question"),
    (bank("numeric", extra=NUMERIC), "question[0].feedback_wrong: missing"),
    (bank("numeric", ("x", True), extra=NUMERIC + 'feedback_wrong = "w"\n'),
     "question[0].option: is not for a numeric question"),
    (bank("single", ("x", True), ("y", False), questions=1), "questions.toml: question: needs at least two questions"),
    ("", "questions.toml: question: missing"),
])
def test_a_bank_with_a_badly_made_question_is_refused(tmp_path, text, message):
    (tmp_path / "questions.toml").write_text(text)
    with pytest.raises(ContentError) as error:
        load_questions(tmp_path)
    assert message in str(error.value)


def test_a_small_well_made_bank_loads(tmp_path):
    (tmp_path / "questions.toml").write_text(bank("multiple", ("x", True), ("y", False), ("z", True)))
    loaded = load_questions(tmp_path)
    assert [q.id for q in loaded] == ["q0", "q1"] and loaded[0].correct_indices == {0, 2}


def test_parse_number():
    assert parse_number(" 2,5 ") == 2.5


# ---- issue 10: the verdict once, "Try again" asks first, the score comes into view ----

def test_feedback_reasons_carry_no_verdict_of_their_own():
    """The page says "✔ Right" in the heading; the bank's "Right: ..." must not say it again."""
    for q in QS:
        for why in [o.feedback for o in q.options] + [q.feedback_right, q.feedback_wrong]:
            assert not VERDICT.match(why), (q.id, why)
            first_char = re.search(r"\w", why)
            assert not first_char or not first_char.group().islower(), (q.id, why)


@pytest.mark.parametrize(("text", "reason"), [
    ("Right: pain in one calf can be a clot.", "Pain in one calf can be a clot."),
    ("Yes: broken sleep counts.", "Broken sleep counts."),
    ("Not so: it does not.", "It does not."),
    ("correct:  NHS advice.", "NHS advice."),
    ("That is the number for the UK.", "That is the number for the UK."),
    ("Right: 'heat to play' means heat.", "'Heat to play' means heat."),
    ("Right", "Right"),
])
def test_without_verdict(text, reason):
    assert without_verdict(text) == reason


def test_feedback_shows_the_verdict_once_for_every_single_choice_and_numeric_answer():
    for q in QS:
        if q.kind == "multiple":
            continue
        responses = [str(q.answer), str(q.answer + q.tolerance + 5)] if q.kind == "numeric" else range(len(q.options))
        for response in responses:
            result = check(q, response)
            html = feedback_html(result, reveal=True)
            text = re.sub(r"<[^>]+>", " ", html)
            assert text.count("\u2714") + text.count("\u2718") == 1, (q.id, text)
            verdict = "Right" if result.correct else "Not quite"
            assert len(re.findall(rf"\b{verdict}\b", text)) == 1, (q.id, text)
            assert not re.search(r"\b(?:Right|Correct|Yes|Not so)\s*:", text), (q.id, text)


def test_try_again_with_answers_asks_first_and_keeps_them_unless_confirmed():
    quiz = Quiz(QS, seed=3)
    single = first("single")
    quiz.answer(single.id, 0)
    order = dict(quiz.order)
    assert quiz.ask_reset(seed=9) is True
    assert quiz.confirming_reset and quiz.answered == 1 and quiz.order == order  # nothing cleared yet
    quiz.keep_answers()
    assert not quiz.confirming_reset and quiz.answered == 1
    with pytest.raises(QuizError, match="Press Try again first"):
        quiz.confirm_reset(seed=9)  # a stray "yes" with no question asked clears nothing
    assert quiz.answered == 1
    assert quiz.ask_reset(seed=9)
    quiz.confirm_reset(seed=9)
    assert quiz.answered == 0 and quiz.seed == 9 and not quiz.confirming_reset


def test_try_again_with_no_answers_starts_again_at_once():
    quiz = Quiz(QS, seed=3)
    assert quiz.ask_reset(seed=4) is False and quiz.seed == 4 and not quiz.confirming_reset


def test_quiz_view_try_again_asks_in_the_page_and_the_score_comes_into_view():
    from widgets.ui.quiz import QuizView

    view = QuizView(Quiz(QS, seed=5))
    card = view.cards[0]
    card.control.value = 0 if card.question.kind == "single" else card.control.value
    card.check.click()
    assert view.quiz.answered == 1 and view.confirm.layout.display == "none"
    before = view.score.focus_request
    view.again.click()
    assert view.quiz.answered == 1 and card.feedback.value  # nothing wiped yet
    assert view.actions.layout.display == "none" and view.confirm.layout.display is None
    assert "Clear your 1 answer and start again?" in view.confirm_text.value
    assert (view.clear.description, view.keep.description) == ("Yes, clear my answers", "Keep my answers")
    view.keep.click()
    assert view.quiz.answered == 1 and view.actions.layout.display is None and view.confirm.layout.display == "none"
    view.again.click()
    view.clear.click()
    assert view.quiz.answered == 0 and all(c.feedback.value == "" for c in view.cards)
    assert view.score.text.startswith("Score: 0 of") and view.score.focus_request == before + 1
    view.finish.click()
    assert view.score.focus_request == before + 2
    view.clear.click()  # a click on the hidden button from a stray client: a message, nothing cleared
    assert "Press Try again first" in view.message.value
