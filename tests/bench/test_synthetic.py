"""The synthetic conversations that Haven's `seed_demo --scale` and the Spirit comparison share."""

import statistics

from forum.demo import synthetic


def _plans(stop, start=0):
    return synthetic.plan_threads(
        start, stop, seed=1, posts_per_thread=20, members=200, categories=6, pool=40
    )


def test_bodies_are_about_1500_characters_of_markdown():
    bodies, rare = synthetic.body_pool(seed=1)
    assert all(1300 <= len(body) <= 1800 for body in bodies + rare)
    text = "\n".join(bodies)
    assert "**" in text and "\n- " in text and "\n> " in text.replace("\n\n", "\n") and "](https://" in text


def test_only_the_rare_bodies_mention_the_rare_word_and_most_bodies_the_common_one():
    bodies, rare = synthetic.body_pool(seed=1)
    assert all(synthetic.RARE_WORD in body for body in rare)
    assert not any(synthetic.RARE_WORD in body for body in bodies)
    assert sum(synthetic.COMMON_WORD in body.lower() for body in bodies) > len(bodies) / 2


def test_thread_plans_do_not_depend_on_how_the_threads_are_batched():
    assert _plans(30) == _plans(10) + _plans(30, start=10)


def test_the_first_thread_has_300_replies_and_the_others_about_20_posts():
    plans = _plans(400)
    assert len(plans[0].posts) == synthetic.LONG_THREAD_REPLIES + 1
    assert 17 <= statistics.mean(len(plan.posts) for plan in plans[1:]) <= 23


def test_replies_answer_earlier_posts_and_every_post_is_in_the_past():
    for plan in _plans(50):
        for position, post in enumerate(plan.posts):
            assert post.parent is None or 0 <= post.parent < position
            assert post.minutes_after_start <= plan.minutes_ago - 60
