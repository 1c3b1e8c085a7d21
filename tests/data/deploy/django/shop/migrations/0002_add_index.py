from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AlterField(model_name="order", name="customer",
                              field=models.IntegerField(db_index=True)),
    ]
