"""The weekly check-in's questions, written by the Haven team (not a licensed instrument).

Each is answered on a five-point scale whose labels say what the numbers mean; the numbers are
stored (1 to 5), the labels shown. The questions are a prompt for reflection, not a measure: the
pages never add them up or call a result good or bad.
"""

from dataclasses import dataclass

LOWEST, HIGHEST = 1, 5
NOTE_LENGTH = 1000  # characters; a few sentences, not a diary


@dataclass(frozen=True)
class Question:
    field: str  # the CheckIn column
    text: str  # as asked
    short: str  # in the chart's legend and table
    labels: tuple[str, str, str, str, str]  # for the answers 1 to 5

    def label(self, value: int) -> str:
        return self.labels[value - LOWEST]


QUESTIONS = (
    Question(
        "work_weight",
        "How heavy did the work feel this week?",
        "How heavy the work felt",
        ("Very light", "Light", "Manageable", "Heavy", "Very heavy"),
    ),
    Question(
        "sleep",
        "How have you been sleeping?",
        "Sleep",
        ("Very poorly", "Poorly", "Alright", "Well", "Very well"),
    ),
    Question(
        "support",
        "How supported did you feel, at work or at home?",
        "Feeling supported",
        ("Not at all", "A little", "Somewhat", "Mostly", "Very"),
    ),
    Question(
        "switch_off",
        "How able were you to switch off after work?",
        "Switching off",
        ("Not at all", "Rarely", "Sometimes", "Mostly", "Easily"),
    ),
)
FIELDS = tuple(question.field for question in QUESTIONS)
