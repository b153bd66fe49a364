"""Screen sample text with exactly the rules the site uses.

    echo '{"text": "I have been saving my tablets"}' | manage.py screen_posts

Reads JSON lines on standard input, each {"text": "..."}, and writes one JSON object per line:
{"crisis", "severity", "category", "crisis_matches", "method_detail", "method_matches",
"identifying", "identifying_matches"} (moderation/safety.py). The active crisis phrases from the
admin are included, as on the site. A line that can't be read gets {"error": "..."} on its own
line, and the rest go on.
"""

import json
import sys

from django.core.management.base import BaseCommand

from moderation import crisis, safety


class Command(BaseCommand):
    help = 'Screen JSON lines of text ({"text": ...}) for crisis risk, method detail and identifying details.'

    def handle(self, *args, **options):
        phrases = crisis.active_phrases()  # once for the run, not per line
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            self.stdout.write(json.dumps(screen_line(line, phrases, number), ensure_ascii=False))


def screen_line(line: str, phrases: tuple, number: int) -> dict:
    """The screening of one input LINE, or {"error": ...} saying why it could not be read."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"line {number}: not JSON ({error.msg})"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return {"error": f'line {number}: expected an object with a "text" string'}
    return safety.screen_text(item["text"], phrases=phrases).as_json()
