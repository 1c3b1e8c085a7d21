"""env.py - Alembic environment of the shop: online migrations only, the
database URL from `-x url=...`."""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine

fileConfig(context.config.config_file_name)  # alembic.ini's logging: timestamps
url = context.get_x_argument(as_dictionary=True)["url"]
engine = create_engine(url)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
