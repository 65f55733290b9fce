"""The first shared schema: the SQLite archive's tables at its step 6, with files, the change feed,
drafts and per-user baskets; and the rule that only 管理 restores a case from the trash.

Revision ID: 0001
"""

from alembic import op

from archive.backends import schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Restoring from the trash is an UPDATE, which editors may run for their edits: a trigger refuses
# this one kind of UPDATE to anyone who is not 管理, so the server enforces it whatever the client.
_ADMIN_ONLY_RESTORE = """
CREATE FUNCTION casearchive_restore_is_admin_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL
       AND NOT pg_has_role(current_user, 'casearchive_admin', 'MEMBER')
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION insufficient_privilege USING MESSAGE = '只有管理角色可以从回收站恢复案例';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER cases_restore_is_admin_only BEFORE UPDATE OF deleted_at ON cases
    FOR EACH ROW EXECUTE FUNCTION casearchive_restore_is_admin_only();
"""


def upgrade() -> None:
    # The first revision creates the tables as `schema` defines them; every later revision must
    # spell out its own changes with `op`, never by reading `schema` again.
    schema.metadata.create_all(op.get_bind())
    op.execute(_ADMIN_ONLY_RESTORE)
