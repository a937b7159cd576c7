"""A professional's registration and ESR person numbers encrypted, each with a keyed hash beside it;
the unique rules move to the hashes. Existing values are encrypted and hashed in place."""

from django.db import migrations, models

import rampart.cases.identifiers
import rampart.core.fields
from rampart.cases.identifiers import ESR, REGISTRATION, identifier_key
from rampart.core.crypto import is_encrypted


def encrypt_and_hash(apps, schema_editor):
    Professional = apps.get_model("patterns", "Professional")
    table = schema_editor.quote_name(Professional._meta.db_table)
    # Read the plain values straight from the columns, so no field conversion is involved.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, regulator, registration_number, esr_number FROM {table}")  # noqa: S608 (the table name is the model's, quoted)
        rows = cursor.fetchall()
    for pk, regulator, registration, esr in rows:
        values = {"registration_number": registration or "", "esr_number": esr or ""}
        if not any(v and not is_encrypted(v) for v in values.values()):
            continue
        Professional.objects.filter(pk=pk).update(
            **values,
            registration_key=identifier_key(
                REGISTRATION, values["registration_number"], regulator=regulator or ""
            ),
            esr_key=identifier_key(ESR, values["esr_number"]),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("patterns", "0003_alert_superseded"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="professional", name="professional_registration_once"),
        migrations.RemoveConstraint(model_name="professional", name="professional_esr_once"),
        migrations.AddField(
            model_name="professional",
            name="esr_key",
            field=rampart.cases.identifiers.IdentifierKeyField(
                blank=True, db_index=True, default="", kind="esr_number", max_length=64, source="esr_number"
            ),
        ),
        migrations.AddField(
            model_name="professional",
            name="registration_key",
            field=rampart.cases.identifiers.IdentifierKeyField(
                blank=True,
                db_index=True,
                default="",
                kind="registration_number",
                max_length=64,
                regulator_field="regulator",
                source="registration_number",
            ),
        ),
        migrations.AlterField(
            model_name="professional",
            name="esr_number",
            field=rampart.core.fields.EncryptedTextField(
                blank=True, default="", verbose_name="ESR person number"
            ),
        ),
        migrations.AlterField(
            model_name="professional",
            name="registration_number",
            field=rampart.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.RunPython(encrypt_and_hash, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="professional",
            constraint=models.UniqueConstraint(
                condition=models.Q(("registration_key", ""), _negated=True),
                fields=("registration_key",),
                name="professional_registration_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="professional",
            constraint=models.UniqueConstraint(
                condition=models.Q(("esr_key", ""), _negated=True),
                fields=("esr_key",),
                name="professional_esr_once",
            ),
        ),
    ]
