package io.drkit.cli;

import picocli.CommandLine;

class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DrkitCommand.class.getPackage().getImplementationVersion();
        return new String[] {"drkit " + (version == null ? "development build" : version)};
    }
}
