package io.drkit.restore;

/**
 * What of a point's access record a restore gives back. Roles missing on the target are created
 * when owners or grants are applied (they name them); extensions and the database's settings are
 * applied always.
 *
 * @param owners give each object its recorded owner ({@code --no-owner} turns it off)
 * @param privileges grants and default privileges ({@code --no-privileges} turns them off)
 * @param rolePasswords create missing roles with LOGIN and their recorded password hashes, when the
 *     point holds them ({@code --with-role-passwords}); otherwise they are created without LOGIN
 */
public record AccessOptions(boolean owners, boolean privileges, boolean rolePasswords) {

    /** The default: owners and grants, roles created without LOGIN. */
    public static final AccessOptions ALL = new AccessOptions(true, true, false);

    boolean roles() {
        return owners || privileges;
    }
}
