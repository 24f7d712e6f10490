"""The question bank and the quiz: validation of the bank, marking, scoring, shuffling, CSV."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.content import content
from widgets.paths import CONTENT_DIR
from widgets.quiz import (CLASS_MODE_FIXED, FINISHED_ALREADY, LOCKED, LOCKED_CLASS, MODE_AFTER_FINISH, NOTHING_TO_FINISH,
                          VERDICT, Quiz, QuizError, check, load_questions, parse_number, questions, without_verdict)
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
               long_cramp.minutes, c.safety.bedtime.margin_minutes}
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


def test_score_and_reset():
    quiz = Quiz(QS, seed=3)
    single = first("single")
    quiz.answer(single.id, next(iter(single.correct_indices)))
    numeric = first("numeric")
    quiz.answer(numeric.id, "0")
    assert (quiz.score, quiz.answered, quiz.total) == (1, 2, len(QS))
    assert quiz.summary() == f"1 of {len(QS)} right (2 answered)."
    assert quiz.responses == {single.id: next(iter(single.correct_indices)), numeric.id: "0"}
    quiz.reset()
    assert quiz.answered == 0 and quiz.seed == 4 and quiz.responses == {}
    assert not hasattr(quiz, "to_csv")  # the answers file is widgets.answers_file's


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
    return "".join(f'[[question]]\nid = "q{n}"\nlesson = "start-here"\ngoal = "warning-signs"\nkind = "{kind}"\n'
                   f'prompt = "p"\n{extra}{tables}'
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
    view.finish.click()  # nothing answered: nothing to finish, a message instead
    assert NOTHING_TO_FINISH in view.message.value and view.score.focus_request == before + 1
    card.control.value = 0 if card.question.kind == "single" else card.control.value
    card.check.click()
    view.finish.click()
    assert view.score.focus_request == before + 2 and view.message.value == ""
    view.clear.click()  # a click on the hidden button from a stray client: a message, nothing cleared
    assert "Press Try again first" in view.message.value


# ---- issue 15: answers lock at Finish; class mode from the address holds ----

def right_answer(q):
    if q.kind == "numeric":
        return str(q.answer)
    return next(iter(q.correct_indices)) if q.kind == "single" else set(q.correct_indices)


def wrong_answer(q):
    if q.kind == "numeric":
        return str(q.answer + q.tolerance + 5)
    wrong = next(i for i in range(len(q.options)) if i not in q.correct_indices)
    return wrong if q.kind == "single" else {wrong}


def test_finish_locks_the_answers_and_the_score_cannot_change():
    quiz = Quiz(QS, seed=3)
    a, b = QS[0], QS[1]
    quiz.answer(a.id, wrong_answer(a))
    quiz.finish()
    assert quiz.finished and quiz.shows_feedback and quiz.score == 0
    for qid, response in ((a.id, right_answer(a)), (b.id, right_answer(b))):
        with pytest.raises(QuizError) as error:
            quiz.answer(qid, response)
        assert str(error.value) == LOCKED
    assert quiz.score == 0 and quiz.answered == 1 and quiz.responses == {a.id: wrong_answer(a)}
    with pytest.raises(QuizError, match=FINISHED_ALREADY):
        quiz.finish()
    # outside class mode "Try again" starts afresh, unlocked
    assert quiz.can_start_again and quiz.ask_reset(seed=8) is True
    quiz.confirm_reset(seed=8)
    assert not quiz.finished and quiz.answered == 0
    assert quiz.answer(a.id, right_answer(a)).correct and quiz.score == 1


def test_finish_needs_an_answer_first():
    quiz = Quiz(QS, seed=3)
    with pytest.raises(QuizError, match=NOTHING_TO_FINISH):
        quiz.finish()
    assert not quiz.finished


def test_a_learner_may_choose_class_mode_and_drop_it_before_finish():
    quiz = Quiz(QS, seed=3)
    assert not quiz.class_mode and quiz.shows_feedback
    quiz.use_class_mode(True)
    assert quiz.class_mode and not quiz.shows_feedback
    quiz.answer(QS[0].id, right_answer(QS[0]))
    quiz.use_class_mode(False)
    assert quiz.shows_feedback
    quiz.use_class_mode(True)
    quiz.finish()
    assert quiz.shows_feedback and not quiz.can_start_again
    with pytest.raises(QuizError, match=MODE_AFTER_FINISH):
        quiz.use_class_mode(False)
    assert quiz.class_mode


def test_class_mode_from_the_address_cannot_be_turned_off_and_has_no_try_again_after_finish():
    quiz = Quiz(QS, seed=3)
    quiz.fix_class_mode()
    with pytest.raises(QuizError) as error:
        quiz.use_class_mode(False)
    assert str(error.value) == CLASS_MODE_FIXED and quiz.class_mode
    quiz.use_class_mode(True)  # asking for what is already so is fine
    quiz.answer(QS[0].id, wrong_answer(QS[0]))
    quiz.answer(QS[0].id, right_answer(QS[0]))  # before Finish an answer can be changed
    assert not quiz.shows_feedback and quiz.score == 1
    assert quiz.ask_reset(seed=4) is True  # before Finish, starting again is allowed (nothing was shown)
    quiz.keep_answers()
    quiz.finish()
    assert quiz.shows_feedback
    for attempt in (lambda: quiz.ask_reset(seed=5), lambda: quiz.confirm_reset(seed=5), lambda: quiz.reset(5),
                    lambda: quiz.answer(QS[1].id, right_answer(QS[1]))):
        with pytest.raises(QuizError) as error:
            attempt()
        assert str(error.value) == LOCKED_CLASS
    assert quiz.finished and quiz.score == 1 and quiz.answered == 1


def test_a_stray_confirm_after_finish_in_class_mode_clears_nothing():
    quiz = Quiz(QS, seed=3)
    quiz.use_class_mode(True)
    quiz.answer(QS[0].id, right_answer(QS[0]))
    assert quiz.ask_reset(seed=4)  # asked before Finish...
    quiz.finish()  # ...and Finish pressed instead: the question is moot
    assert not quiz.confirming_reset
    with pytest.raises(QuizError, match="locked"):
        quiz.confirm_reset(seed=4)
    assert quiz.answered == 1


def test_an_option_text_may_not_hold_the_answers_file_separator(tmp_path):
    (tmp_path / "questions.toml").write_text(bank("multiple", ("x | y", True), ("z", False)))
    with pytest.raises(ContentError) as error:
        load_questions(tmp_path)
    assert "question[0].option[0].text: must not contain '|'" in str(error.value)


# ---- issue 15: every question names the learning goal of its lesson that it checks ----

@pytest.mark.parametrize(("old", "new", "message"), [
    ('goal = "kind-of-help"', 'goal = "first-minute"',  # a goal of another lesson
     "questions.toml: question[0].goal: question 'start-one-calf-swollen' names 'first-minute', which is not a "
     "learning goal of lesson 'start-here' in lessons.toml (its goals are warning-signs, kind-of-help)"),
    ('goal = "kind-of-help"', 'goal = "kind-of-hlep"',
     "question[0].goal: question 'start-one-calf-swollen' names 'kind-of-hlep', which is not a learning goal"),
    ('lesson = "start-here"\ngoal = "kind-of-help"', 'lesson = "check-yourself"\ngoal = "kind-of-help"',
     "question[0].goal: question 'start-one-calf-swollen' names 'kind-of-help', which is not a learning goal of "
     "lesson 'check-yourself' in lessons.toml (it has no learning goals)"),
    ('goal = "kind-of-help"\n', "", "questions.toml: question[0].goal: missing"),
    ('goal = "kind-of-help"', "goal = 3", "questions.toml: question[0].goal: must be non-empty text"),
])
def test_a_question_must_name_a_goal_of_its_own_lesson(tmp_path, old, new, message):
    text = (CONTENT_DIR / "questions.toml").read_text()
    assert old in text
    (tmp_path / "questions.toml").write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as error:
        load_questions(tmp_path)
    assert message in str(error.value)


def test_an_unknown_lesson_is_named_before_its_goal(tmp_path):
    text = (CONTENT_DIR / "questions.toml").read_text()
    (tmp_path / "questions.toml").write_text(text.replace('lesson = "start-here"', 'lesson = "nowhere"', 1))
    with pytest.raises(ContentError, match=r"question\[0\]\.lesson: 'nowhere' is not a lesson in lessons.toml"):
        load_questions(tmp_path)


def downloaded(view) -> bytes:
    import base64

    data = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', view.download.value)
    assert data, view.download.value
    return base64.b64decode(data.group(1))


def test_quiz_view_in_class_mode_from_the_address():
    import datetime as dt

    from widgets.answers_file import read
    from widgets.ui.html import esc
    from widgets.ui.quiz import CLASS_MODE_LABEL, QuizView

    view = QuizView(Quiz(QS, seed=5), clock=lambda: dt.datetime(2026, 11, 26, 10, 15, 3, tzinfo=dt.timezone.utc))
    view.score.utc_offset = 5 * 60 + 45  # as the learner's browser says
    view.page.query = "?mode=class"
    assert view.class_mode.value and view.class_mode.disabled and view.class_mode.description == CLASS_MODE_LABEL
    assert "cannot be turned off" in view.mode_note.value and "Class mode is on." in view.how.value
    assert [c.check.description for c in view.cards[:2]] == ["Save answer 1", "Save answer 2"]
    view.class_mode.value = False  # a client that unticks it anyway: refused, in words, and put back
    assert view.class_mode.value and view.quiz.class_mode and esc(CLASS_MODE_FIXED) in view.message.value
    card = view.cards[0]
    q = card.question
    card.control.value = wrong_answer(q) if q.kind != "multiple" else None
    if q.kind == "multiple":
        for i, box in card.boxes:
            box.value = i in wrong_answer(q)
    card.check.click()
    assert "Answer 1 saved." in card.feedback.value and "Right" not in card.feedback.value
    assert view.download.value == "" and "ready once you press Finish" in view.file_intro.value
    view.student.value = "x" * 61
    assert "at most 60 characters" in view.name_problem.value
    view.student.value = " Sam Lee "
    assert view.name_problem.value == ""
    view.finish.click()
    assert view.score.text == f"Score: 0 of {len(QS)} right (1 answered)."
    assert "no <em>Try again</em>" in view.locked.value and view.again.layout.display == "none"
    assert view.finish.disabled and all(c.check.disabled for c in view.cards)
    assert all(c.control.disabled for c in view.cards if c.question.kind != "multiple")
    assert all(box.disabled for c in view.cards if c.question.kind == "multiple" for _, box in c.boxes)
    # a client that sends the right answer anyway: refused, the saved answer put back, the score the same
    if q.kind == "single":
        card.control.value = right_answer(q)
        card.check.click()
        assert card.control.value == wrong_answer(q)
    else:
        card.check.click()
    assert LOCKED_CLASS.split(":")[0] in card.feedback.value and "Not quite" in card.feedback.value
    assert view.quiz.score == 0 and view.score.text.startswith("Score: 0 of")
    view.again.click()  # the hidden button, from a stray client
    assert "no Try again" in view.message.value and view.quiz.finished
    assert 'download="spasm-relief-answers-sam-lee-2026-11-26-1600.csv"' in view.download.value
    got = read(downloaded(view), QS)
    assert got.student == "Sam Lee" and got.saved_at.isoformat() == "2026-11-26T16:00:03+05:45"
    assert got.results[q.id] == "wrong" and got.score_right == 0 and got.answered == 1


def test_quiz_view_try_again_reuses_the_cards_in_a_new_order():
    from widgets.ui.quiz import QuizView

    view = QuizView(Quiz(QS, seed=5))
    cards = list(view.cards)
    widgets = [c.widget for c in cards]
    orders = dict(view.quiz.order)
    card = next(c for c in cards if c.question.kind == "single")
    multiple = next(c for c in cards if c.question.kind == "multiple")
    card.control.value = right_answer(card.question)
    card.check.click()
    multiple.boxes[0][1].value = True
    multiple.check.click()
    view.finish.click()
    assert card.control.disabled and view.class_mode.disabled
    view.again.click()
    view.clear.click()
    assert view.cards == cards and [c.widget for c in view.cards] == widgets  # the same cards
    assert list(view.cards_box.children) == widgets
    assert view.quiz.order != orders
    for c in view.cards:
        assert c.feedback.value == "" and not c.check.disabled
        if c.question.kind == "single":
            assert c.control.value is None and not c.control.disabled
            assert [value for _, value in c.control.options] == list(view.quiz.order[c.question.id])
        elif c.question.kind == "multiple":
            assert [i for i, _ in c.boxes] == list(view.quiz.order[c.question.id])
            assert list(c.control.children[1:]) == [box for _, box in c.boxes]
            assert not any(box.value or box.disabled for _, box in c.boxes)
        else:
            assert c.control.value == ""
    card.control.value = right_answer(card.question)
    card.check.click()
    assert view.quiz.score == 1 and "Right" in card.feedback.value


def test_quiz_view_learner_may_tick_class_mode_and_the_button_says_what_it_does():
    from widgets.ui.quiz import QuizView

    view = QuizView(Quiz(QS, seed=5))
    assert view.cards[0].check.description == "Check answer 1" and not view.class_mode.disabled
    assert "data:text/csv" in view.download.value  # outside class mode, the file at any time
    view.class_mode.value = True
    assert view.cards[0].check.description == "Save answer 1" and view.download.value == ""
    view.class_mode.value = False
    assert view.cards[0].check.description == "Check answer 1" and view.message.value == ""
