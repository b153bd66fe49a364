from django.db import migrations, models


def keep_zones_other_than_utc(apps, schema_editor):
    """A zone other than the default was chosen in the preferences or came from the browser at
    sign-up: either way, the preferences page must not offer to replace it. (A member at UTC may
    have chosen it too; nothing recorded says so, and saving the page records it from now on.)"""
    User = apps.get_model("accounts", "User")
    User.objects.exclude(time_zone="UTC").update(time_zone_chosen=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_versions_for_fragment_cache"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone_chosen",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(keep_zones_other_than_utc, migrations.RunPython.noop),
    ]
