"""Display names are compared by their look-alike skeletons (accounts/names.py), stored in two
columns with a unique constraint each (audit issue 25, item 5).

Existing members get their skeletons here, the earliest member first (by date joined, then id).
Where an existing name already looks like an earlier member's, the earlier member keeps the
skeleton and the later one is left without it (NULL, which a unique constraint allows): their name
stays as it is, nobody is renamed or locked out, and no new member can take a name like either,
since the earlier member's skeleton is the same. The later member's skeletons are set if they
change their name. Which members were left without one is printed while migrating.
"""

from django.db import migrations, models

BATCH = 2000


def fill_skeletons(apps, schema_editor):
    # The same function the app uses, so stored skeletons and new names' skeletons agree; a later
    # change to how skeletons are made needs a migration that fills them again.
    from accounts.names import skeletons

    User = apps.get_model("accounts", "User")
    taken = (set(), set())
    batch, left_without = [], []
    members = User.objects.order_by("date_joined", "pk").values_list("pk", "display_name")
    for pk, display_name in members.iterator(chunk_size=BATCH):
        keys = skeletons(display_name)
        if any(key is not None and key in seen for key, seen in zip(keys, taken, strict=True)):
            left_without.append(pk)
            continue
        for key, seen in zip(keys, taken, strict=True):
            if key is not None:
                seen.add(key)
        batch.append(User(pk=pk, display_name_skeleton=keys[0], display_name_cased_skeleton=keys[1]))
        if len(batch) >= BATCH:
            User.objects.bulk_update(batch, ["display_name_skeleton", "display_name_cased_skeleton"])
            batch = []
    User.objects.bulk_update(batch, ["display_name_skeleton", "display_name_cased_skeleton"])
    if left_without:
        shown = ", ".join(str(pk) for pk in left_without[:20]) + (" ..." if len(left_without) > 20 else "")
        print(f"\n  {len(left_without)} member(s) named like an earlier member keep no skeletons: {shown}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_reader_controls"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name_skeleton",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="display_name_cased_skeleton",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                fields=("display_name_skeleton",),
                name="unique_display_name_skeleton",
                violation_error_message="That name is too close to an existing member's name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                fields=("display_name_cased_skeleton",),
                name="unique_display_name_cased_skeleton",
                violation_error_message="That name is too close to an existing member's name.",
            ),
        ),
    ]
