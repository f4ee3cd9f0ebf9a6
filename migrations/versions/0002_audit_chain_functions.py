# SPDX-License-Identifier: LGPL-2.1-or-later
"""Audit chain on the server: canonical JSON and hashing in PL/pgSQL, and append-only triggers.

PostgreSQL gets ``canonical_json(jsonb)`` (RFC 8785 for the values Projem stores),
``compute_json_hash(jsonb)``, ``audit_entry(audit_logs)`` and ``verify_audit_chain()``, which
recompute the hashes the Python client wrote. On both backends UPDATE and DELETE on
``audit_logs`` raise; see docs/database/audit-chain.md for the administrators' escape.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

POSTGRESQL_UP = r"""
-- Object keys sort by UTF-16 code units (RFC 8785 3.2.3): big-endian UTF-16 bytes compare so.
CREATE FUNCTION projem_utf16_sort_key(key text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    result bytea := ''::bytea;
    code integer;
    ch text;
BEGIN
    FOREACH ch IN ARRAY regexp_split_to_array(key, '') LOOP
        code := ascii(ch);
        IF code >= 65536 THEN
            code := code - 65536;
            result := result
                || decode(lpad(to_hex(55296 + (code >> 10)), 4, '0'), 'hex')
                || decode(lpad(to_hex(56320 + (code & 1023)), 4, '0'), 'hex');
        ELSE
            result := result || decode(lpad(to_hex(code), 4, '0'), 'hex');
        END IF;
    END LOOP;
    RETURN result;
END $$;

-- ECMAScript Number.prototype.toString of a JSON number (RFC 8785 3.2.2.3). Works on the
-- exact decimal text of the numeric: power and log lose digits at extreme exponents.
CREATE FUNCTION projem_canonical_number(value numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    magnitude numeric := abs(value);
    plain text;
    whole text;
    fraction text;
    digits text;
    exponent integer;
    sign text := CASE WHEN value < 0 THEN '-' ELSE '' END;
BEGIN
    IF value = 0 THEN
        RETURN '0';
    END IF;
    IF magnitude >= 1e-6 AND magnitude < 1e21 THEN
        RETURN trim_scale(value)::text;
    END IF;
    plain := trim_scale(magnitude)::text;
    whole := split_part(plain, '.', 1);
    fraction := split_part(plain, '.', 2);
    IF whole <> '0' THEN
        exponent := length(whole) - 1;
        digits := rtrim(whole || fraction, '0');
    ELSE
        exponent := -(length(fraction) - length(ltrim(fraction, '0')) + 1);
        digits := rtrim(ltrim(fraction, '0'), '0');
    END IF;
    RETURN sign || left(digits, 1)
        || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
        || 'e' || CASE WHEN exponent > 0 THEN '+' ELSE '-' END || abs(exponent)::text;
END $$;

CREATE FUNCTION canonical_json(value jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    kind text := jsonb_typeof(value);
    result text;
BEGIN
    IF value IS NULL OR kind = 'null' THEN
        RETURN 'null';
    ELSIF kind = 'boolean' OR kind = 'string' THEN
        -- PostgreSQL escapes strings exactly as RFC 8785 does (", \, and control characters).
        RETURN value::text;
    ELSIF kind = 'number' THEN
        RETURN projem_canonical_number((value #>> '{}')::numeric);
    ELSIF kind = 'array' THEN
        SELECT '[' || coalesce(string_agg(canonical_json(element), ',' ORDER BY position), '')
               || ']'
          INTO result
          FROM jsonb_array_elements(value) WITH ORDINALITY AS items(element, position);
        RETURN result;
    ELSE
        SELECT '{' || coalesce(string_agg(to_jsonb(key)::text || ':' || canonical_json(item),
                                          ',' ORDER BY projem_utf16_sort_key(key)), '')
               || '}'
          INTO result
          FROM jsonb_each(value) AS members(key, item);
        RETURN result;
    END IF;
END $$;

CREATE FUNCTION compute_json_hash(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(canonical_json(value), 'UTF8')), 'hex')
$$;

-- The hashed part of an audit row: every stored column but id and chain_hash.
CREATE FUNCTION audit_entry(entry audit_logs) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'user_id', entry.user_id,
        'session_id', entry.session_id,
        'action', entry.action::text,
        'entity_type', entry.entity_type,
        'entity_id', entry.entity_id,
        'before', entry.before,
        'after', entry.after,
        'ip_address', entry.ip_address,
        'user_agent', entry.user_agent,
        'created_at', to_char(entry.created_at AT TIME ZONE 'UTC',
                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'prev_chain_hash', entry.prev_chain_hash)
$$;

CREATE FUNCTION verify_audit_chain()
RETURNS TABLE (id bigint, computed_hash text, stored_hash text, hash_ok boolean, link_ok boolean)
LANGUAGE sql STABLE AS $$
    SELECT a.id,
           encode(sha256(convert_to(a.prev_chain_hash || canonical_json(audit_entry(a)),
                                    'UTF8')), 'hex'),
           a.chain_hash,
           encode(sha256(convert_to(a.prev_chain_hash || canonical_json(audit_entry(a)),
                                    'UTF8')), 'hex') = a.chain_hash,
           a.prev_chain_hash = coalesce(lag(a.chain_hash) OVER (ORDER BY a.id), repeat('0', 64))
      FROM audit_logs AS a
     ORDER BY a.id
$$;

CREATE FUNCTION audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'see docs/database/audit-chain.md, "Administrators"';
END $$;

CREATE TRIGGER audit_logs_append_only
    BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate
    BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
"""

POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS audit_logs_no_truncate ON audit_logs;
DROP TRIGGER IF EXISTS audit_logs_append_only ON audit_logs;
DROP FUNCTION IF EXISTS audit_logs_append_only();
DROP FUNCTION IF EXISTS verify_audit_chain();
DROP FUNCTION IF EXISTS audit_entry(audit_logs);
DROP FUNCTION IF EXISTS compute_json_hash(jsonb);
DROP FUNCTION IF EXISTS canonical_json(jsonb);
DROP FUNCTION IF EXISTS projem_canonical_number(numeric);
DROP FUNCTION IF EXISTS projem_utf16_sort_key(text);
"""

SQLITE_UP = (
    "CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs "
    "BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs "
    "BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only: DELETE refused'); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS audit_logs_no_update",
    "DROP TRIGGER IF EXISTS audit_logs_no_delete",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_UP)
    else:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_DOWN)
    else:
        for statement in SQLITE_DOWN:
            op.execute(statement)
