/**
 * drkit init and drkit list.
 * May use core and io.drkit.cli.
 * Not @NullMarked: options that were not given are null, as is the key of an unencrypted repository.
 */
package io.drkit.cli.repository;
