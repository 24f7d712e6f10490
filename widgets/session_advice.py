"""The safety advice that goes with one planned cold or heat session, worded so it never contradicts the session.

A 20-minute cold session next to the rule "keep cold on for 10 to 15 minutes" reads as a
contradiction. Here the duration rule is replaced, for that session, by a sentence that names
the session's own length and the safety sources' figures together. Everything else (wrap it,
never fall asleep with it on, who should ask first, the warning signs) comes from the content
unchanged. The planner's screen, the printable plan and the calendar file all use this module.
"""

from __future__ import annotations

from .content import Content, Fact

def advised(content: Content, kind: str) -> tuple[int, int, int]:
    """(lowest advised, highest advised, never more than) minutes for ``kind``."""
    limits = content.safety.limits(kind)
    if kind == "cold":
        return limits.advised_minutes.low, limits.advised_minutes.high, limits.max_minutes
    return limits.pad_minutes.low, limits.pad_minutes.high, limits.max_minutes


def duration_fact(content: Content, kind: str, minutes: int) -> Fact:
    """The duration rule for a session of ``minutes``: the content's own rule when the session keeps to it."""
    rule = content.safety.duration_rule(kind)
    low, high, never = advised(content, kind)
    if minutes <= high:
        return rule
    span = f"{low} to {high}" if low != high else str(low)
    if minutes <= never:
        text = (f"This session is {minutes} minutes, the article's time. Safety sources advise {span} minutes at a time, and "
                f"never more than {never}: take it off sooner if it feels uncomfortable or hurts.")
    else:
        text = (f"This session is {minutes} minutes because you chose the article's longer time after the warning. "
                f"Safety sources advise {span} minutes, and never more than {never} minutes at a time.")
    return Fact(text, rule.sources, "duration")


def session_rules(content: Content, kind: str, minutes: int) -> tuple[Fact, ...]:
    """Every cold (or heat) rule, with the duration rule worded for this session's length."""
    duration = duration_fact(content, kind, minutes)
    return tuple(duration if rule.id == "duration" else rule for rule in content.safety.limits(kind).rules)


def bedtime_fact(content: Content) -> Fact:
    margin = content.safety.bedtime.margin_minutes
    return Fact(f"The plan ends every session at least {margin} minutes before bed time, so that you never fall "
                "asleep with cold or heat on.", content.safety.bedtime.sources, "bedtime")


def warning_signs(content: Content) -> tuple[str, ...]:
    """Every warning sign, as the question a person asks themselves."""
    return tuple(flag.question for flag in content.safety.red_flags)


def session_text(content: Content, kind: str, minutes: int) -> str:
    """Plain text for a calendar event: the rules for this session, who should ask first, the warning signs."""
    rules = "\n".join(f"- {rule.text}" for rule in session_rules(content, kind, minutes))
    ask = "\n".join(f"- {fact.text}" for fact in content.safety.ask_first)
    signs = "\n".join(f"- {question}" for question in warning_signs(content))
    return (f"Use {kind} safely:\n{rules}\n- {bedtime_fact(content).text}\n\n"
            f"Ask a professional first:\n{ask}\n\n"
            f"Stop self-care and get help if the answer to any of these is yes:\n{signs}")
