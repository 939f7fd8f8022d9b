-- web-api's managed users of the dashboard and REST API (owner: web-api, Hibernate Reactive with Panache).
-- Roles nest (admin > operator > viewer): a user holds one role and every role below it.
CREATE TABLE web_user (
    name            VARCHAR(64)  PRIMARY KEY,
    -- bcrypt in modular crypt form ($2a$<cost>$<salt+hash>); never the password itself
    password_hash   VARCHAR(100) NOT NULL,
    role            VARCHAR(16)  NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    -- site scope: the values of ups.site this user may see and command; empty = every site
    sites           TEXT[]       NOT NULL DEFAULT '{}',
    enabled         BOOLEAN      NOT NULL DEFAULT true,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by      VARCHAR(128) NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- bumped on every change; part of the password-check cache key, so a reset or a disable is seen at once
    version         INTEGER      NOT NULL DEFAULT 0
);

-- Audit log of the dashboard and REST API: logins, failed and throttled logins, user changes, commands.
-- Append-only (web-api inserts, admins read it newest first).
CREATE TABLE web_audit (
    id              BIGSERIAL    PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- who: the authenticated user, or the name tried for a failed login
    actor           VARCHAR(128),
    address         VARCHAR(64),
    action          VARCHAR(32)  NOT NULL,
    -- what it was about: the user changed, the UPS commanded
    target          VARCHAR(128),
    detail          TEXT
);
CREATE INDEX web_audit_at ON web_audit (at DESC, id DESC);
