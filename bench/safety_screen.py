"""How long the safety screening of one long post takes: the crisis detector, the method-detail
check and the confidentiality guard, as the reply path runs them, on a 5,000-word post.

    .venv/bin/python -m bench.safety_screen          # prints ms per post (median of 50 runs)

The post is the demo conversations' own prose, cut or repeated to 100, 300, 1,000 and 5,000 words
(the longest post allowed, HAVEN_MAX_POST_LENGTH = 30,000 characters, is about 5,000 words),
with one worrying sentence at the end so that every rule and model runs to completion. Issue 19
asked for under 5 ms at 5,000 words; docs/safety.md says why that no longer holds and what does.
"""

import os
import statistics
import time

import django


def long_post(words: int = 5000) -> str:
    from forum.demo import content

    prose = []
    for thread in content.THREADS:
        prose += [thread[3], *(reply[1] for reply in thread[4])]
    text = "\n\n".join(prose).split()
    body = " ".join((text * (words // len(text) + 1))[:words])
    return body + "\n\nHonestly some nights I want to die, and I have been saving my tablets."


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from moderation import safety

    for words in (100, 300, 1000, 5000):
        text = long_post(words)
        for _ in range(5):
            safety.screen_text(text, phrases=())
        timings = []
        for _ in range(50):
            start = time.perf_counter()
            result = safety.screen_text(text, phrases=())
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"{len(text.split()):,} words: median {statistics.median(timings):.2f} ms, "
            f"p90 {sorted(timings)[44]:.2f} ms (crisis: {result.crisis.severity}, "
            f"method detail: {result.method_detail}, identifying: {bool(result.identifying)})",
            flush=True,
        )


if __name__ == "__main__":
    main()
