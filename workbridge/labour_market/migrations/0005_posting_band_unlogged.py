from django.db import migrations


def unlogged(apps, schema_editor):
    # The bucket table is derived data (rebuilt from postings' stored signatures, services.ingest.bands_rebuild):
    # without the write-ahead log, the 16 random-key index inserts per original posting cost no full-page writes.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE labour_market_postingband SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE labour_market_postingband SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("labour_market", "0004_shared_near_duplicate_index")]

    operations = [migrations.RunPython(unlogged, logged)]
