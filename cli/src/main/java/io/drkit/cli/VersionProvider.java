package io.drkit.cli;

import io.drkit.core.manifest.ToolVersion;
import picocli.CommandLine;

class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DrkitCommand.class.getPackage().getImplementationVersion();
        if (version == null && !ToolVersion.current().endsWith(" dev")) {
            // the container image runs the classes unpacked, without the cli jar's manifest: core's jar says it
            return new String[] {ToolVersion.current()};
        }
        return new String[] {"drkit " + (version == null ? "development build" : version)};
    }
}
