from django.db import migrations


def load(apps, schema_editor):
    from workbridge.certificates.catalogue import load_catalogue

    load_catalogue(apps.get_model("certificates", "Certificate"))


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
