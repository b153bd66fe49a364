from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The shared fragment cache's table (config/fragment_cache.py) when REDIS_URL is unset;
    # createcachetable leaves tables that exist alone.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("forum", "0007_versions_for_fragment_cache")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
