# models.py - the fixture app's one model.
from django.db import models


class Order(models.Model):
    customer = models.IntegerField(db_index=True)
