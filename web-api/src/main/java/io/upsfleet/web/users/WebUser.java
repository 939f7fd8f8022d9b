package io.upsfleet.web.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A user of the dashboard and REST API (table {@code web_user}, web-api's own; V7). */
@Entity
@Table(name = "web_user")
public class WebUser extends PanacheEntityBase {

    @Id
    public String name;

    /** bcrypt, modular crypt form. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    /** viewer, operator or admin; roles nest ({@link io.upsfleet.web.security.Roles#held}). */
    @Column(nullable = false)
    public String role;

    /** Site scope: values of ups.site; empty = every site. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]", nullable = false)
    public String[] sites = new String[0];

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Bumped by every change: concurrent edits of one user fail instead of overwriting each other. */
    @Version
    public int version;
}
