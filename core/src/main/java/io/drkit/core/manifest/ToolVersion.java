package io.drkit.core.manifest;

/** The drkit version written into manifests and reports: the jar's, or {@code dev} from a build tree. */
public final class ToolVersion {

    private ToolVersion() {}

    public static String current() {
        Package p = ToolVersion.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return "drkit " + (v == null ? "dev" : v);
    }
}
