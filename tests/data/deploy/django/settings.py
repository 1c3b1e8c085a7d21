# settings.py - a tiny Django project for the deploy fixtures (record.sh).
import os

BASE = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "fixture-only"
INSTALLED_APPS = ["shop"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.path.join(BASE, "django.db")}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
