package io.drkit.core.access;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.drkit.core.manifest.Manifest.Extension;
import io.drkit.core.manifest.Manifest.Setting;
import io.drkit.core.pg.SearchPath;

/**
 * Reads a database's access record from its catalogs: at backup time in the point's snapshot, and
 * from a restored database to compare. A part the connected role may not read is left out with a
 * warning that names it and the catalog it needed, never silently.
 */
public final class AccessReader {

    /** What was read, and what could not be, one line each. */
    public record Read(AccessCatalog catalog, List<String> warnings) {}

    /** Objects of the chosen user schemas (empty: all of them) that are not part of an extension. */
    private static final String SCOPE = """
            WITH ns AS (
                SELECT n.oid, n.nspname, n.nspowner, n.nspacl FROM pg_namespace n
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore')
                  AND n.nspname NOT LIKE 'pg\\_%'
                  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                                  AND d.objid = n.oid AND d.deptype = 'e')),
            rel AS (
                SELECT c.oid, CASE c.relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view '
                                  WHEN 'm' THEN 'materialized view ' WHEN 'f' THEN 'foreign table ' ELSE 'table ' END
                              || ns.nspname || '.' || c.relname AS object,
                       c.relkind, c.relowner, c.relacl, c.relrowsecurity, c.relforcerowsecurity
                FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype = 'e'))
            """;

    private static final String GRANTEE = "CASE x.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END";
    private static final String GRANT = "'grant ' || x.privilege_type || ' to ' || " + GRANTEE
            + " || CASE WHEN x.is_grantable THEN ' with grant option' ELSE '' END";
    private static final String GRANT_ROLES = "ARRAY[pg_get_userbyid(x.grantor)::text, "
            + "CASE x.grantee WHEN 0 THEN NULL ELSE pg_get_userbyid(x.grantee)::text END]";

    /** Owner, grants (an unset ACL read as the default it stands for), comment, column grants, row-level security. */
    private static final String OBJECTS = SCOPE + """
            , obj AS (
                SELECT 'schema ' || ns.nspname AS object, ns.nspowner AS owner,
                       coalesce(ns.nspacl, acldefault('n', ns.nspowner)) AS acl,
                       obj_description(ns.oid, 'pg_namespace') AS comment
                FROM ns
                UNION ALL
                SELECT rel.object, rel.relowner,
                       coalesce(rel.relacl, acldefault(CASE rel.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", rel.relowner)),
                       obj_description(rel.oid, 'pg_class')
                FROM rel
                UNION ALL
                SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END
                           || p.oid::regprocedure::text,
                       p.proowner, coalesce(p.proacl, acldefault('f', p.proowner)), obj_description(p.oid, 'pg_proc')
                FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
                WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                  AND d.objid = p.oid AND d.deptype = 'e')
                UNION ALL
                SELECT 'type ' || t.oid::regtype::text, t.typowner, coalesce(t.typacl, acldefault('T', t.typowner)),
                       obj_description(t.oid, 'pg_type')
                FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
                WHERE t.typtype IN ('b', 'c', 'd', 'e', 'r')
                  AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))
                  AND NOT EXISTS (SELECT 1 FROM pg_type a WHERE a.typarray = t.oid)
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                                  AND d.objid = t.oid AND d.deptype = 'e'))
            SELECT object, 'owner ' || pg_get_userbyid(owner), ARRAY[pg_get_userbyid(owner)::text] FROM obj
            UNION ALL
            SELECT obj.object, %1$s || CASE WHEN x.grantor <> obj.owner THEN ' by ' || pg_get_userbyid(x.grantor) ELSE '' END,
                   %2$s
            FROM obj, aclexplode(obj.acl) x
            UNION ALL
            SELECT object, 'comment ' || left(encode(sha256(convert_to(comment, 'UTF8')), 'hex'), 16), ARRAY[]::text[]
            FROM obj WHERE comment IS NOT NULL
            UNION ALL
            SELECT rel.object, 'column ' || a.attname || ': ' || %1$s
                       || CASE WHEN x.grantor <> rel.relowner THEN ' by ' || pg_get_userbyid(x.grantor) ELSE '' END,
                   %2$s
            FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
                 AND a.attacl IS NOT NULL, aclexplode(a.attacl) x
            UNION ALL
            SELECT object, 'row level security enabled', ARRAY[]::text[] FROM rel WHERE relrowsecurity
            UNION ALL
            SELECT object, 'row level security forced', ARRAY[]::text[] FROM rel WHERE relforcerowsecurity
            """.formatted(GRANT, GRANT_ROLES);

    private static final String POLICY_ROLE = "CASE r WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r)::text END";
    private static final String POLICIES = SCOPE + """
            SELECT rel.object, 'policy ' || p.polname || ': '
                       || CASE WHEN p.polpermissive THEN 'permissive ' ELSE 'restrictive ' END
                       || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                        WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
                       || ' to ' || (SELECT string_agg(%1$s, ', ' ORDER BY %1$s) FROM unnest(p.polroles) r)
                       || coalesce(' using (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
                       || coalesce(' with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', ''),
                   ARRAY(SELECT pg_get_userbyid(r)::text FROM unnest(p.polroles) r WHERE r <> 0)
            FROM pg_policy p JOIN rel ON rel.oid = p.polrelid
            """.formatted(POLICY_ROLE);

    private static final String DEFAULT_PRIVILEGES = SCOPE + """
            SELECT 'default privileges of ' || pg_get_userbyid(d.defaclrole) || coalesce(' in schema ' || ns.nspname, '')
                       || ' on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                                    WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas'
                                    ELSE d.defaclobjtype::text END,
                   %1$s,
                   %2$s || pg_get_userbyid(d.defaclrole)::text
            FROM pg_default_acl d LEFT JOIN ns ON ns.oid = d.defaclnamespace, aclexplode(d.defaclacl) x
            WHERE (d.defaclnamespace = 0 AND cardinality(?::text[]) = 0) OR ns.oid IS NOT NULL
            """.formatted(GRANT, GRANT_ROLES);

    private static final String SETTINGS = """
            SELECT CASE s.setrole WHEN 0 THEN NULL ELSE pg_get_userbyid(s.setrole)::text END, c.setting
            FROM pg_db_role_setting s, unnest(s.setconfig) WITH ORDINALITY AS c(setting, n)
            WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY 1 NULLS FIRST, c.n
            """;

    private static final String EXTENSIONS = """
            SELECT e.extname, e.extversion, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            ORDER BY e.extname
            """;

    /**
     * The roles named, and (with {@code related}) their members and the roles they are members of,
     * both all the way: the accounts that use the grants, and the groups a membership needs.
     * Roles initdb made (the bootstrap superuser, the pg_ roles) exist everywhere and are left out.
     */
    private static final String ROLES = """
            WITH RECURSIVE named AS (
                SELECT oid FROM pg_roles WHERE rolname = ANY (?::text[]) AND oid >= 16384),
            down(oid) AS (
                SELECT oid FROM named
                UNION SELECT m.member FROM pg_auth_members m JOIN down ON m.roleid = down.oid WHERE ?),
            up(oid) AS (
                SELECT oid FROM down
                UNION SELECT m.roleid FROM pg_auth_members m JOIN up ON m.member = up.oid WHERE ?)
            SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication,
                   r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil::text, coalesce(r.rolconfig, ARRAY[]::text[]),
                   ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                         WHERE m.member = r.oid GROUP BY g.rolname ORDER BY g.rolname),
                   ARRAY(SELECT bool_or(m.admin_option) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                         WHERE m.member = r.oid GROUP BY g.rolname ORDER BY g.rolname)
            FROM pg_roles r WHERE r.oid IN (SELECT oid FROM up) AND r.oid >= 16384
            ORDER BY r.rolname
            """;

    private AccessReader() {}

    /**
     * Everything, from the connected database.
     *
     * @param schemas the user schemas whose objects count; empty means all
     * @param passwords whether to read role password hashes (superusers only may)
     */
    public static Read read(Connection c, List<String> schemas, boolean passwords) throws SQLException {
        List<String> warnings = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        Map<String, List<String>> objects = objects(c, schemas, named, warnings);
        List<Setting> settings = List.of();
        if (readable(c, "pg_db_role_setting", "database settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET)",
                warnings)) {
            settings = settings(c);
            settings.stream().filter(s -> s.role() != null).forEach(s -> named.add(s.role()));
        }
        List<Extension> extensions = readable(c, "pg_extension", "extensions", warnings) ? extensions(c) : List.of();
        List<RoleRecord> roles = List.of();
        if (readable(c, "pg_roles", "roles (names, attributes, memberships)", warnings)
                && readable(c, "pg_auth_members", "roles (names, attributes, memberships)", warnings)) {
            roles = roles(c, named, true);
            if (passwords) {
                roles = withPasswords(c, roles, warnings);
            }
        } else if (passwords) {
            warnings.add(notCaptured("role passwords", "pg_roles"));
        }
        return new Read(new AccessCatalog(roles, objects, settings, extensions), List.copyOf(warnings));
    }

    /**
     * Each object's access lines.
     *
     * @param roles receives the names of the roles the lines name
     * @param warnings receives the parts that could not be read
     */
    public static Map<String, List<String>> objects(Connection c, List<String> schemas, Set<String> roles,
            List<String> warnings) throws SQLException {
        Map<String, List<String>> objects = new TreeMap<>();
        SearchPath.catalogOnly(c, () -> {
            lines(c, OBJECTS, schemas, false, objects, roles);
            if (readable(c, "pg_policy", "row-level security policies", warnings)) {
                lines(c, POLICIES, schemas, false, objects, roles);
            }
            if (readable(c, "pg_default_acl", "default privileges (ALTER DEFAULT PRIVILEGES)", warnings)) {
                lines(c, DEFAULT_PRIVILEGES, schemas, true, objects, roles);
            }
            return null;
        });
        objects.values().forEach(l -> l.sort(null));
        return objects;
    }

    public static List<Setting> settings(Connection c) throws SQLException {
        List<Setting> settings = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(SETTINGS); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String setting = rs.getString(2);
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    settings.add(new Setting(rs.getString(1), setting.substring(0, eq), setting.substring(eq + 1)));
                }
            }
        }
        return settings;
    }

    public static List<Extension> extensions(Connection c) throws SQLException {
        List<Extension> extensions = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(EXTENSIONS); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                extensions.add(new Extension(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return extensions;
    }

    /**
     * Roles by name as they stand on the connected server.
     *
     * @param related also their members and the roles they are members of, all the way
     */
    public static List<RoleRecord> roles(Connection c, Collection<String> names, boolean related) throws SQLException {
        List<RoleRecord> roles = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(ROLES)) {
            q.setArray(1, c.createArrayOf("text", names.toArray()));
            q.setBoolean(2, related);
            q.setBoolean(3, related);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String[] parents = (String[]) rs.getArray(12).getArray();
                    Boolean[] admin = (Boolean[]) rs.getArray(13).getArray();
                    List<RoleRecord.Membership> memberOf = new ArrayList<>();
                    for (int i = 0; i < parents.length; i++) {
                        memberOf.add(new RoleRecord.Membership(parents[i], Boolean.TRUE.equals(admin[i])));
                    }
                    roles.add(new RoleRecord(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getInt(9),
                            rs.getString(10), List.copyOf(memberOf), List.of((String[]) rs.getArray(11).getArray()), null));
                }
            }
        }
        return roles;
    }

    private static List<RoleRecord> withPasswords(Connection c, List<RoleRecord> roles, List<String> warnings)
            throws SQLException {
        if (!readable(c, "pg_authid", "role passwords", warnings)) {
            return roles;
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT rolname, rolpassword FROM pg_catalog.pg_authid WHERE rolname = ANY (?::text[])")) {
            q.setArray(1, c.createArrayOf("text", roles.stream().map(RoleRecord::name).toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    hashes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return roles.stream().map(r -> new RoleRecord(r.name(), r.superuser(), r.inherit(), r.createRole(),
                r.createDb(), r.login(), r.replication(), r.bypassRls(), r.connectionLimit(), r.validUntil(),
                r.memberOf(), r.settings(), hashes.get(r.name()))).toList();
    }

    private static void lines(Connection c, String sql, List<String> schemas, boolean thirdScopeParameter,
            Map<String, List<String>> objects, Set<String> roles) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            Array names = c.createArrayOf("text", schemas.toArray());
            q.setArray(1, names);
            q.setArray(2, names);
            if (thirdScopeParameter) {
                q.setArray(3, names);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    objects.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    for (String role : (String[]) rs.getArray(3).getArray()) {
                        if (role != null) {
                            roles.add(role);
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether the connected role may read a catalog; when not, {@code warnings} gets a line naming
     * the part that goes missing (once, however many parts need the catalog).
     */
    private static boolean readable(Connection c, String catalog, String part, List<String> warnings)
            throws SQLException {
        boolean may;
        try (PreparedStatement q = c.prepareStatement("SELECT has_table_privilege(?, 'SELECT')")) {
            q.setString(1, "pg_catalog." + catalog);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                may = rs.getBoolean(1);
            }
        }
        String warning = notCaptured(part, catalog);
        if (!may && !warnings.contains(warning)) {
            warnings.add(warning);
        }
        return may;
    }

    private static String notCaptured(String part, String catalog) {
        String fix = catalog.equals("pg_authid")
                ? "back up as a superuser, or set drkit.backup.role-passwords=false"
                : "grant it SELECT on pg_catalog." + catalog + ", or back up as a superuser";
        return part + " not captured: the backup user may not read pg_catalog." + catalog + " (" + fix + ")";
    }
}
