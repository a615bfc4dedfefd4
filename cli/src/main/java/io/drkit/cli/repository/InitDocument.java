package io.drkit.cli.repository;

/**
 * What scripts read from {@code init --json}: the components in the order of the document.
 *
 * @param created whether drkit.json was written now (false: the repository was already initialised)
 * @param containerCreated whether the bucket or directory was created now
 * @param keyId the encryption key's id, or null when not encrypted
 */
public record InitDocument(String repository, boolean created, boolean containerCreated, boolean encrypted,
        String keyId, boolean objectLock) {}
