package io.drkit.core.repository;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import io.drkit.core.digest.Sha256;

/**
 * The one name of a repository, computed once from the configured URI when it is opened. Lock
 * names, job parameters, catalog keys, slot tags and reports all derive from it, so that
 * {@code file:///srv/repo} and {@code file:///srv/repo/} (or {@code s3://b/p} and {@code s3://b/p/})
 * are the same repository everywhere.
 *
 * @param uri the canonical spelling: absolute, normalised, and ending in one slash; this is what
 *     {@code ObjectStore.uri()} gave for every opened repository, so the catalog keys written before
 *     the identity existed are already in it
 */
public record RepositoryIdentity(String uri) {

    public RepositoryIdentity {
        if (uri == null || !uri.endsWith("/")) {
            throw new IllegalArgumentException("not a canonical repository URI: " + uri);
        }
    }

    /**
     * The identity of a configured URI. A URI that names no store is kept as written (with its
     * trailing slash), since opening it fails with its own message.
     */
    public static RepositoryIdentity of(String configured) {
        return new RepositoryIdentity(withSlash(canonical(configured)));
    }

    private static String canonical(String configured) {
        String trimmed = configured.replaceFirst("/+$", "");
        URI u;
        try {
            u = new URI(configured);
        } catch (URISyntaxException e) {
            return trimmed;
        }
        if ("file".equals(u.getScheme()) && u.getAuthority() == null && u.getPath() != null
                && u.getPath().startsWith("/")) {
            // the same Path the file store opens, spelt as Path.toUri() spells it (percent-encoded)
            String spelt = Path.of(u).toAbsolutePath().normalize().toUri().toString();
            return spelt.replaceFirst("/+$", "");
        }
        if ("s3".equals(u.getScheme()) && u.getHost() != null) {
            String prefix = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "").replaceFirst("/+$", "");
            return "s3://" + u.getHost() + (prefix.isEmpty() ? "" : "/" + prefix);
        }
        return trimmed;
    }

    private static String withSlash(String s) {
        return s + "/";
    }

    /** The URI without its trailing slash: the spelling the README documents and most configurations use. */
    public String bare() {
        return uri.substring(0, uri.length() - 1);
    }

    /**
     * Both spellings the repository was known by before it had one identity: catalog rows are read
     * under either, and rows written from now on use {@link #uri()}.
     */
    public List<String> spellings() {
        return List.of(uri, bare());
    }

    /** Whether a URI stored elsewhere (a job parameter of an older run, a catalog row) names this repository. */
    public boolean names(String stored) {
        return stored != null && of(stored).equals(this);
    }

    /**
     * {@code drkit_<8 hex digits>}: names the chain's slots and publication. The hash is over the
     * bare spelling, the one chains started before the identity mostly used, so their slots keep
     * their names; {@link #slotTags()} also finds those started under the slashed spelling.
     */
    public String slotTag() {
        return tagOf(bare());
    }

    /** Every tag this repository's slots and publications may carry: {@link #slotTag()} first. */
    public List<String> slotTags() {
        return List.of(slotTag(), tagOf(uri));
    }

    private static String tagOf(String spelling) {
        return "drkit_" + Sha256.hex(spelling).substring(0, 8);
    }

    @Override
    public String toString() {
        return uri;
    }
}
