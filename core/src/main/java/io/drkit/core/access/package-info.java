/**
 * What applications need from a database beside its tables' rows and shapes: the roles its objects
 * name (attributes, memberships, optionally password hashes), each object's owner, grants, row-level
 * security policies and comment, default privileges, the database's own settings and its extensions.
 * Read from the catalogs at backup time and again from a restored database, so a verification can
 * name the grant that did not come back; written as psql scripts so a restore without drkit brings
 * them back too.
 * May use digest, manifest, pg and repository.
 * Not @NullMarked: a role's password hash and a setting's role are null when absent.
 */
package io.drkit.core.access;
