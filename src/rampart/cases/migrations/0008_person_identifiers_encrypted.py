"""Person identifiers (staff, registration and ESR person numbers) encrypted, each with a keyed hash
beside it for lookups; the plain indexes go. Existing values are encrypted and hashed in place."""

from django.db import migrations

import rampart.cases.identifiers
import rampart.core.fields
from rampart.cases.identifiers import ESR, REGISTRATION, STAFF_NUMBER, identifier_key
from rampart.core.crypto import is_encrypted


def encrypt_and_hash(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    table = schema_editor.quote_name(Person._meta.db_table)
    # Read the plain values straight from the columns, so no field conversion is involved.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, staff_number, regulator, registration_number, esr_number FROM {table}")  # noqa: S608 (the table name is the model's, quoted)
        rows = cursor.fetchall()
    for pk, staff, regulator, registration, esr in rows:
        values = {
            "staff_number": staff or "",
            "registration_number": registration or "",
            "esr_number": esr or "",
        }
        if not any(v and not is_encrypted(v) for v in values.values()):
            continue
        Person.objects.filter(pk=pk).update(
            **values,
            staff_number_key=identifier_key(STAFF_NUMBER, values["staff_number"]),
            registration_key=identifier_key(
                REGISTRATION, values["registration_number"], regulator=regulator or ""
            ),
            esr_key=identifier_key(ESR, values["esr_number"]),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_person_linked_by"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="cases_person_staff_upper"),
        migrations.AddField(
            model_name="person",
            name="staff_number_key",
            field=rampart.cases.identifiers.IdentifierKeyField(
                blank=True,
                db_index=True,
                default="",
                kind="staff_number",
                max_length=64,
                source="staff_number",
            ),
        ),
        migrations.AddField(
            model_name="person",
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
        migrations.AddField(
            model_name="person",
            name="esr_key",
            field=rampart.cases.identifiers.IdentifierKeyField(
                blank=True, db_index=True, default="", kind="esr_number", max_length=64, source="esr_number"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="staff_number",
            field=rampart.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="person",
            name="registration_number",
            field=rampart.core.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AlterField(
            model_name="person",
            name="esr_number",
            field=rampart.core.fields.EncryptedTextField(
                blank=True, default="", verbose_name="ESR person number"
            ),
        ),
        migrations.RunPython(encrypt_and_hash, migrations.RunPython.noop, elidable=False),
    ]
